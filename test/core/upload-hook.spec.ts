import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, INestApplication, Module, Post, Req } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ModerateUpload } from '../../src/core/upload/moderate-upload.decorator';
import { ModeratedRequest } from '../../src/core/upload/moderated-request';
import { ModerationModule } from '../../src/app/moderation.module';
import { ModerationService } from '../../src/core/moderation.service';
import { BLUE, RED, solidImage } from '../support/colour-images';
import { ModerationFixture, createModerationFixture } from '../support/moderation-fixture';

/** Handler calls, to prove a blocked upload never reaches the handler. */
const calls: string[] = [];

/** A host app's controller, as an app developer would write it. */
@Controller('profile')
class ProfileController {
  @Post('photo')
  @ModerateUpload({ field: 'photo', policy: 'colours', source: 'profile-photo', holdOnReview: true, subject: (request) => request.header('x-user') })
  upload(@Req() request: ModeratedRequest): Record<string, unknown> {
    calls.push(request.moderation!.decision.id);
    return { saved: request.file?.originalname, bytes: request.file?.size, action: request.moderation!.decision.action, held: request.moderation!.held, decisionId: request.moderation!.decision.id };
  }
}

describe('@ModerateUpload in a host app', () => {
  let fixture: ModerationFixture;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    fixture = await createModerationFixture('upload-hook');
    @Module({
      imports: [
        ModerationModule.forRoot({
          isGlobal: true,
          model: fixture.modelDir,
          policies: fixture.policiesDir,
          cacheDir: fixture.cacheDir,
          database: { sqlitePath: join(fixture.root, 'host.sqlite') },
          heldUploadsDir: join(fixture.root, 'held'),
        }),
      ],
      controllers: [ProfileController],
    })
    class HostAppModule {}
    const moduleRef = await Test.createTestingModule({ imports: [HostAppModule] }).compile();
    app = moduleRef.createNestApplication();
    await app.listen(0, '127.0.0.1');
    base = `${await app.getUrl()}/profile/photo`;
  });

  afterAll(async () => {
    await app?.close();
  });

  const send = async (bytes: Buffer, field = 'photo', headers: Record<string, string> = {}) => {
    const form = new FormData();
    form.append(field, new Blob([bytes], { type: 'image/png' }), 'upload.png');
    const response = await fetch(base, { method: 'POST', body: form, headers });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('block: answers 422 with the categories and the decision id, and the handler never runs', async () => {
    const before = calls.length;
    const { status, body } = await send(await solidImage(RED), 'photo', { 'x-user': 'user-1' });
    expect(status).toBe(422);
    expect(body.code).toBe('CONTENT_BLOCKED');
    expect(body.decisionId).toEqual(expect.any(String));
    expect(body.categories).toEqual([expect.objectContaining({ id: 'red', threshold: 0.85 })]);
    expect(calls.length).toBe(before);
    const stored = await app.get(ModerationService).getDecision(body.decisionId as string);
    expect(stored.action).toBe('block');
    expect(stored.subject).toBe('user-1');
    expect(stored.source).toBe('profile-photo');
  });

  it('review: the handler runs with the decision attached, and the upload is held', async () => {
    const image = await solidImage(BLUE);
    const { status, body } = await send(image);
    expect(status).toBe(201);
    expect(body).toMatchObject({ saved: 'upload.png', bytes: image.length, action: 'review', held: true });
    expect(calls).toContain(body.decisionId);
    const stored = await app.get(ModerationService).getDecision(body.decisionId as string);
    expect(stored.held).toBe(true);
    expect(existsSync(join(fixture.root, 'held', stored.content.sha256.slice(0, 2), stored.content.sha256))).toBe(true);
  });

  it('allow: the handler runs and nothing is held', async () => {
    const { status, body } = await send(await solidImage([128, 128, 128]));
    expect(status).toBe(201);
    expect(body).toMatchObject({ action: 'allow', held: false });
  });

  it('refuses a request without the file, and a file that is not an image, with their codes', async () => {
    const missing = await send(await solidImage(RED), 'other-field');
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('VALIDATION_FAILED');
    const form = new FormData();
    form.append('note', 'no file here');
    const empty = await fetch(base, { method: 'POST', body: form });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { code: string }).code).toBe('UPLOAD_MISSING');
    const text = await send(Buffer.from('not an image at all'));
    expect(text.status).toBe(415);
    expect(text.body.code).toBe('IMAGE_UNSUPPORTED_FORMAT');
  });
});

describe('@ModerateUpload when the engine is full', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    const fixture = await createModerationFixture('upload-hook-full');
    @Module({
      imports: [
        ModerationModule.forRoot({
          isGlobal: true,
          model: fixture.modelDir,
          policies: fixture.policiesDir,
          cacheDir: fixture.cacheDir,
          database: { sqlitePath: join(fixture.root, 'host.sqlite') },
          // One image at a time, held in its batch for a while, so the next upload finds the engine full.
          admission: { maxQueuedImages: 1 },
          batching: { maxBatchSize: 8, maxWaitMs: 1500 },
        }),
      ],
      controllers: [ProfileController],
    })
    class FullHostAppModule {}
    const moduleRef = await Test.createTestingModule({ imports: [FullHostAppModule] }).compile();
    app = moduleRef.createNestApplication();
    await app.listen(0, '127.0.0.1');
    base = `${await app.getUrl()}/profile/photo`;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers 503 ENGINE_OVERLOADED with Retry-After without our exception filter, and the handler never runs', async () => {
    const upload = async (bytes: Buffer): Promise<Response> => {
      const form = new FormData();
      form.append('photo', new Blob([bytes], { type: 'image/png' }), 'upload.png');
      return fetch(base, { method: 'POST', body: form });
    };
    const before = calls.length;
    const first = upload(await solidImage(BLUE));
    const engine = app.get(ModerationService).moderationEngine;
    for (let wait = 0; engine.stats().queuedImages < 1 && wait < 250; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
    const refused = await upload(await solidImage(RED));
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ statusCode: 503, code: 'ENGINE_OVERLOADED' });
    expect((await first).status).toBe(201);
    expect(calls.length).toBe(before + 1);
  });
});
