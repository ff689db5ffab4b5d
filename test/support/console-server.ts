import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { createServer } from '../../src/app/create-server';
import { createModerationFixture } from './moderation-fixture';

/**
 * The real server on the tiny model with keys on, no review sampling and no purge timer: what browser
 * tests drive. `env` adds to or overrides those settings (e.g. a sample rate, to fill `quality`).
 */
export async function startConsoleServer(prefix: string, env: NodeJS.ProcessEnv = {}): Promise<{ app: INestApplication; base: string }> {
  const fixture = await createModerationFixture(prefix);
  const { app } = await createServer({
    MODERATION_MODEL: fixture.modelDir,
    MODERATION_POLICIES: fixture.policiesDir,
    MODERATION_CACHE_DIR: fixture.cacheDir,
    MODERATION_DATA_DIR: join(fixture.root, 'data'),
    MODERATION_REVIEW_SAMPLE_RATE: '0',
    MODERATION_IMAGE_PURGE_INTERVAL_MINUTES: '0',
    LOG_LEVEL: 'error',
    ...env,
  });
  await app.listen(0, '127.0.0.1');
  return { app, base: await app.getUrl() };
}
