import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { createServer } from '../../../src/app/create-server';
import { EmbeddingBankMatcher } from '../../../src/features/banks';
import { TestKey, bearer, createTestKey } from '../../support/api-keys';
import { BLUE, RED, animatedGif, solidImage } from '../../support/colour-images';
import { COLOUR_POLICY_YAML } from '../../support/colour-policy';
import { eventually } from '../../support/eventually';
import { tempDir } from '../../support/temp-dir';
import { Json, Reply, TuningServer, startTuningServer } from '../policies/tuning-server';

const DATABASES = ['sqlite', 'postgres'] as const;

/** How often each server polls the bank revisions here (the default is 500 ms). */
const REFRESH_MS = 200;
/** "Within about a second" on the other server. */
const FOLLOW_MS = 1500;

/**
 * Embedding banks through the real app: a reviewer's remove verdict adds the picture to a bank, a
 * re-encoded copy is then blocked with the entry and its similarity in the decision, and removing
 * the entry stops the match at once on the server that removed it and within a poll on a second
 * server sharing the database. One app pair per database.
 */
describe.each(DATABASES)('embedding banks (%s)', (database) => {
  let server: TuningServer;
  let b: INestApplication;
  let baseB: string;
  let admin: TestKey;
  let reviewer: TestKey;
  let submitter: TestKey;
  let bankId: string;
  /** The two decisions reviewers removed into the bank, oldest first, and their entries. */
  const removed: Array<{ decisionId: string; itemId: string; entryId: number }> = [];

  beforeAll(async () => {
    const policies = tempDir('embedding-bank-policies');
    writeFileSync(join(policies, 'colours.yaml'), COLOUR_POLICY_YAML);
    writeFileSync(join(policies, 'no-banks.yaml'), COLOUR_POLICY_YAML.replace('id: colours', 'id: no-banks').concat('banks: []\n'));
    server = await startTuningServer(database, 'embedding-banks', { MODERATION_POLICIES: policies, MODERATION_BANK_REFRESH_MS: String(REFRESH_MS) });
    ({ app: b } = await createServer(server.env));
    await b.listen(0, '127.0.0.1');
    baseB = await b.getUrl();
    admin = await createTestKey(server.app(), 'admin', 'bank-admin');
    reviewer = await createTestKey(server.app(), 'reviewer', 'robin');
    submitter = await createTestKey(server.app(), 'submitter', 'shop');
  });

  afterAll(async () => {
    await b?.close();
    await server?.close();
  });

  const moderateOnB = async (bytes: Buffer): Promise<Json> => {
    const response = await fetch(`${baseB}/v1/moderations?policy=colours&fresh=true`, { method: 'POST', body: new Uint8Array(bytes), headers: { 'content-type': 'image/png', ...bearer(submitter) } });
    return (await response.json()) as Json;
  };
  const verdict = (itemId: string, body: Json, key: TestKey = reviewer): Promise<Reply> => server.call('POST', `/v1/review/items/${itemId}/verdict`, key, body);
  const matcherB = (): EmbeddingBankMatcher => b.get(EmbeddingBankMatcher, { strict: false });

  it('adds the picture of a remove verdict to the bank named in addToBank, in the verdict itself', async () => {
    const bank = await server.call('POST', '/v1/embedding-banks', admin, { name: 'removed', action: 'block', description: 'removed by review' });
    expect(bank.status).toBe(201);
    expect(bank.body).toMatchObject({ name: 'removed', threshold: 0.92, action: 'block', enabled: true, entryCount: 0, revision: 0, createdBy: admin.id });
    bankId = bank.body.id;
    // One namespace with the hash banks, both ways: a policy's `banks:` names either kind.
    expect(await server.call('POST', '/v1/banks', admin, { name: 'removed' })).toMatchObject({ status: 409, body: { code: 'BANK_NAME_TAKEN' } });
    expect((await server.call('POST', '/v1/banks', admin, { name: 'hashes' })).status).toBe(201);
    expect(await server.call('POST', '/v1/embedding-banks', admin, { name: 'hashes' })).toMatchObject({ status: 409, body: { code: 'BANK_NAME_TAKEN' } });
    const bad = await server.call('POST', '/v1/embedding-banks', admin, { name: 'x', threshold: 0.3, action: 'delete' });
    expect(bad.body.details.errors.map((error: Json) => error.field).sort()).toEqual(['action', 'threshold']);

    // Two blue pictures wait for review (the model says review for blue).
    for (const size of [256, 180]) expect((await server.moderate(submitter, await solidImage(BLUE, 'png', size))).body.action).toBe('review');
    for (let index = 0; index < 2; index++) {
      // A reviewer holding an item is handed it again unless it is excluded.
      const claimed = await server.call('POST', '/v1/review/queues/review/claim', reviewer, { exclude: removed.map((item) => item.itemId) });
      removed.push({ decisionId: claimed.body.item.decision.id, itemId: claimed.body.item.id, entryId: 0 });
    }
    const [first, second] = removed as [(typeof removed)[0], (typeof removed)[0]];

    // Refusals store nothing: an unknown bank undoes the whole verdict; only remove may bank; submitters may not decide.
    expect(await verdict(first.itemId, { verdict: 'remove', addToBank: 'nope' })).toMatchObject({ status: 404, body: { code: 'BANK_NOT_FOUND' } });
    expect((await server.call('GET', `/v1/review/items/${first.itemId}`, reviewer)).body).toMatchObject({ status: 'claimed', verdict: null });
    const approve = await verdict(first.itemId, { verdict: 'approve', addToBank: 'removed' });
    expect(approve.body.details.errors).toEqual([expect.objectContaining({ field: 'addToBank' })]);
    expect((await verdict(first.itemId, { verdict: 'remove', addToBank: 'removed' }, submitter)).body.code).toBe('AUTH_FORBIDDEN');
    expect((await server.call('GET', '/v1/embedding-banks/removed', reviewer)).body).toMatchObject({ entryCount: 0, revision: 0 });

    expect((await verdict(first.itemId, { verdict: 'remove', addToBank: 'removed', bankLabel: 'case 9', note: 'known spam' })).status).toBe(200);
    expect((await verdict(second.itemId, { verdict: 'remove', addToBank: bankId })).status).toBe(200);
    const entries = await server.call('GET', '/v1/embedding-banks/removed/entries', reviewer);
    expect(entries.body).toMatchObject({ nextCursor: null });
    expect(entries.body.items).toEqual([
      expect.objectContaining({ bankId, decisionId: second.decisionId, label: null, note: null, source: 'review', createdBy: reviewer.id }),
      expect.objectContaining({ bankId, decisionId: first.decisionId, label: 'case 9', note: 'known spam', source: 'review', createdBy: reviewer.id }),
    ]);
    const decision = await server.call('GET', `/v1/decisions/${first.decisionId}`, admin);
    expect(entries.body.items[1].modelHash).toBe(decision.body.model.hash);
    second.entryId = entries.body.items[0].id;
    first.entryId = entries.body.items[1].id;
    expect((await server.call('GET', '/v1/embedding-banks/removed', reviewer)).body).toMatchObject({ entryCount: 2, revision: 2 });
  });

  it('blocks re-encoded copies and animations with a matching frame, with the entry and similarity in the decision, on both servers', async () => {
    const [first, second] = removed as [(typeof removed)[0], (typeof removed)[0]];
    const copy = await solidImage(BLUE, 'jpeg', 200);
    const blocked = await server.moderate(submitter, copy);
    expect(blocked.body.action).toBe('block');
    expect(blocked.body.categories.find((category: Json) => category.id === 'blue').action).toBe('review');
    // Both entries are the same blue; equal similarity goes by entry id.
    expect(blocked.body.matches).toEqual([
      { kind: 'embedding', bank: { id: bankId, name: 'removed' }, entry: { id: first.entryId, label: 'case 9' }, similarity: expect.any(Number), threshold: 0.92, action: 'block' },
      { kind: 'embedding', bank: { id: bankId, name: 'removed' }, entry: { id: second.entryId, label: null }, similarity: expect.any(Number), threshold: 0.92, action: 'block' },
    ]);
    expect(blocked.body.matches[0].similarity).toBeGreaterThan(0.99);
    expect(blocked.body.matches[0].similarity).toBeLessThanOrEqual(1);
    expect((await server.call('GET', `/v1/decisions/${blocked.body.id}`, admin)).body.matches).toEqual(blocked.body.matches);

    // The exact bytes of a removed decision are not answered with that decision, made before the bank held it.
    const same = await server.moderate(submitter, await solidImage(BLUE, 'png', 256), 'colours', false);
    expect(same.body).toMatchObject({ action: 'block', reused: false });
    // Every frame of an animation is compared; a dark blue (similarity about 0.84) and red are not close enough.
    expect((await server.moderate(submitter, await animatedGif([RED, BLUE]))).body.matches.map((match: Json) => match.entry.id)).toEqual([first.entryId, second.entryId]);
    expect((await server.moderate(submitter, await solidImage([0, 0, 128], 'png'))).body.matches).toEqual([]);
    expect((await server.moderate(submitter, await solidImage(RED, 'png'))).body.matches).toEqual([]);
    // A policy with `banks: []` matches no bank.
    expect((await server.moderate(submitter, copy, 'no-banks')).body).toMatchObject({ action: 'review', matches: [] });

    await eventually(() => matcherB().banks().some((bank) => bank.name === 'removed' && bank.entries === 2), FOLLOW_MS);
    expect((await moderateOnB(copy)).action).toBe('block');

    // Report only: recorded, not acted on.
    expect((await server.call('PATCH', '/v1/embedding-banks/removed', admin, { action: 'report', threshold: 0.95 })).body).toMatchObject({ action: 'report', threshold: 0.95 });
    const reported = await server.moderate(submitter, copy);
    expect(reported.body.action).toBe('review');
    expect(reported.body.matches.map((match: Json) => [match.action, match.threshold])).toEqual([['report', 0.95], ['report', 0.95]]);
    expect((await server.call('PATCH', '/v1/embedding-banks/removed', admin, { action: 'block' })).status).toBe(200);
  });

  it('lists, searches and pages the entries', async () => {
    const [first] = removed as [(typeof removed)[0]];
    const ids = async (query: string): Promise<number[]> => (await server.call('GET', `/v1/embedding-banks/removed/entries${query}`, reviewer)).body.items.map((entry: Json) => entry.id);
    expect(await ids('?search=CASE')).toEqual([first.entryId]);
    expect(await ids(`?search=${first.decisionId.slice(0, 13)}`)).toEqual([first.entryId]);
    expect(await ids('?search=100%25')).toEqual([]);
    const page = await server.call('GET', '/v1/embedding-banks/removed/entries?limit=1', reviewer);
    expect(page.body.nextCursor).toBe(String(page.body.items[0].id));
    expect(await ids(`?limit=1&cursor=${page.body.nextCursor}`)).toEqual([first.entryId]);
    expect((await server.call('GET', `/v1/embedding-banks/removed/entries/${first.entryId}`, reviewer)).body).toMatchObject({ id: first.entryId, label: 'case 9' });
    expect((await server.call('GET', '/v1/embedding-banks/removed/entries/999999', reviewer)).body.code).toBe('BANK_ENTRY_NOT_FOUND');
    expect((await server.call('GET', '/v1/embedding-banks/nope/entries', reviewer)).body.code).toBe('BANK_NOT_FOUND');
  });

  it('stops matching a removed entry at once on this server and within about a second on the other', async () => {
    const copy = await solidImage(BLUE, 'jpeg', 200);
    for (const { entryId } of removed) {
      expect((await server.call('DELETE', `/v1/embedding-banks/removed/entries/${entryId}`, admin)).status).toBe(200);
    }
    const started = Date.now();
    expect(server.app().get(EmbeddingBankMatcher, { strict: false }).banks()).toEqual([expect.objectContaining({ name: 'removed', entries: 0 })]);
    expect((await server.moderate(submitter, copy)).body).toMatchObject({ action: 'review', matches: [] });
    await eventually(() => matcherB().banks().some((bank) => bank.name === 'removed' && bank.entries === 0), FOLLOW_MS);
    console.log(`embedding banks (${database}): a removal through one server stopped matching on the other after ${Date.now() - started} ms (polling every ${REFRESH_MS} ms)`);
    expect((await moderateOnB(copy)).matches).toEqual([]);
    expect((await server.call('GET', '/v1/embedding-banks/removed', admin)).body.entryCount).toBe(0);
  });

  it('lets reviewers read and only admins change; nothing without a key', async () => {
    const reads = [['GET', '/v1/embedding-banks'], ['GET', '/v1/embedding-banks/removed'], ['GET', '/v1/embedding-banks/removed/entries']] as const;
    const changes = [
      ['POST', '/v1/embedding-banks', { name: 'x' }],
      ['PATCH', '/v1/embedding-banks/removed', { threshold: 0.99 }],
      ['DELETE', '/v1/embedding-banks/removed'],
      ['DELETE', '/v1/embedding-banks/removed/entries/1'],
    ] as const;
    for (const [method, path] of reads) {
      expect([path, (await server.call(method, path, reviewer)).status]).toEqual([path, 200]);
      expect([path, (await server.call(method, path, submitter)).body.code]).toEqual([path, 'AUTH_FORBIDDEN']);
      expect([path, (await server.call(method, path)).body.code]).toEqual([path, 'AUTH_REQUIRED']);
    }
    for (const [method, path, body] of changes) {
      expect([method, path, (await server.call(method, path, reviewer, body)).body.code]).toEqual([method, path, 'AUTH_FORBIDDEN']);
      expect([method, path, (await server.call(method, path, submitter, body)).body.code]).toEqual([method, path, 'AUTH_FORBIDDEN']);
      expect([method, path, (await server.call(method, path, undefined, body)).body.code]).toEqual([method, path, 'AUTH_REQUIRED']);
    }
    expect((await server.call('GET', '/v1/embedding-banks/removed/entries/1', submitter)).body.code).toBe('AUTH_FORBIDDEN');
    expect((await server.call('DELETE', '/v1/embedding-banks/removed', admin)).status).toBe(200);
    expect((await server.call('GET', '/v1/embedding-banks', reviewer)).body.items).toEqual([]);
  });

  it('records every change in the audit trail, with who did it and, for entries, the decision', async () => {
    const [first] = removed as [(typeof removed)[0]];
    const events = ((await server.call('GET', '/v1/audit-events?subjectType=embedding_bank&limit=500', admin)).body.items as Json[]).filter((event) => event.subject.id === bankId).reverse();
    expect(events.map((event) => event.action)).toEqual(['bank.create', 'bank.entry.add', 'bank.entry.add', 'bank.update', 'bank.update', 'bank.entry.remove', 'bank.entry.remove', 'bank.delete']);
    expect(events[0]).toMatchObject({ actor: { id: admin.id, role: 'admin' }, before: null, after: { name: 'removed', threshold: 0.92, action: 'block' } });
    expect(events[1]).toMatchObject({ actor: { id: reviewer.id, name: 'robin', role: 'reviewer' }, after: { bankName: 'removed', entryId: first.entryId, decisionId: first.decisionId, label: 'case 9', source: 'review', reviewItemId: first.itemId } });
    expect(events[3]).toMatchObject({ before: { action: 'block', threshold: 0.92 }, after: { action: 'report', threshold: 0.95 } });
    expect(events[5]).toMatchObject({ actor: { id: admin.id }, before: { entryId: first.entryId, decisionId: first.decisionId }, after: null });
    expect(events[7]).toMatchObject({ before: { name: 'removed', entryCount: 0 }, after: null });
    const verdicts = (await server.call('GET', `/v1/audit-events?subjectType=review_item&action=review.verdict&limit=50`, admin)).body.items as Json[];
    expect(verdicts.find((event) => event.subject.id === first.itemId)!.after).toMatchObject({ decisionOutcome: 'remove', bankEntry: { bankId, bankName: 'removed', entryId: first.entryId, added: true } });
  });
});
