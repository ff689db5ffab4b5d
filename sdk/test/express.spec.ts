import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import express, { Request, Response } from 'express';
import multer from 'multer';
import { Decision, ModerationClient } from '../src';
import { ModerateUploadsOptions, ModerationRequest, moderateUploads } from '../src/express';
import { createServer } from '../../src/app/create-server';
import { BLUE, RED, solidImage } from '../../test/support/colour-images';
import { createModerationFixture } from '../../test/support/moderation-fixture';

type AppRequest = Request & ModerationRequest;

/** A real Express app using the middleware, as another team's service would. */
async function startApp(
  client: ModerationClient,
  failOpen: boolean,
  options: Partial<ModerateUploadsOptions<AppRequest, Response>> = {},
): Promise<{ url: string; saved: string[]; close(): Promise<void> }> {
  const saved: string[] = [];
  const app = express();
  app.post(
    '/avatar',
    multer({ storage: multer.memoryStorage() }).single('file'),
    moderateUploads<AppRequest, Response>({ client, field: 'file', policy: 'colours', failOpen, subject: (request) => request.header('x-user'), ...options }),
    (request: Request & ModerationRequest, response: Response) => {
      saved.push(request.moderation?.decision?.id ?? 'unmoderated');
      response.status(201).json({ action: request.moderation?.decision?.action ?? null, unavailable: request.moderation?.unavailable });
    },
  );
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/avatar`,
    saved,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function upload(url: string, bytes: Buffer | undefined): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new FormData();
  if (bytes) form.append('file', new Blob([new Uint8Array(bytes)]), 'avatar.png');
  else form.append('caption', 'no file attached');
  const response = await fetch(url, { method: 'POST', body: form, headers: { 'x-user': 'express-user' } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('moderateUploads in an Express app', () => {
  let server: INestApplication;
  let client: ModerationClient;

  beforeAll(async () => {
    const fixture = await createModerationFixture('sdk-express');
    ({ app: server } = await createServer({
      MODERATION_MODEL: fixture.modelDir,
      MODERATION_POLICIES: fixture.policiesDir,
      MODERATION_CACHE_DIR: fixture.cacheDir,
      MODERATION_DATA_DIR: join(fixture.root, 'data'),
      MODERATION_AUTH: 'disabled',
      LOG_LEVEL: 'error',
    }));
    await server.listen(0, '127.0.0.1');
    client = new ModerationClient({ baseUrl: await server.getUrl(), retry: { retries: 0 } });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('blocks with 422 and never reaches the handler; passes review with the decision attached', async () => {
    const app = await startApp(client, false);
    try {
      const blocked = await upload(app.url, await solidImage(RED));
      expect(blocked.status).toBe(422);
      // Scores and thresholds would tell the uploader how far to alter the image: none are sent.
      expect(blocked.body).toEqual({ statusCode: 422, code: 'CONTENT_BLOCKED', message: expect.any(String), decisionId: expect.any(String) });
      expect((await client.getDecision(blocked.body.decisionId as string)).action).toBe('block');
      expect(app.saved).toEqual([]);
      const passed = await upload(app.url, await solidImage(BLUE));
      expect(passed).toMatchObject({ status: 201, body: { action: 'review' } });
      expect(app.saved).toHaveLength(1);
      expect((await client.getDecision(app.saved[0]!)).subject).toBe('express-user');
      const refused = await upload(app.url, Buffer.from('not an image'));
      expect(refused).toMatchObject({ status: 415, body: { code: 'IMAGE_UNSUPPORTED_FORMAT' } });
    } finally {
      await app.close();
    }
  });

  it('lets the app answer a block itself, with the whole decision in hand', async () => {
    const seen: Decision[] = [];
    const app = await startApp(client, false, {
      onBlocked: (request, response, decision) => {
        seen.push(decision);
        response.status(451).json({ code: 'AVATAR_REFUSED', user: request.header('x-user'), category: decision.triggered[0] });
      },
    });
    try {
      expect(await upload(app.url, await solidImage(RED))).toEqual({ status: 451, body: { code: 'AVATAR_REFUSED', user: 'express-user', category: 'red' } });
      expect(seen).toHaveLength(1);
      expect(seen[0]!.categories.find((category) => category.id === 'red')?.score).toEqual(expect.any(Number));
      expect(app.saved).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('refuses a request without a file (400 UPLOAD_MISSING) unless the file is optional', async () => {
    const strict = await startApp(client, false);
    const optional = await startApp(client, false, { required: false });
    try {
      expect(await upload(strict.url, undefined)).toEqual({ status: 400, body: { statusCode: 400, code: 'UPLOAD_MISSING', message: 'The request has no file in the "file" field' } });
      expect(strict.saved).toEqual([]);
      expect(await upload(optional.url, undefined)).toEqual({ status: 201, body: { action: null, unavailable: false } });
      expect(optional.saved).toEqual(['unmoderated']);
    } finally {
      await strict.close();
      await optional.close();
    }
  });

  it('fails closed (503) or open (handler runs, marked unavailable) when the server is unreachable', async () => {
    const unreachable = new ModerationClient({ baseUrl: 'http://127.0.0.1:9', retry: { retries: 0 } });
    const closed = await startApp(unreachable, false);
    const open = await startApp(unreachable, true);
    try {
      expect(await upload(closed.url, await solidImage(RED))).toMatchObject({ status: 503, body: { code: 'MODERATION_UNAVAILABLE' } });
      expect(closed.saved).toEqual([]);
      expect(await upload(open.url, await solidImage(RED))).toMatchObject({ status: 201, body: { unavailable: true } });
      expect(open.saved).toEqual(['unmoderated']);
    } finally {
      await closed.close();
      await open.close();
    }
  });
});
