import { join } from 'node:path';
import { Test, TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { ModerationError } from '../../../src/engine/errors/moderation-error';
import { AppErrorCode } from '../../../src/shared/errors/app-error-code';
import { ModerationService } from '../../../src/core/moderation.service';
import { DecisionRepository } from '../../../src/core/decisions/decision.repository';
import { ModerationJobQueue } from '../../../src/features/jobs/queue/moderation-job-queue';
import { ModerationJobStatus } from '../../../src/core/jobs/moderation-job';
import { loadEnvironment } from '../../../src/config/load-environment';
import { AppModule } from '../../../src/app/app.module';
import { Environment } from '../../../src/config/environment';
import { WebhookDispatcher } from '../../../src/features/jobs/webhooks/webhook-dispatcher';
import { BLUE, GREEN, RED, solidImage } from '../../support/colour-images';
import { ModerationFixture, createModerationFixture } from '../../support/moderation-fixture';
import { TEST_REDIS_URL, deleteQueueKeys, testQueuePrefix } from './support/redis-test-prefix';
import { waitFor } from './support/wait-for';
import { ModerationDatabase } from '../../../src/database/moderation-database';

describe('moderation job retries (ModerationService.enqueue, processors in process)', () => {
  let fixture: ModerationFixture;
  let moduleRef: TestingModule;
  let service: ModerationService;
  let jobs: ModerationJobQueue;
  let store: DecisionRepository;
  let prefix: string;

  beforeAll(async () => {
    fixture = await createModerationFixture('job-retries');
    prefix = testQueuePrefix('retries');
    const env = loadEnvironment({
        MODERATION_MODEL: fixture.modelDir,
        MODERATION_POLICIES: fixture.policiesDir,
        MODERATION_CACHE_DIR: fixture.cacheDir,
        MODERATION_DATA_DIR: join(fixture.root, 'data'),
        REDIS_URL: TEST_REDIS_URL,
        MODERATION_QUEUE_PREFIX: prefix,
        MODERATION_JOB_ATTEMPTS: '3',
        MODERATION_JOB_BACKOFF_MS: '100',
        // Short, so a test can outlast it.
        MODERATION_QUEUE_OUTAGE_WINDOW_MS: '2500',
      });
    moduleRef = await Test.createTestingModule({ imports: [AppModule.forEnvironment(env)] }).compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
    service = moduleRef.get(ModerationService);
    jobs = moduleRef.get(ModerationJobQueue);
    store = moduleRef.get(DecisionRepository);
  });

  afterAll(async () => {
    await moduleRef?.close();
    if (prefix) await deleteQueueKeys(prefix);
  });

  afterEach(() => jest.restoreAllMocks());

  const settled = (id: string): Promise<ModerationJobStatus> =>
    waitFor(
      () => jobs.getStatus(id),
      (job) => job.state === 'done' || job.state === 'failed',
    );
  const decisionsOf = async (jobId: string): Promise<number> => {
    const rows = (await moduleRef.get(ModerationDatabase).dataSource.query('SELECT COUNT(*) AS n FROM moderation_decisions WHERE job_id = ?', [jobId])) as Array<{ n: number }>;
    return Number(rows[0]!.n);
  };

  it('retries a transient failure with backoff and then succeeds', async () => {
    const record = jest.spyOn(store, 'record').mockRejectedValueOnce(new ModerationError(AppErrorCode.QueueUnavailable, 'Redis did not answer'));
    const queued = await service.enqueue(await solidImage(RED), { policy: 'colours', subject: 'flaky', fresh: true });
    expect(queued.state).toBe('queued');
    const done = await settled(queued.id);
    expect(done).toMatchObject({ state: 'done', attemptsMade: 2, action: 'block', error: null });
    expect(record).toHaveBeenCalledTimes(2);
    expect(await decisionsOf(queued.id)).toBe(1);
  });

  it('fails after its attempts when the failure persists, reporting the last code', async () => {
    jest.spyOn(store, 'record').mockRejectedValue(new Error('a bug'));
    const queued = await service.enqueue(await solidImage(BLUE), { policy: 'colours', fresh: true });
    const failed = await settled(queued.id);
    expect(failed).toMatchObject({ state: 'failed', attemptsMade: 3, maxAttempts: 3, error: { code: 'INTERNAL_ERROR' } });
  });

  it('waits out a database or image-store outage without using an attempt', async () => {
    const record = jest
      .spyOn(store, 'record')
      .mockRejectedValueOnce(new ModerationError(AppErrorCode.DatabaseUnavailable, 'The decision log database is unavailable (record)'))
      .mockRejectedValueOnce(new ModerationError(AppErrorCode.ImageStoreUnavailable, 'The image store failed to put: ENOSPC'));
    const queued = await service.enqueue(await solidImage(RED), { policy: 'colours', fresh: true });
    const done = await settled(queued.id);
    expect(done).toMatchObject({ state: 'done', attemptsMade: 1, maxAttempts: 3, error: null });
    expect(record).toHaveBeenCalledTimes(3);
    expect(await decisionsOf(queued.id)).toBe(1);
  });

  it('counts outage failures as attempts once the outage window has passed', async () => {
    jest.spyOn(store, 'record').mockRejectedValue(new ModerationError(AppErrorCode.DatabaseUnavailable, 'The decision log database is unavailable (record)'));
    const queued = await service.enqueue(await solidImage(BLUE), { policy: 'colours', fresh: true });
    const failed = await waitFor(
      () => jobs.getStatus(queued.id),
      (job) => job.state === 'failed',
      30_000,
    );
    expect(failed).toMatchObject({ state: 'failed', attemptsMade: 3, error: { code: 'DATABASE_UNAVAILABLE' } });
    // It waited the window out before its attempts were used.
    expect(Date.parse(failed.finishedAt!) - Date.parse(failed.createdAt)).toBeGreaterThanOrEqual(2500);
  }, 40_000);

  it('does not record a second decision when a job that already decided runs again', async () => {
    // The first run records its decision, then fails before finishing (as if its worker died there).
    const dispatch = jest.spyOn(WebhookDispatcher.prototype, 'dispatch').mockRejectedValueOnce(new ModerationError(AppErrorCode.QueueUnavailable, 'Redis went away'));
    const queued = await service.enqueue(await solidImage(GREEN), { policy: 'colours', fresh: true });
    const done = await settled(queued.id);
    expect(done).toMatchObject({ state: 'done', attemptsMade: 2 });
    expect(dispatch).toHaveBeenCalledTimes(2);
    expect(await decisionsOf(queued.id)).toBe(1);
    expect((await store.findByJobId(queued.id))!.id).toBe(done.decisionId);
  });

  it('does not retry a permanent failure', async () => {
    const queued = await service.enqueue(Buffer.concat([(await solidImage(RED, 'png', 100)).subarray(0, 60)]), { policy: 'colours' });
    const failed = await settled(queued.id);
    expect(failed).toMatchObject({ state: 'failed', attemptsMade: 1, error: { code: 'IMAGE_CORRUPT' } });
  });
});
