import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import express, { Request, Response } from 'express';
import multer from 'multer';
import { ModerationClient } from '../src';
import { ModerationRequest, moderateUploads } from '../src/express';
import { createServer } from '../../src/app/create-server';
import { BLUE, RED, solidImage } from '../../test/support/colour-images';
import { createModerationFixture } from '../../test/support/moderation-fixture';

/** A real Express app using the middleware, as another team's service would. */
async function startApp(client: ModerationClient, failOpen: boolean): Promise<{ url: string; saved: string[]; close(): Promise<void> }> {
  const saved: string[] = [];
  const app = express();
  app.post(
    '/avatar',
    multer({ storage: multer.memoryStorage() }).single('file'),
    moderateUploads({ client, field: 'file', policy: 'colours', failOpen, subject: (request: Request & ModerationRequest) => request.header('x-user') }),
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

async function upload(url: string, bytes: Buffer): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), 'avatar.png');
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
      expect(blocked.body).toMatchObject({ code: 'CONTENT_BLOCKED', decisionId: expect.any(String), categories: [expect.objectContaining({ id: 'red' })] });
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
