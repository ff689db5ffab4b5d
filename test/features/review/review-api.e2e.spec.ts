import { randomUUID } from 'node:crypto';
import { ReviewItemEntity } from '../../../src/database/entities/review-item.entity';
import { StoredImageEntity } from '../../../src/database/entities/stored-image.entity';
import { TestKey, createTestKey } from '../../support/api-keys';
import { BLUE, RED, Rgb, solidImage } from '../../support/colour-images';
import { Json, ReviewServer, startReviewServer } from './review-support';

const DATABASES = ['sqlite', 'postgres'] as const;

/** Grey scores below every threshold of the colour policy: allowed. */
const GREY: Rgb = [128, 128, 128];

/** One policy per test (queues are split per policy): colours is sampled at 100 %, the rest at 0 %. */
const POLICIES = ['quiet', 'order', 'claims', 'lease', 'skip', 'verdict', 'escalate', 'appeal'];

describe.each(DATABASES)('review queue API on %s', (database) => {
  let server: ReviewServer;
  let admin: TestKey;
  let submitter: TestKey;
  let otherSubmitter: TestKey;
  let first: TestKey;
  let second: TestKey;

  beforeAll(async () => {
    server = await startReviewServer(database, 'review-api', POLICIES, {
      MODERATION_REVIEW_QUEUES: 'policy',
      MODERATION_REVIEW_SAMPLE_RATE: '0',
      MODERATION_REVIEW_SAMPLE_RATES: 'colours=1,quiet=0',
    });
    admin = await createTestKey(server.app, 'admin', 'admin');
    submitter = await createTestKey(server.app, 'submitter', 'app');
    otherSubmitter = await createTestKey(server.app, 'submitter', 'other-app');
    first = await createTestKey(server.app, 'reviewer', 'first-reviewer');
    second = await createTestKey(server.app, 'reviewer', 'second-reviewer');
  });

  afterAll(async () => {
    await server?.close();
  });

  const itemsOf = (decisionId: string): Promise<ReviewItemEntity[]> =>
    server.dataSource.getRepository(ReviewItemEntity).find({ where: { decisionId }, order: { createdAt: 'ASC' } });
  const claim = (key: TestKey, queue: string, body: Json = {}) => server.call('POST', `/v1/review/queues/${queue}/claim`, key, body);
  const decide = (key: TestKey, itemId: string, body: Json) => server.call('POST', `/v1/review/items/${itemId}/verdict`, key, body);
  /** A fresh decision (a new row even for the same bytes). */
  const decision = async (policy: string, colour = BLUE, size = 64, key: TestKey = submitter): Promise<Json> => {
    const reply = await server.moderate(key, await solidImage(colour, 'png', size), `?policy=${policy}&fresh=true`);
    expect(reply.status).toBe(200);
    return reply.body;
  };

  it('opens an item for every review decision, and a quality sample of allow and block at the policy rate', async () => {
    const review = await decision('colours', BLUE);
    expect(review.action).toBe('review');
    expect(review.apiKeyId).toBe(submitter.id);
    expect(await itemsOf(review.id)).toEqual([expect.objectContaining({ queue: 'review.colours', kind: 'review', status: 'pending' })]);
    const blocked = await decision('colours', RED);
    const allowed = await decision('colours', GREY);
    expect([blocked.action, allowed.action]).toEqual(['block', 'allow']);
    expect(await itemsOf(blocked.id)).toEqual([expect.objectContaining({ queue: 'quality', kind: 'sample' })]);
    expect(await itemsOf(allowed.id)).toEqual([expect.objectContaining({ queue: 'quality', kind: 'sample' })]);
    // 0 % on `quiet`: no samples, but a review decision always reaches a person.
    expect(await itemsOf((await decision('quiet', RED)).id)).toEqual([]);
    expect(await itemsOf((await decision('quiet', GREY)).id)).toEqual([]);
    expect(await itemsOf((await decision('quiet', BLUE, 65)).id)).toEqual([expect.objectContaining({ queue: 'review.quiet', kind: 'review' })]);
    // Bytes are kept for the decisions that reach a person, and only for them.
    const images = server.dataSource.getRepository(StoredImageEntity);
    expect(await images.findOne({ where: { sha256: review.content.sha256 } })).toMatchObject({ purgedAt: null, format: 'png' });
    const redHash = (await decision('quiet', RED, 70)).content.sha256 as string;
    expect(await images.findOne({ where: { sha256: redHash } })).toBeNull();
    const overview = await server.call('GET', '/v1/review/queues', first);
    expect(overview.status).toBe(200);
    const names = overview.body.items.map((queue: Json) => queue.name);
    expect(names).toEqual(expect.arrayContaining(['appeals', 'quality', 'review', 'review.colours', 'review.quiet', 'senior']));
    expect(overview.body.items.find((queue: Json) => queue.name === 'quality')).toMatchObject({ pending: 2, claimed: 0, order: 'priority' });
  });

  it('serves items highest priority first or oldest first, as an admin sets per queue', async () => {
    // Pale blue scores just into the review band; pure blue far into it, so it ranks higher.
    const low = await decision('order', [100, 100, 255]);
    const high = await decision('order', BLUE);
    const [lowItem] = await itemsOf(low.id);
    const [highItem] = await itemsOf(high.id);
    expect(highItem!.priority).toBeGreaterThan(lowItem!.priority);
    const best = await claim(first, 'review.order');
    expect(best.body.item).toMatchObject({ id: highItem!.id, queue: 'review.order' });
    expect(best.body.item.effectivePriority).toBeGreaterThanOrEqual(best.body.item.priority);
    await server.call('POST', `/v1/review/items/${best.body.item.id}/release`, first);
    const set = await server.call('PUT', '/v1/review/queues/review.order', admin, { order: 'oldest' });
    expect(set.body).toMatchObject({ name: 'review.order', order: 'oldest', pending: 2 });
    const oldest = await claim(first, 'review.order');
    expect(oldest.body.item.id).toBe(lowItem!.id);
    await server.call('POST', `/v1/review/items/${oldest.body.item.id}/release`, first);
    expect((await server.call('PUT', '/v1/review/queues/review.order', admin, { order: 'newest' })).status).toBe(400);
    expect((await server.call('PUT', '/v1/review/queues/Not%20A%20Queue', admin, { order: 'oldest' })).status).toBe(400);
    const changes = (await server.call('GET', '/v1/audit-events?action=queue.update', admin)).body.items;
    expect(changes[0]).toMatchObject({ subject: { id: 'review.order' }, before: { order: 'priority' }, after: { order: 'oldest' } });
  });

  it('never gives one item to two of 20 concurrent claimers', async () => {
    for (let index = 0; index < 12; index++) await decision('claims', BLUE, 40 + index);
    const claimers = await Promise.all(Array.from({ length: 20 }, (_, index) => createTestKey(server.app, 'reviewer', `claimer-${index}`)));
    const replies = await Promise.all(claimers.map((key) => claim(key, 'review.claims')));
    expect(replies.every((reply) => reply.status === 200)).toBe(true);
    const claimed = replies.map((reply, index) => ({ item: reply.body.item as Json | null, key: claimers[index]! })).filter((entry) => entry.item !== null);
    expect(claimed).toHaveLength(12);
    expect(new Set(claimed.map((entry) => entry.item!.id)).size).toBe(12);
    for (const { item, key } of claimed) expect(item).toMatchObject({ status: 'claimed', claim: { reviewerId: key.id, live: true } });
    const rows = await server.dataSource.getRepository(ReviewItemEntity).find({ where: { queue: 'review.claims' } });
    expect(rows.every((row) => row.status === 'claimed')).toBe(true);
    expect(new Set(rows.map((row) => row.claimedBy)).size).toBe(12);
    // Claiming again while holding a live item gives the same item back.
    const again = await claim(claimed[0]!.key, 'review.claims');
    expect(again.body.item.id).toBe(claimed[0]!.item!.id);
  });

  it('returns an item to its queue when the lease runs out, and lets the holder renew or release it', async () => {
    const made = await decision('lease');
    const held = await claim(first, 'review.lease', { leaseSeconds: 60 });
    expect(held.body.item.decision.id).toBe(made.id);
    expect(Date.parse(held.body.item.claim.leaseExpiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
    expect((await claim(second, 'review.lease')).body.item).toBeNull();
    const renewed = await server.call('POST', `/v1/review/items/${held.body.item.id}/renew`, first, { leaseSeconds: 600 });
    expect(Date.parse(renewed.body.claim.leaseExpiresAt)).toBeGreaterThan(Date.parse(held.body.item.claim.leaseExpiresAt));
    expect((await server.call('POST', `/v1/review/items/${held.body.item.id}/renew`, second, {})).body.code).toBe('REVIEW_LEASE_NOT_HELD');
    // The lease runs out (backdated rather than waited for).
    await server.dataSource
      .createQueryBuilder()
      .update(ReviewItemEntity)
      .set({ leaseExpiresAt: new Date('2000-01-01T00:00:00.000Z') })
      .where('id = :id', { id: held.body.item.id })
      .execute();
    expect((await server.call('GET', '/v1/review/queues', second)).body.items.find((queue: Json) => queue.name === 'review.lease')).toMatchObject({ pending: 1, claimed: 0 });
    const taken = await claim(second, 'review.lease');
    expect(taken.body.item).toMatchObject({ id: held.body.item.id, claim: { reviewerId: second.id } });
    const late = await decide(first, held.body.item.id, { verdict: 'remove' });
    expect(late).toMatchObject({ status: 409, body: { code: 'REVIEW_LEASE_NOT_HELD' } });
    expect((await server.call('POST', `/v1/review/items/${held.body.item.id}/release`, first)).status).toBe(409);
    const released = await server.call('POST', `/v1/review/items/${held.body.item.id}/release`, second);
    expect(released).toMatchObject({ status: 200, body: { status: 'pending', claim: null } });
    expect((await claim(first, 'review.lease')).body.item.id).toBe(held.body.item.id);
    const claims = await server.call('GET', `/v1/audit-events?subjectId=${held.body.item.id}&action=review.claim`, admin);
    // The takeover's "before" names the reviewer whose lease had run out.
    expect(claims.body.items.map((event: Json) => [event.actor.id, event.before.claimedBy])).toEqual([
      [first.id, null],
      [second.id, first.id],
      [first.id, null],
    ]);
    const steps = (await server.call('GET', `/v1/audit-events?subjectId=${held.body.item.id}`, admin)).body.items;
    expect(steps.map((event: Json) => [event.action, event.actor.name])).toEqual([
      ['review.claim', 'first-reviewer'],
      ['review.release', 'second-reviewer'],
      ['review.claim', 'second-reviewer'],
      ['review.renew', 'first-reviewer'],
      ['review.claim', 'first-reviewer'],
      ['review.open', 'system'],
    ]);
    expect(steps[1]).toMatchObject({ before: { status: 'claimed', claimedBy: second.id }, after: { status: 'pending', claimedBy: null }, requestId: expect.any(String) });
  });

  it('never hands back an item the claim excludes, not even one the caller still holds', async () => {
    const made = [await decision('skip', BLUE, 64), await decision('skip', BLUE, 66)];
    const firstItem = (await claim(first, 'review.skip')).body.item;
    expect(made.map((m) => m.id)).toContain(firstItem.decision.id);
    // Skipped: released, then excluded from the next claim, which gives the other item.
    expect((await server.call('POST', `/v1/review/items/${firstItem.id}/release`, first)).status).toBe(200);
    const secondItem = (await claim(first, 'review.skip', { exclude: [firstItem.id.toUpperCase()] })).body.item;
    expect(secondItem).toMatchObject({ queue: 'review.skip', claim: { reviewerId: first.id } });
    expect(secondItem.id).not.toBe(firstItem.id);
    // Held but excluded (a verdict waiting in the console's undo window): not handed back either.
    expect((await claim(first, 'review.skip', { exclude: [firstItem.id, secondItem.id] })).body.item).toBeNull();
    expect((await claim(first, 'review.skip')).body.item.id).toBe(secondItem.id);
    // Another reviewer's exclusions are their own.
    expect((await claim(second, 'review.skip', { exclude: [secondItem.id] })).body.item.id).toBe(firstItem.id);
    const bad = await claim(first, 'review.skip', { exclude: ['not-an-id'] });
    expect(bad).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect((await claim(first, 'review.skip', { exclude: Array.from({ length: 201 }, () => randomUUID()) })).status).toBe(400);
  });

  it('stores the verdict as the final outcome and the labels as rows, leaving the original scores untouched', async () => {
    const bytes = await solidImage(BLUE, 'png', 90);
    const made = (await server.moderate(submitter, bytes, '?policy=verdict&fresh=true')).body;
    const item = (await claim(first, 'review.verdict')).body.item;
    expect(item).toMatchObject({ kind: 'review', decision: { id: made.id, action: 'review' }, policy: { id: 'verdict', version: made.policy.version }, image: { status: 'available' } });
    expect(item.policy.categories.find((category: Json) => category.id === 'blue').prompts).toEqual(['something blue', 'a blue object']);
    const image = await fetch(`${server.base}${item.image.url}`, { headers: { authorization: `Bearer ${first.secret}` } });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('cache-control')).toBe('private, no-store');
    expect(Buffer.from(await image.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await server.call('GET', item.image.url, second)).body.code).toBe('REVIEW_LEASE_NOT_HELD');
    expect((await fetch(`${server.base}${item.image.url}`, { headers: { authorization: `Bearer ${admin.secret}` } })).status).toBe(200);
    // Bad verdicts are 400s and leave the item claimed; identity comes from the key, never the body.
    expect((await decide(first, item.id, { verdict: 'remove', labels: [{ categoryId: 'purple', label: 'violating' }] })).body.code).toBe('VALIDATION_FAILED');
    expect((await decide(first, item.id, { verdict: 'remove', labels: [{ categoryId: 'blue', label: 'violating' }, { categoryId: 'blue', label: 'unsure' }] })).status).toBe(400);
    expect((await decide(first, item.id, { verdict: 'delete' })).status).toBe(400);
    expect((await decide(first, item.id, { verdict: 'remove', reviewerId: second.id })).status).toBe(400);
    const verdict = await decide(first, item.id, {
      verdict: 'remove',
      labels: [
        { categoryId: 'blue', label: 'violating' },
        { categoryId: 'red', label: 'not_violating' },
      ],
      note: 'clearly blue',
    });
    expect(verdict).toMatchObject({ status: 200, body: { status: 'decided', verdict: { verdict: 'remove', reviewerId: first.id, note: 'clearly blue' } } });
    const after = await server.call('GET', `/v1/decisions/${made.id}`, admin);
    expect(after.body).toMatchObject({ action: 'review', triggered: made.triggered, review: { verdict: 'remove', reviewerId: first.id } });
    expect(after.body.categories).toEqual(made.categories);
    const labels = await server.call('GET', `/v1/review/labels?decisionId=${made.id}`, second);
    expect(labels.body.items.map((label: Json) => [label.categoryId, label.label, label.reviewerId, label.reviewItemId]).sort()).toEqual([
      ['blue', 'violating', first.id, item.id],
      ['red', 'not_violating', first.id, item.id],
    ]);
    expect((await decide(first, item.id, { verdict: 'approve' })).body.code).toBe('REVIEW_CONFLICT');
    expect((await server.call('GET', `/v1/audit-events?subjectId=${item.id}`, admin)).body.items.map((event: Json) => event.action)).toEqual([
      'review.verdict',
      'review.claim',
      'review.open',
    ]);
  });

  it('escalates to the senior queue, which the escalating reviewer cannot claim', async () => {
    const made = await decision('escalate');
    const item = (await claim(first, 'review.escalate')).body.item;
    const escalated = await decide(first, item.id, { verdict: 'escalate', labels: [{ categoryId: 'blue', label: 'unsure' }], note: 'not sure, senior please' });
    expect(escalated.body).toMatchObject({ status: 'decided', verdict: { verdict: 'escalate' } });
    expect((await server.call('GET', `/v1/decisions/${made.id}`, admin)).body.review).toBeNull();
    expect((await claim(first, 'senior')).body.item).toBeNull();
    const senior = (await claim(second, 'senior')).body.item;
    expect(senior).toMatchObject({ kind: 'escalation', queue: 'senior', reason: 'not sure, senior please', parentItemId: item.id, decision: { id: made.id } });
    expect(senior.previousReview).toMatchObject({ itemId: item.id, kind: 'review', verdict: 'escalate', reviewerId: first.id, note: 'not sure, senior please', labels: [{ categoryId: 'blue', label: 'unsure' }] });
    expect(item.previousReview).toBeNull();
    expect(senior.priority).toBeGreaterThan(item.priority);
    await decide(second, senior.id, { verdict: 'approve', labels: [{ categoryId: 'blue', label: 'not_violating' }] });
    expect((await server.call('GET', `/v1/decisions/${made.id}`, admin)).body.review).toMatchObject({ verdict: 'approve', reviewerId: second.id });
    const events = (await server.call('GET', `/v1/audit-events?subjectId=${item.id}&action=review.escalate`, admin)).body.items;
    expect(events).toEqual([expect.objectContaining({ actor: expect.objectContaining({ id: first.id }), after: expect.objectContaining({ escalationItemId: senior.id }) })]);
  });

  it('routes an appeal to its own queue and to a different reviewer than the first', async () => {
    const made = await decision('appeal');
    const item = (await claim(first, 'review.appeal')).body.item;
    await decide(first, item.id, { verdict: 'remove', note: 'a blue object, as listed', labels: [{ categoryId: 'blue', label: 'violating' }] });
    // Submitters see their own decisions only, and can appeal only those.
    expect((await server.call('GET', `/v1/decisions/${made.id}`, otherSubmitter)).body.code).toBe('DECISION_NOT_FOUND');
    expect((await server.call('GET', `/v1/decisions/${made.id}`, submitter)).status).toBe(200);
    const own = await server.call('GET', '/v1/decisions?limit=200', otherSubmitter);
    expect(own.body.items).toEqual([]);
    expect((await server.call('POST', `/v1/decisions/${made.id}/appeals`, otherSubmitter, { reason: 'not mine' })).body.code).toBe('DECISION_NOT_FOUND');
    const appeal = await server.call('POST', `/v1/decisions/${made.id}/appeals`, submitter, { reason: 'it is a blue sky, not a blue thing' });
    expect(appeal).toMatchObject({ status: 201, body: { decisionId: made.id, queue: 'appeals', status: 'pending' } });
    expect((await server.call('POST', `/v1/decisions/${made.id}/appeals`, submitter, {})).body.code).toBe('REVIEW_CONFLICT');
    expect((await claim(first, 'appeals')).body.item).toBeNull();
    expect((await server.call('GET', '/v1/review/queues', first)).body.items.find((queue: Json) => queue.name === 'appeals')).toMatchObject({ pending: 1, availableToYou: 0 });
    const reviewed = (await claim(second, 'appeals')).body.item;
    expect(reviewed).toMatchObject({ id: appeal.body.id, kind: 'appeal', reason: 'it is a blue sky, not a blue thing', decision: { id: made.id, review: { verdict: 'remove' } } });
    // The appeal shows how the first reviewer decided: verdict, note and labels.
    expect(reviewed.previousReview).toMatchObject({ itemId: item.id, verdict: 'remove', reviewerId: first.id, note: 'a blue object, as listed' });
    expect(reviewed.previousReview.labels.map((label: Json) => [label.categoryId, label.label])).toEqual([['blue', 'violating']]);
    await decide(second, reviewed.id, { verdict: 'approve', labels: [{ categoryId: 'blue', label: 'not_violating' }] });
    expect((await server.call('GET', `/v1/decisions/${made.id}`, submitter)).body.review).toMatchObject({ verdict: 'approve', reviewerId: second.id });
    const opened = (await server.call('GET', `/v1/audit-events?action=appeal.open&subjectId=${appeal.body.id}`, admin)).body.items;
    expect(opened).toEqual([expect.objectContaining({ actor: expect.objectContaining({ id: submitter.id, role: 'submitter' }), after: expect.objectContaining({ excludedReviewers: [first.id] }) })]);
  });

  it('records key changes, and offers no way to change or delete an audit event', async () => {
    const created = await server.call('POST', '/v1/keys', admin, { name: 'temporary', role: 'reviewer' });
    expect(created).toMatchObject({ status: 201, body: { name: 'temporary', role: 'reviewer', key: expect.stringMatching(/^mod_/) } });
    expect((await server.call('GET', '/v1/auth/me', created.body.key)).body).toMatchObject({ id: created.body.id, role: 'reviewer' });
    expect((await server.call('GET', '/v1/keys', admin)).body.items.find((key: Json) => key.id === created.body.id)).not.toHaveProperty('key');
    expect((await server.call('POST', `/v1/keys/${created.body.id}/revoke`, admin)).body.revokedAt).toEqual(expect.any(String));
    expect((await server.call('GET', '/v1/auth/me', created.body.key)).body.code).toBe('AUTH_INVALID_KEY');
    const events = (await server.call('GET', `/v1/audit-events?subjectType=api_key&subjectId=${created.body.id}`, admin)).body.items;
    expect(events.map((event: Json) => [event.action, event.actor.id])).toEqual([
      ['key.revoke', admin.id],
      ['key.create', admin.id],
    ]);
    expect(JSON.stringify(events)).not.toContain(created.body.key);
    // No route changes audit events: the API documents only GET, and other methods find no route.
    const spec = await server.call('GET', '/docs-json');
    const auditPaths = Object.entries(spec.body.paths as Record<string, Json>).filter(([path]) => path.includes('audit'));
    expect(auditPaths.flatMap(([, methods]) => Object.keys(methods))).toEqual(['get']);
    const eventId = events[0].id as string;
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
      for (const path of ['/v1/audit-events', `/v1/audit-events/${eventId}`]) {
        expect((await server.call(method, path, admin, {})).status).toBe(404);
      }
    }
    // Nor can anything else: the database refuses updates and deletes of audit rows.
    await expect(server.dataSource.query(`UPDATE "moderation_audit_events" SET "action" = 'forged'`)).rejects.toThrow(/append-only/);
    await expect(server.dataSource.query(`DELETE FROM "moderation_audit_events"`)).rejects.toThrow(/append-only/);
    // A rewrite dressed as an insert is refused too: SQLite's REPLACE deletes without firing the
    // delete trigger, PostgreSQL's upsert goes through the update trigger.
    const [stored] = (await server.dataSource.query(`SELECT * FROM "moderation_audit_events" WHERE "id" = '${eventId}'`)) as Json[];
    const columns = Object.keys(stored!).map((column) => `"${column}"`).join(', ');
    const values = Object.keys(stored!).map((column) => (column === 'action' ? `'forged'` : stored![column] === null ? 'NULL' : `'${String(stored![column])}'`)).join(', ');
    const rewrite =
      database === 'sqlite'
        ? `INSERT OR REPLACE INTO "moderation_audit_events" (${columns}) VALUES (${values})`
        : `INSERT INTO "moderation_audit_events" (${columns}) VALUES (${values}) ON CONFLICT ("id") DO UPDATE SET "action" = 'forged'`;
    await expect(server.dataSource.query(rewrite)).rejects.toThrow(/append-only/);
    if (database === 'sqlite') await expect(server.dataSource.query(rewrite.replace('INSERT OR REPLACE', 'REPLACE'))).rejects.toThrow(/append-only/);
    const after = (await server.call('GET', `/v1/audit-events?subjectId=${created.body.id}`, admin)).body.items as Json[];
    expect(after.map((event) => event.action)).toEqual(['key.revoke', 'key.create']);
  });

  describe('roles', () => {
    /** Routes of the asynchronous queue (issue 4), whose roles that work declares and tests. */
    // Policy tuning's routes have their role checks in test/tuning/*.e2e.spec.ts.
    const OTHER_FEATURES = /^\/(?:v1\/jobs|v1\/queue|v1\/banks|v1\/embedding-banks|v1\/search|health\/queue|v1\/webhook|v1\/tuning|v1\/policies\/\{id\}\/)/;
    const id = randomUUID();
    /** Every route of issue 3 and of the review work, with the roles allowed (admins may use all). */
    const ROUTES: ReadonlyArray<readonly [string, string, readonly string[] | 'public']> = [
      ['POST', '/v1/moderations', ['submitter']],
      ['GET', '/v1/decisions', ['submitter', 'reviewer']],
      ['GET', `/v1/decisions/${id}`, ['submitter', 'reviewer']],
      ['POST', `/v1/decisions/${id}/appeals`, ['submitter']],
      ['GET', `/v1/decisions/${id}/image`, ['reviewer']],
      ['GET', '/v1/policies', ['reviewer']],
      ['GET', '/v1/policies/colours', ['reviewer']],
      ['GET', '/v1/review/queues', ['reviewer']],
      ['PUT', '/v1/review/queues/review', ['admin']],
      ['POST', '/v1/review/queues/review/claim', ['reviewer']],
      ['GET', `/v1/review/items/${id}`, ['reviewer']],
      ['GET', `/v1/review/items/${id}/image`, ['reviewer']],
      ['POST', `/v1/review/items/${id}/renew`, ['reviewer']],
      ['POST', `/v1/review/items/${id}/release`, ['reviewer']],
      ['POST', `/v1/review/items/${id}/verdict`, ['reviewer']],
      ['GET', '/v1/review/labels', ['reviewer']],
      ['POST', '/v1/keys', ['admin']],
      ['GET', '/v1/keys', ['admin']],
      ['POST', `/v1/keys/${id}/revoke`, ['admin']],
      ['GET', '/v1/audit-events', ['admin']],
      ['GET', '/v1/auth/me', ['submitter', 'reviewer']],
      ['GET', '/health/live', 'public'],
      ['GET', '/health/ready', 'public'],
      ['GET', '/docs-json', 'public'],
      ['GET', '/review', 'public'],
      ['GET', '/review/search', 'public'],
      ['GET', '/review/banks', 'public'],
    ];

    it.each(ROUTES)('%s %s checks its role', async (method, path, allowed) => {
      const keys: Record<string, TestKey> = { submitter, reviewer: first, admin };
      if (allowed === 'public') {
        expect((await server.call(method, path)).status).toBeLessThan(400);
        return;
      }
      expect((await server.call(method, path)).body).toMatchObject({ statusCode: 401, code: 'AUTH_REQUIRED' });
      expect((await server.call(method, path, 'mod_not-a-key-we-issued')).body).toMatchObject({ statusCode: 401, code: 'AUTH_INVALID_KEY' });
      expect((await server.call(method, path, 'two words')).body).toMatchObject({ statusCode: 401, code: 'AUTH_INVALID_KEY' });
      for (const role of ['submitter', 'reviewer', 'admin']) {
        const reply = await server.call(method, path, keys[role], method === 'GET' ? undefined : {});
        if (role === 'admin' || allowed.includes(role)) expect([401, 403]).not.toContain(reply.status);
        else expect(reply.body).toMatchObject({ statusCode: 403, code: 'AUTH_FORBIDDEN' });
      }
    });

    it('covers every documented route, and no route is left without a role', async () => {
      const spec = await server.call('GET', '/docs-json');
      const documented = Object.entries(spec.body.paths as Record<string, Json>).flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => [method.toUpperCase(), path] as const),
      );
      const templates = ROUTES.map(([method, path]) => `${method} ${path.replace(id, '{id}').replace('/colours', '/{id}').replace('/queues/review', '/queues/{name}')}`);
      for (const [method, path] of documented) {
        const concrete = path.replace(/\{[^}]+\}/g, (name) => (name === '{name}' ? 'review' : id));
        const reply = await server.call(method, concrete);
        // Routes of other features (jobs, queue metrics) are not in the table, but they too must
        // declare roles: the guard refuses an undeclared route to everyone with AUTH_FORBIDDEN.
        expect(reply.body.code).not.toBe('AUTH_FORBIDDEN');
        if (!OTHER_FEATURES.test(path)) expect(templates).toContain(`${method} ${path}`);
      }
    });

    it('accepts the key as X-Api-Key too, but not two different keys at once', async () => {
      const viaHeader = await fetch(`${server.base}/v1/auth/me`, { headers: { 'x-api-key': first.secret } });
      expect(((await viaHeader.json()) as Json).id).toBe(first.id);
      const both = await fetch(`${server.base}/v1/auth/me`, { headers: { 'x-api-key': first.secret, authorization: `Bearer ${second.secret}` } });
      expect(both.status).toBe(401);
      expect(both.headers.get('www-authenticate')).toContain('Bearer');
    });
  });
});
