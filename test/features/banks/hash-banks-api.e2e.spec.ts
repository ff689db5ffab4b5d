import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashImage } from '../../../src/engine/image/hash-image';
import { DEFAULT_IMAGE_LIMITS } from '../../../src/engine/image/image-limits';
import { TestKey, bearer, createTestKey } from '../../support/api-keys';
import { PDQ_REFERENCE_DIR } from '../../support/pdq-reference';
import { Json, Reply, TuningServer, startTuningServer } from '../policies/tuning-server';

const DATABASES = ['sqlite', 'postgres'] as const;

/** Small limits, so the refusals are cheap to reach. */
const MAX_BYTES = 4096;
const MAX_LINES = 40;

const hex = (seed: number): string => seed.toString(16).padStart(8, '0').repeat(8);
const BRIDGE = join(PDQ_REFERENCE_DIR, 'images', 'bridge-1-original.jpg');

describe.each(DATABASES)('hash bank API (%s)', (database) => {
  let server: TuningServer;
  let base: string;
  let admin: TestKey;
  let reviewer: TestKey;
  let submitter: TestKey;
  let bankId: string;

  beforeAll(async () => {
    server = await startTuningServer(database, 'banks-api', { MODERATION_BANK_IMPORT_MAX_BYTES: String(MAX_BYTES), MODERATION_BANK_IMPORT_MAX_LINES: String(MAX_LINES) });
    base = await server.app().getUrl();
    admin = await createTestKey(server.app(), 'admin', 'bank-admin');
    reviewer = await createTestKey(server.app(), 'reviewer', 'bank-reviewer');
    submitter = await createTestKey(server.app(), 'submitter', 'shop');
  });

  afterAll(async () => {
    await server?.close();
  });

  /** A request with a raw body (a list, an image) rather than JSON. */
  const send = async (method: string, path: string, key: TestKey, body: Buffer | string, contentType: string): Promise<Reply> => {
    const response = await fetch(`${base}${path}`, { method, headers: { ...bearer(key), 'content-type': contentType }, body: typeof body === 'string' ? body : new Uint8Array(body) });
    const text = await response.text();
    return { status: response.status, body: response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Json) : { text }, headers: response.headers };
  };

  it('creates banks with the defaults, lists and reads them by id or name, and refuses a taken name or a bad setting', async () => {
    const created = await server.call('POST', '/v1/banks', admin, { name: 'known-bad', description: 'removed by reviewers' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'known-bad', description: 'removed by reviewers', threshold: 31, action: 'review', minQuality: 50, dihedral: false, enabled: true, entryCount: 0, createdBy: admin.id });
    bankId = created.body.id;
    const second = await server.call('POST', '/v1/banks', admin, { name: 'shared.list_2', threshold: 20, action: 'block', minQuality: 70, dihedral: true });
    expect(second.body).toMatchObject({ threshold: 20, action: 'block', minQuality: 70, dihedral: true });

    expect((await server.call('GET', '/v1/banks', reviewer)).body.items.map((bank: Json) => bank.name)).toEqual(['known-bad', 'shared.list_2']);
    expect((await server.call('GET', `/v1/banks/${bankId}`, reviewer)).body.name).toBe('known-bad');
    expect((await server.call('GET', '/v1/banks/known-bad', reviewer)).body.id).toBe(bankId);
    expect((await server.call('GET', '/v1/banks/nope', reviewer)).body.code).toBe('BANK_NOT_FOUND');
    expect(await server.call('POST', '/v1/banks', admin, { name: 'known-bad' })).toMatchObject({ status: 409, body: { code: 'BANK_NAME_TAKEN' } });
    const bad = await server.call('POST', '/v1/banks', admin, { name: '1b4e28ba-2fa1-11d2-883f-0016d3cca427', threshold: 64, action: 'delete' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.errors.map((error: Json) => error.field).sort()).toEqual(['action', 'name', 'threshold']);
  });

  it('renames and changes settings, and deletes a bank with its entries', async () => {
    const updated = await server.call('PATCH', '/v1/banks/shared.list_2', admin, { name: 'partner-list', threshold: 24, enabled: false, description: null });
    expect(updated).toMatchObject({ status: 200, body: { name: 'partner-list', threshold: 24, enabled: false, action: 'block', description: null, updatedBy: admin.id, revision: 1 } });
    // An empty change changes nothing: same revision, no audit event (checked with the trail below).
    expect((await server.call('PATCH', '/v1/banks/partner-list', admin, {})).body.revision).toBe(1);
    expect(await server.call('PATCH', '/v1/banks/partner-list', admin, { name: 'known-bad' })).toMatchObject({ status: 409, body: { code: 'BANK_NAME_TAKEN' } });
    expect((await server.call('POST', '/v1/banks/partner-list/entries', admin, { hash: hex(7) })).status).toBe(201);
    const deleted = await server.call('DELETE', '/v1/banks/partner-list', admin);
    expect(deleted).toMatchObject({ status: 200, body: { name: 'partner-list', entryCount: 1 } });
    expect((await server.call('GET', '/v1/banks/partner-list', reviewer)).status).toBe(404);
    expect((await server.call('DELETE', '/v1/banks/partner-list', admin)).body.code).toBe('BANK_NOT_FOUND');
  });

  it('adds entries by hash and by image, lists and searches them page by page, and removes one', async () => {
    const added = await server.call('POST', '/v1/banks/known-bad/entries', admin, { hash: hex(1).toUpperCase(), label: 'case 4711', note: 'from appeal' });
    expect(added).toMatchObject({ status: 201, body: { bankId, hash: hex(1), label: 'case 4711', note: 'from appeal', source: 'api', createdBy: admin.id } });
    expect(await server.call('POST', '/v1/banks/known-bad/entries', admin, { hash: hex(1) })).toMatchObject({ status: 409, body: { code: 'BANK_ENTRY_EXISTS', details: { entryId: added.body.id } } });
    const badHash = await server.call('POST', '/v1/banks/known-bad/entries', admin, { hash: 'abc', label: 'two\nlines' });
    expect(badHash.body.code).toBe('VALIDATION_FAILED');
    expect(badHash.body.details.errors.map((error: Json) => error.field).sort()).toEqual(['hash', 'label']);

    const bridge = readFileSync(BRIDGE);
    const image = await send('POST', `/v1/banks/${bankId}/entries/image?label=bridge`, admin, bridge, 'image/jpeg');
    const expected = await hashImage(bridge, DEFAULT_IMAGE_LIMITS);
    expect(image).toMatchObject({ status: 201, body: { entry: { hash: expected.hash, label: 'bridge', source: 'image' }, quality: expected.quality } });
    expect((await send('POST', '/v1/banks/known-bad/entries/image', admin, 'not an image', 'image/png')).body.code).toBe('IMAGE_UNSUPPORTED_FORMAT');
    expect((await send('POST', '/v1/banks/nope/entries/image', admin, bridge, 'image/jpeg')).body.code).toBe('BANK_NOT_FOUND');

    for (let seed = 2; seed <= 4; seed++) await server.call('POST', '/v1/banks/known-bad/entries', admin, { hash: hex(seed), label: `Case ${seed}00` });
    const first = await server.call('GET', '/v1/banks/known-bad/entries?limit=2', reviewer);
    expect(first.body.items.map((entry: Json) => entry.hash)).toEqual([hex(4), hex(3)]);
    const next = await server.call('GET', `/v1/banks/known-bad/entries?limit=2&cursor=${first.body.nextCursor}`, reviewer);
    expect(next.body.items.map((entry: Json) => entry.hash)).toEqual([hex(2), expected.hash]);
    const last = await server.call('GET', `/v1/banks/known-bad/entries?limit=2&cursor=${next.body.nextCursor}`, reviewer);
    expect(last.body).toEqual({ items: [expect.objectContaining({ hash: hex(1) })], nextCursor: null });
    // A hex search matches hash prefixes and labels; any other, labels only (any case, `%` literal).
    expect((await server.call('GET', `/v1/banks/known-bad/entries?search=${hex(3).slice(0, 10)}`, reviewer)).body.items.map((entry: Json) => entry.hash)).toEqual([hex(3)]);
    expect((await server.call('GET', '/v1/banks/known-bad/entries?search=CASE%204', reviewer)).body.items.map((entry: Json) => entry.hash)).toEqual([hex(4), hex(1)]);
    expect((await server.call('GET', '/v1/banks/known-bad/entries?search=%25', reviewer)).body.items).toEqual([]);

    expect((await server.call('GET', `/v1/banks/known-bad/entries/${added.body.id}`, reviewer)).body.hash).toBe(hex(1));
    expect(await server.call('DELETE', `/v1/banks/known-bad/entries/${added.body.id}`, admin)).toMatchObject({ status: 200, body: { id: added.body.id } });
    expect((await server.call('DELETE', `/v1/banks/known-bad/entries/${added.body.id}`, admin)).body.code).toBe('BANK_ENTRY_NOT_FOUND');
    expect((await server.call('GET', '/v1/banks/known-bad/entries/99999999999', reviewer)).body.code).toBe('VALIDATION_FAILED');
    expect((await server.call('GET', '/v1/banks/known-bad', reviewer)).body.entryCount).toBe(4);
  });

  it('imports text and CSV lists, counting added, duplicates and invalid lines by number', async () => {
    const text = `# partner list\n${hex(10)}\n${hex(2)}\n\nnot-a-hash\n${hex(11)} 93 photo.jpg\n${hex(10)}\n`;
    const report = await send('POST', '/v1/banks/known-bad/import?label=partner', admin, text, 'text/plain');
    expect(report).toMatchObject({
      status: 200,
      body: { bankId, bankName: 'known-bad', format: 'text', lines: 7, added: 2, duplicates: 2, invalid: 1, invalidLines: [{ line: 5, reason: 'not a PDQ hash (64 hex digits)' }] },
    });
    const csv = `hash,label,note\n${hex(12)},"a, b",n1\n${hex(11)},dup,\nzz,bad,\n${hex(13)},,\n`;
    expect((await send('POST', `/v1/banks/${bankId}/import`, admin, csv, 'text/csv; charset=utf-8')).body).toMatchObject({ format: 'csv', added: 2, duplicates: 1, invalid: 1, invalidLines: [{ line: 4 }] });
    const entries = (await server.call('GET', '/v1/banks/known-bad/entries?limit=100', reviewer)).body.items as Json[];
    expect(entries.find((entry) => entry.hash === hex(10))).toMatchObject({ label: 'partner', source: 'import' });
    expect(entries.find((entry) => entry.hash === hex(12))).toMatchObject({ label: 'a, b', note: 'n1' });
    expect(entries.find((entry) => entry.hash === hex(13))).toMatchObject({ label: null });
    // A format given in the query wins over the Content-Type.
    expect((await send('POST', '/v1/banks/known-bad/import?format=csv', admin, `pdq\n${hex(14)}\n`, 'text/plain')).body).toMatchObject({ format: 'csv', added: 1 });
  });

  it('refuses lists over the limits, of another type, or CSV without a hash column; nothing is imported', async () => {
    const before = (await server.call('GET', '/v1/banks/known-bad', reviewer)).body.entryCount;
    const big = Array.from({ length: 70 }, (_, index) => hex(1000 + index)).join('\n');
    expect(await send('POST', '/v1/banks/known-bad/import', admin, big, 'text/plain')).toMatchObject({ status: 413, body: { code: 'BANK_IMPORT_TOO_LARGE', details: { maxBytes: MAX_BYTES } } });
    const long = `${hex(20)}\n${'#\n'.repeat(MAX_LINES)}`;
    expect(await send('POST', '/v1/banks/known-bad/import', admin, long, 'text/plain')).toMatchObject({ status: 422, body: { code: 'BANK_IMPORT_TOO_MANY_LINES' } });
    expect(await send('POST', '/v1/banks/known-bad/import', admin, 'label\nx\n', 'text/csv')).toMatchObject({ status: 422, body: { code: 'BANK_IMPORT_INVALID' } });
    expect(await server.call('POST', '/v1/banks/known-bad/import', admin, { hashes: [hex(21)] })).toMatchObject({ status: 415, body: { code: 'BANK_IMPORT_UNSUPPORTED_TYPE' } });
    expect((await send('POST', '/v1/banks/nope/import', admin, hex(22), 'text/plain')).body.code).toBe('BANK_NOT_FOUND');
    expect((await server.call('GET', '/v1/banks/known-bad', reviewer)).body.entryCount).toBe(before);
  });

  it('exports text and CSV that import into another bank as the same entries', async () => {
    const textExport = await fetch(`${base}/v1/banks/known-bad/export`, { headers: bearer(reviewer) });
    expect(textExport.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(textExport.headers.get('content-disposition')).toBe('attachment; filename="known-bad.txt"');
    const hashes = (await textExport.text()).trim().split('\n');
    const csvExport = await (await fetch(`${base}/v1/banks/known-bad/export?format=csv`, { headers: bearer(reviewer) })).text();
    expect(csvExport.split('\n')[0]).toBe('hash,label,note,source,created_at');
    await server.call('POST', '/v1/banks', admin, { name: 'copy' });
    expect((await send('POST', '/v1/banks/copy/import', admin, csvExport, 'text/csv')).body).toMatchObject({ added: hashes.length, duplicates: 0, invalid: 0 });
    const original = (await server.call('GET', '/v1/banks/known-bad/entries?limit=100', reviewer)).body.items as Json[];
    const copied = (await server.call('GET', '/v1/banks/copy/entries?limit=100', reviewer)).body.items as Json[];
    const view = (entries: Json[]) => entries.map((entry) => [entry.hash, entry.label, entry.note]).sort();
    expect(view(copied)).toEqual(view(original));
    expect(original.map((entry) => entry.hash).sort()).toEqual([...hashes].sort());
    expect((await fetch(`${base}/v1/banks/nope/export`, { headers: bearer(reviewer) })).status).toBe(404);
  });

  it('lets reviewers read and only admins change; nothing without a key', async () => {
    const entryId = (await server.call('GET', '/v1/banks/known-bad/entries?limit=1', admin)).body.items[0].id;
    const reads = [['GET', '/v1/banks'], ['GET', '/v1/banks/known-bad'], ['GET', '/v1/banks/known-bad/entries'], ['GET', `/v1/banks/known-bad/entries/${entryId}`], ['GET', '/v1/banks/known-bad/export']];
    const changes = [
      ['POST', '/v1/banks', { name: 'x' }],
      ['PATCH', '/v1/banks/known-bad', { threshold: 1 }],
      ['DELETE', '/v1/banks/known-bad'],
      ['POST', '/v1/banks/known-bad/entries', { hash: hex(30) }],
      ['POST', '/v1/banks/known-bad/entries/image'],
      ['DELETE', '/v1/banks/known-bad/entries/1'],
      ['POST', '/v1/banks/known-bad/import'],
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
  });

  it('records every change in the audit trail, with who did it', async () => {
    const events = (await server.call('GET', '/v1/audit-events?subjectType=hash_bank&limit=500', admin)).body.items as Json[];
    const ofBank = events.filter((event) => event.subject.id === bankId).reverse();
    expect(ofBank.map((event) => event.action)).toEqual([
      'bank.create',
      ...Array(5).fill('bank.entry.add'),
      'bank.entry.remove',
      'bank.import',
      'bank.import',
      'bank.import',
    ]);
    expect(ofBank[0]).toMatchObject({ actor: { id: admin.id, name: 'bank-admin', role: 'admin' }, before: null, after: { name: 'known-bad', threshold: 31, action: 'review' } });
    expect(ofBank[6]).toMatchObject({ before: { bankName: 'known-bad', hash: hex(1), label: 'case 4711', source: 'api' }, after: null });
    expect(ofBank[7]).toMatchObject({ after: { format: 'text', lines: 7, added: 2, duplicates: 2, invalid: 1 } });
    expect(events.filter((event) => event.action === 'bank.update')).toHaveLength(1);
    expect(events.map((event) => event.action)).toEqual(expect.arrayContaining(['bank.delete']));
    const update = events.find((event) => event.action === 'bank.update')!;
    expect(update).toMatchObject({ before: { name: 'shared.list_2', threshold: 20, enabled: true }, after: { name: 'partner-list', threshold: 24, enabled: false } });
  });
});
