import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { ModerationApiError, ModerationClient } from '../src';
import { createServer } from '../../src/app/create-server';
import { createTestKey } from '../../test/support/api-keys';
import { createModerationFixture } from '../../test/support/moderation-fixture';

/** The SDK against a server that limits keys: a 429 is retried after the Retry-After the server sent. */
describe('ModerationClient and rate limits', () => {
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    const fixture = await createModerationFixture('sdk-rate-limits');
    ({ app } = await createServer({
      MODERATION_MODEL: fixture.modelDir,
      MODERATION_POLICIES: fixture.policiesDir,
      MODERATION_CACHE_DIR: fixture.cacheDir,
      MODERATION_DATA_DIR: join(fixture.root, 'data'),
      MODERATION_RATE_LIMIT_MODERATION: '2/2s',
      LOG_LEVEL: 'error',
    }));
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('throws RATE_LIMITED without retries, and with retries waits as Retry-After says, then succeeds', async () => {
    const apiKey = (await createTestKey(app, 'submitter')).secret;
    const once = new ModerationClient({ baseUrl, apiKey, retry: { retries: 0 } });
    await once.listDecisions({ limit: 1 });
    await once.listDecisions({ limit: 1 });
    const refused = await once.listDecisions({ limit: 1 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ModerationApiError);
    expect(refused).toMatchObject({ status: 429, code: 'RATE_LIMITED' });

    const delays: number[] = [];
    const patient = new ModerationClient({ baseUrl, apiKey, onRetry: (event) => delays.push(event.delayMs) });
    const started = Date.now();
    const page = await patient.listDecisions({ limit: 1 });
    expect(page.items).toEqual([]);
    // The key was still refused on the first try; the client waited the whole seconds the server asked for.
    expect(delays).toHaveLength(1);
    expect([1000, 2000]).toContain(delays[0]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(delays[0]!);
  });
});
