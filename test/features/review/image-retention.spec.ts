import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AUTH_DISABLED_PRINCIPAL, Principal, RequestActor } from '../../../src/features/access/auth/principal';
import { AppErrorCode } from '../../../src/shared/errors/app-error-code';
import { createDataSourceOptions } from '../../../src/database/database-config';
import { DecisionRepository } from '../../../src/core/decisions/decision.repository';
import { AuditEventEntity } from '../../../src/database/entities/audit-event.entity';
import { StoredImageEntity } from '../../../src/database/entities/stored-image.entity';
import { createReviewIntakeHook } from '../../../src/features/review/review-intake';
import { ReviewItemRepository } from '../../../src/features/review/review-item.repository';
import { ReviewItemsService } from '../../../src/features/review/review-items.service';
import { ReviewLeaseRepository } from '../../../src/features/review/review-lease.repository';
import { resolveReviewOptions } from '../../../src/features/review/review-options';
import { ReviewVerdictRepository } from '../../../src/features/review/review-verdict.repository';
import { StoredImageRepository } from '../../../src/features/review/storage/stored-image.repository';
import { ImageRetention } from '../../../src/features/review/storage/image-retention';
import { ImageRetentionScheduler } from '../../../src/features/review/storage/image-retention.scheduler';
import { LocalImageStore } from '../../../src/features/review/storage/local-image-store';
import { makeDecision, makePolicy } from '../../core/decisions/decision-fixture';
import { TEST_DRIVERS, TestDatabase, createTestDatabase } from '../../support/test-database';
import { tempDir } from '../../support/temp-dir';
import { DecisionHooks } from '../../../src/core/decisions/decision-hooks';
import { ModerationDatabase } from '../../../src/database/moderation-database';

const DAY = 86_400_000;
const START = Date.parse('2026-01-01T00:00:00.000Z');

describe.each(TEST_DRIVERS)('image retention on %s', (driver) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let store: DecisionRepository;
  let images: LocalImageStore;
  let review: ReviewItemsService;
  let retention: ImageRetention;
  /** The fake clock every part reads. */
  let now = START;
  const policy = makePolicy();
  const reviewer: RequestActor = {
    principal: { keyId: '11111111-1111-4111-8111-111111111111', name: 'reviewer', role: 'reviewer', authDisabled: false } satisfies Principal,
    requestId: null,
  };
  const colleague: RequestActor = { ...reviewer, principal: { ...reviewer.principal, keyId: '22222222-2222-4222-8222-222222222222', name: 'colleague' } };

  beforeAll(async () => {
    database = await createTestDatabase(driver, 'retention');
    dataSource = await new DataSource(createDataSourceOptions(database.config)).initialize();
    images = new LocalImageStore(join(tempDir('retention'), 'images'));
    // Every allow or block decision is sampled, so the test controls which images are kept.
    const options = resolveReviewOptions({ sampleRate: 1, clock: () => new Date(now) });
    const hooks = new DecisionHooks();
    hooks.register(createReviewIntakeHook({ options, images }));
    const moderationDatabase = new ModerationDatabase(dataSource);
    store = new DecisionRepository(moderationDatabase, hooks);
    review = new ReviewItemsService(
      new ReviewItemRepository(moderationDatabase),
      new ReviewLeaseRepository(moderationDatabase),
      new ReviewVerdictRepository(moderationDatabase),
      store,
      options,
      images,
    );
    retention = new ImageRetention(new StoredImageRepository(moderationDatabase), images, { retentionDays: 30, clock: () => new Date(now) });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.remove();
  });

  const record = (content: string, review: boolean) =>
    store.record({ decision: makeDecision(policy, { content, actions: review ? { weapons: 'review' } : {} }), policy, image: Buffer.from(content) });
  const fileOf = (sha256: string): string => join(images.dir, sha256.slice(0, 2), sha256);
  const ledger = (sha256: string) => dataSource.getRepository(StoredImageEntity).findOneOrFail({ where: { sha256 } });
  /** Claims the next item of `queue` and decides it at the current fake time. */
  const decideNext = async (queue: string): Promise<string> => {
    const item = await review.claim(queue, reviewer);
    await review.decide(item!.id, reviewer, { verdict: 'approve' });
    return item!.id;
  };

  it('purges bytes after the retention period, keeps those of open reviews, and keeps the decision', async () => {
    const open = await record('still under review', true);
    now = START + 1000;
    const reviewedLater = await record('reviewed a day later', true);
    const sample = await record('quality sample', false);
    for (const decision of [open, reviewedLater, sample]) expect(existsSync(fileOf(decision.content.sha256))).toBe(true);
    const sampleItem = await decideNext('quality');
    // A day later one review is decided; the older one stays claimed, then goes back unreviewed.
    now = START + DAY;
    const heldOpen = await review.claim('review', reviewer);
    expect(heldOpen!.decision.id).toBe(open.id);
    const laterItem = await review.claim('review', colleague);
    expect(laterItem!.decision.id).toBe(reviewedLater.id);
    await review.decide(laterItem!.id, colleague, { verdict: 'remove' });
    await review.release(heldOpen!.id, reviewer);

    // Nothing is old enough yet.
    now = START + 29 * DAY;
    expect((await retention.purgeExpired()).purged).toEqual([]);

    // 30 days after the sample was decided: only its bytes go.
    now = START + 30 * DAY + 60_000;
    expect((await retention.purgeExpired()).purged).toEqual([sample.content.sha256]);
    expect(existsSync(fileOf(sample.content.sha256))).toBe(false);
    expect(await ledger(sample.content.sha256)).toMatchObject({ purgedAt: new Date(now) });

    // Long after: the decision reviewed a day later goes too; the open review keeps its bytes.
    now = START + 400 * DAY;
    expect((await retention.purgeExpired()).purged).toEqual([reviewedLater.content.sha256]);
    expect(existsSync(fileOf(open.content.sha256))).toBe(true);
    expect(await ledger(open.content.sha256)).toMatchObject({ purgedAt: null });

    // The decision, its scores and its hash stay; the image route says why there is no image.
    const kept = await store.getById(sample.id);
    expect(kept).toMatchObject({ content: { sha256: sample.content.sha256 }, categories: sample.categories });
    const admin: RequestActor = { principal: AUTH_DISABLED_PRINCIPAL, requestId: null };
    await expect(review.image(sampleItem, admin)).rejects.toMatchObject({ code: AppErrorCode.ImagePurged });

    const audit = await dataSource.getRepository(AuditEventEntity).find({ where: { action: 'image.purge' } });
    expect(audit.map((event) => JSON.parse(event.after!).sha256)).toEqual(expect.arrayContaining([[sample.content.sha256], [reviewedLater.content.sha256]]));
  });

  it('stores the bytes again when the same content needs a review after its purge', async () => {
    const again = await record('quality sample', true);
    expect(existsSync(fileOf(again.content.sha256))).toBe(true);
    expect(await ledger(again.content.sha256)).toMatchObject({ purgedAt: null, lastUsedAt: new Date(now) });
  });
});

describe('the retention timer', () => {
  afterEach(() => jest.useRealTimers());

  it('sweeps after start, then every interval, and stops on shutdown', async () => {
    jest.useFakeTimers();
    const purgeExpired = jest.fn().mockResolvedValue({ cutoff: '', purged: [] });
    const scheduler = new ImageRetentionScheduler({ purgeExpired } as unknown as ImageRetention, { store: new LocalImageStore('unused'), retentionDays: 30, purgeIntervalMs: 60_000 });
    scheduler.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(30_000);
    expect(purgeExpired).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(purgeExpired).toHaveBeenCalledTimes(2);
    await scheduler.beforeApplicationShutdown();
    await jest.advanceTimersByTimeAsync(600_000);
    expect(purgeExpired).toHaveBeenCalledTimes(2);
  });

  it('is off with an interval of 0', async () => {
    jest.useFakeTimers();
    const purgeExpired = jest.fn();
    const scheduler = new ImageRetentionScheduler({ purgeExpired } as unknown as ImageRetention, { store: new LocalImageStore('unused'), retentionDays: 30, purgeIntervalMs: 0 });
    scheduler.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(10 * 3_600_000);
    expect(purgeExpired).not.toHaveBeenCalled();
  });
});
