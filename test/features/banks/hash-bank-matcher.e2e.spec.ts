import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { createServer } from '../../../src/app/create-server';
import { hashImage } from '../../../src/engine/image/hash-image';
import { DEFAULT_IMAGE_LIMITS } from '../../../src/engine/image/image-limits';
import { PDQ_DIHEDRAL_TRANSFORMS, pdqHexFromWords, pdqWordsFromHex } from '../../../src/engine/pdq';
import { BankMatch, HashBankMatcher } from '../../../src/features/banks';
import { TestKey, bearer, createTestKey } from '../../support/api-keys';
import { eventually } from '../../support/eventually';
import { PDQ_REFERENCE_DIR } from '../../support/pdq-reference';
import { TuningServer, startTuningServer } from '../policies/tuning-server';

const DATABASES = ['sqlite', 'postgres'] as const;

/** How often each server polls the bank revisions here (the default is 500 ms). */
const REFRESH_MS = 200;
/** What "within a couple of seconds" means for the other server. */
const FOLLOW_MS = 2000;

const BASE = '0f1e2d3c'.repeat(8);

/** `hash` with its first `bits` bits flipped: exactly that Hamming distance away. */
function flipped(hash: string, bits: number): string {
  const words = pdqWordsFromHex(hash);
  for (let bit = 0; bit < bits; bit++) words[bit >>> 5] = (words[bit >>> 5]! ^ (1 << (bit & 31))) >>> 0;
  return pdqHexFromWords(words);
}

const pdqOf = (file: string) => hashImage(readFileSync(join(PDQ_REFERENCE_DIR, 'images', file)), DEFAULT_IMAGE_LIMITS);

/**
 * Two servers on one database, as a deployment runs them: a bank change made through server A
 * applies to A's matcher before A answers, and to B's within a couple of seconds.
 */
describe.each(DATABASES)('hash bank matching on two servers (%s)', (database) => {
  let a: TuningServer;
  let b: INestApplication;
  let admin: TestKey;
  let base: { a: string; b: string };
  let matchers: { a: HashBankMatcher; b: HashBankMatcher };

  beforeAll(async () => {
    a = await startTuningServer(database, 'bank-matcher', { MODERATION_BANK_REFRESH_MS: String(REFRESH_MS) });
    ({ app: b } = await createServer(a.env));
    await b.listen(0, '127.0.0.1');
    admin = await createTestKey(a.app(), 'admin');
    base = { a: await a.app().getUrl(), b: await b.getUrl() };
    matchers = { a: a.app().get(HashBankMatcher, { strict: false }), b: b.get(HashBankMatcher, { strict: false }) };
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const call = async (server: 'a' | 'b', method: string, path: string, body?: unknown, contentType = 'application/json') => {
    const response = await fetch(`${base[server]}${path}`, {
      method,
      headers: { ...bearer(admin), ...(body === undefined ? {} : { 'content-type': contentType }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, any>;
    if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  const entryIds = (matches: BankMatch[], bank: string) => matches.filter((match) => match.bankName === bank).map((match) => match.entryId);
  /** How long B took to agree, failing past FOLLOW_MS. */
  const followed = async (check: () => boolean): Promise<number> => {
    const started = Date.now();
    await eventually(check, FOLLOW_MS);
    return Date.now() - started;
  };

  it('matches within the threshold, closest first, and never below the minimum quality', async () => {
    await call('a', 'POST', '/v1/banks', { name: 'known', action: 'block', minQuality: 50 });
    const entry = await call('a', 'POST', '/v1/banks/known/entries', { hash: BASE, label: 'case 1' });
    const near = await call('a', 'POST', '/v1/banks/known/entries', { hash: flipped(BASE, 5) });
    // Applied before A answered.
    expect(matchers.a.match({ hash: flipped(BASE, 3), quality: 90 })).toEqual([
      { bankId: entry.bankId, bankName: 'known', action: 'block', entryId: near.id, label: null, distance: 2, threshold: 31 },
      { bankId: entry.bankId, bankName: 'known', action: 'block', entryId: entry.id, label: 'case 1', distance: 3, threshold: 31 },
    ]);
    // 31 bits from the entry (26 from the near one) still matches; 32 from the near one does not.
    expect(entryIds(matchers.a.match({ hash: flipped(BASE, 31), quality: 50 }), 'known')).toEqual([near.id, entry.id]);
    expect(entryIds(matchers.a.match({ hash: flipped(BASE, 37), quality: 90 }), 'known')).toEqual([]);
    expect(matchers.a.match({ hash: BASE, quality: 49 })).toEqual([]);
    await followed(() => entryIds(matchers.b.match({ hash: BASE, quality: 90 }), 'known').length === 2);
  });

  it('matches rotated and mirrored copies only in banks with dihedral matching on', async () => {
    const original = await pdqOf('bridge-1-original.jpg');
    const rotated = await pdqOf('bridge-2-rotate-90.jpg');
    const variants = PDQ_DIHEDRAL_TRANSFORMS.map((transform) => pdqWordsFromHex(rotated.variants[transform]));
    await call('a', 'POST', '/v1/banks', { name: 'turned', dihedral: true, action: 'report' });
    await call('a', 'POST', '/v1/banks', { name: 'upright' });
    for (const bank of ['turned', 'upright']) await call('a', 'POST', `/v1/banks/${bank}/entries`, { hash: original.hash, label: 'bridge' });
    const matches = matchers.a.match(rotated, variants);
    expect(matches.map((match) => [match.bankName, match.action, match.label])).toEqual([['turned', 'report', 'bridge']]);
    expect(matches[0]!.distance).toBeLessThanOrEqual(16);
    // Without the variants, or with the upright copy, both banks match as usual.
    expect(matchers.a.match(rotated)).toEqual([]);
    expect(matchers.a.match(original, variants).map((match) => match.bankName).sort()).toEqual(['turned', 'upright']);
  });

  it('stops matching a removed entry at once on A and within a couple of seconds on B', async () => {
    const doomed = await call('a', 'POST', '/v1/banks/known/entries', { hash: flipped(BASE, 120), label: 'mistake' });
    const query = { hash: flipped(BASE, 120), quality: 80 };
    await followed(() => entryIds(matchers.b.match(query), 'known').includes(doomed.id));
    await call('a', 'DELETE', `/v1/banks/known/entries/${doomed.id}`);
    expect(entryIds(matchers.a.match(query), 'known')).toEqual([]);
    const took = await followed(() => !entryIds(matchers.b.match(query), 'known').includes(doomed.id));
    console.log(`hash banks (${database}): a removal through A stopped matching on B after ${took} ms (polling every ${REFRESH_MS} ms)`);
    expect(took).toBeLessThan(FOLLOW_MS);
  });

  it('follows imports, settings and deletions made through the other server', async () => {
    const imported = await call('b', 'POST', '/v1/banks/known/import', `${'5a'.repeat(32)}\n${'c3'.repeat(32)}\n`, 'text/plain');
    expect(imported.added).toBe(2);
    await followed(() => matchers.a.match({ hash: flipped('c3'.repeat(32), 4), quality: 80 }).length === 1);
    await call('b', 'PATCH', '/v1/banks/known', { threshold: 0, action: 'review' });
    await followed(() => matchers.a.match({ hash: flipped(BASE, 1), quality: 80 }).length === 0);
    expect(matchers.a.match({ hash: BASE, quality: 80 })).toEqual([expect.objectContaining({ action: 'review', distance: 0, threshold: 0 })]);
    await call('a', 'PATCH', '/v1/banks/known', { enabled: false });
    expect(matchers.a.match({ hash: BASE, quality: 80 })).toEqual([]);
    await followed(() => matchers.b.match({ hash: BASE, quality: 80 }).length === 0);
    await call('b', 'PATCH', '/v1/banks/known', { enabled: true });
    await followed(() => matchers.a.match({ hash: BASE, quality: 80 }).length === 1);
    await call('a', 'DELETE', '/v1/banks/known');
    expect(matchers.a.banks().map((bank) => bank.name)).toEqual(['turned', 'upright']);
    await followed(() => matchers.b.banks().every((bank) => bank.name !== 'known'));
    expect(matchers.b.banks()).toEqual([
      expect.objectContaining({ name: 'turned', enabled: true, entries: 1 }),
      expect.objectContaining({ name: 'upright', enabled: true, entries: 1 }),
    ]);
  });
});
