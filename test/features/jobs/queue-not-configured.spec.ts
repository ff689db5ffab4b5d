import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { loadEnvironment } from '../../../src/config/load-environment';
import { WorkerModule } from '../../../src/app/worker.module';
import { createServer } from '../../../src/app/create-server';
import { TestKey, bearer, createTestKey } from '../../support/api-keys';
import { Environment } from '../../../src/config/environment';
import { RED, solidImage } from '../../support/colour-images';
import { ModerationFixture, createModerationFixture } from '../../support/moderation-fixture';

/** Response bodies, checked field by field. */
type Json = Record<string, any>;

describe('a server without REDIS_URL', () => {
  let fixture: ModerationFixture;
  let app: INestApplication;
  let base: string;
  let admin: TestKey;

  beforeAll(async () => {
    fixture = await createModerationFixture('no-queue');
    ({ app } = await createServer({
      MODERATION_MODEL: fixture.modelDir,
      MODERATION_POLICIES: fixture.policiesDir,
      MODERATION_CACHE_DIR: fixture.cacheDir,
      MODERATION_DATA_DIR: join(fixture.root, 'data'),
      LOG_LEVEL: 'error',
    }));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    admin = await createTestKey(app, 'admin');
  });

  afterAll(async () => {
    await app?.close();
  });

  const request = async (method: string, path: string, body?: FormData): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${base}${path}`, { method, body, headers: bearer(admin) });
    return { status: response.status, body: (await response.json()) as Json };
  };

  it('refuses asynchronous moderation with QUEUE_NOT_CONFIGURED naming REDIS_URL, and still moderates synchronously', async () => {
    const form = (): FormData => {
      const data = new FormData();
      data.append('file', new Blob([image]), 'red.png');
      return data;
    };
    const image = await solidImage(RED);
    const refused = await request('POST', '/v1/moderations?mode=async&policy=colours', form());
    expect(refused).toMatchObject({ status: 503, body: { code: 'QUEUE_NOT_CONFIGURED', details: { variable: 'REDIS_URL' } } });
    expect(refused.body.message).toContain('REDIS_URL is not configured');
    const synchronous = await request('POST', '/v1/moderations?policy=colours', form());
    expect(synchronous).toMatchObject({ status: 200, body: { action: 'block' } });
  });

  it('answers the job and queue routes the same way, and reports the queue as disabled', async () => {
    expect(await request('GET', '/v1/jobs/2b0b1f0e-8a4d-4c39-9a76-1d2d8a6b9c10')).toMatchObject({ status: 503, body: { code: 'QUEUE_NOT_CONFIGURED' } });
    expect(await request('POST', '/v1/jobs/2b0b1f0e-8a4d-4c39-9a76-1d2d8a6b9c10/retry')).toMatchObject({ status: 503, body: { code: 'QUEUE_NOT_CONFIGURED' } });
    expect(await request('GET', '/v1/queue/metrics')).toMatchObject({ status: 503, body: { code: 'QUEUE_NOT_CONFIGURED' } });
    expect(await request('GET', '/health/queue')).toMatchObject({ status: 200, body: { status: 'disabled' } });
  });

  it('will not build a worker', () => {
    const env = loadEnvironment({ MODERATION_MODEL: fixture.modelDir });
    expect(() => WorkerModule.forEnvironment(env)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('REDIS_URL') }));
  });
});

describe('queue and webhook configuration', () => {
  const problemKeys = (env: NodeJS.ProcessEnv): string[] => {
    try {
      loadEnvironment(env);
      return [];
    } catch (error) {
      return (error as { details: { problems: Array<{ key: string }> } }).details.problems.map((problem) => problem.key).sort();
    }
  };

  it('refuses bad values, all at once', () => {
    expect(
      problemKeys({
        REDIS_URL: 'http://127.0.0.1:6379',
        MODERATION_QUEUE_PROCESSORS: 'sometimes',
        MODERATION_WORKER_CONCURRENCY: '0',
        MODERATION_WEBHOOKS: '{"profile-photo": "ftp://example.com/x"}',
        MODERATION_WEBHOOK_ALLOWED_HOSTS: 'hooks.example.com, not a host',
        MODERATION_WEBHOOK_SECRET: 'short',
      }),
    ).toEqual(['MODERATION_QUEUE_PROCESSORS', 'MODERATION_WEBHOOKS', 'MODERATION_WEBHOOK_ALLOWED_HOSTS', 'MODERATION_WEBHOOK_SECRET', 'MODERATION_WORKER_CONCURRENCY', 'REDIS_URL']);
    expect(problemKeys({ MODERATION_WEBHOOKS: 'not json' })).toEqual(['MODERATION_WEBHOOKS', 'MODERATION_WEBHOOK_SECRET']);
  });

  it('requires the signing secret as soon as webhooks can be sent, and never echoes it', () => {
    expect(problemKeys({ MODERATION_WEBHOOK_ALLOWED_HOSTS: 'hooks.example.com' })).toEqual(['MODERATION_WEBHOOK_SECRET']);
    expect(problemKeys({ MODERATION_WEBHOOK_ALLOWED_HOSTS: 'hooks.example.com,*.example.org:8443,[::1]', MODERATION_WEBHOOK_SECRET: 'a-long-enough-secret' })).toEqual([]);
    const error = (() => {
      try {
        return loadEnvironment({ MODERATION_WEBHOOK_SECRET: 'tiny-secret' });
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    expect((error as Error).message).not.toContain('tiny-secret');
  });

  it('reads the per-source map and numbers', () => {
    const env = loadEnvironment(
      { MODERATION_WEBHOOKS: '{"avatars":"https://hooks.example.com/a"}', MODERATION_WEBHOOK_SECRET: 'a-long-enough-secret', MODERATION_JOB_ATTEMPTS: '5', MODERATION_QUEUE_PROCESSORS: 'off' },
    );
    expect(env).toMatchObject({ MODERATION_WEBHOOKS: { avatars: 'https://hooks.example.com/a' }, MODERATION_JOB_ATTEMPTS: 5, MODERATION_QUEUE_PROCESSORS: 'off' });
  });
});
