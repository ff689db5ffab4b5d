import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { ModerationEngine } from '../../../src/engine/moderation-engine';
import { TestKey, createTestKey } from '../../support/api-keys';
import { PDQ_REFERENCE_DIR } from '../../support/pdq-reference';
import { COLOUR_POLICY_YAML } from '../../support/colour-policy';
import { tempDir } from '../../support/temp-dir';
import { Json, TuningServer, startTuningServer } from '../policies/tuning-server';

const BRIDGE = readFileSync(join(PDQ_REFERENCE_DIR, 'images', 'bridge-1-original.jpg'));

/** Decisions meet the hash banks: a matched entry's action counts, and the decision explains the match. */
describe('hash banks in decisions (sqlite)', () => {
  let server: TuningServer;
  let admin: TestKey;
  let shop: TestKey;
  let modelAction: string;

  beforeAll(async () => {
    // The colour policy, and copies that name which banks count for them.
    const policies = tempDir('bank-decision-policies');
    writeFileSync(join(policies, 'colours.yaml'), COLOUR_POLICY_YAML);
    writeFileSync(join(policies, 'other-banks.yaml'), COLOUR_POLICY_YAML.replace('id: colours', 'id: other-banks').concat('banks: [elsewhere]\n'));
    writeFileSync(join(policies, 'no-banks.yaml'), COLOUR_POLICY_YAML.replace('id: colours', 'id: no-banks').concat('banks: []\n'));
    writeFileSync(join(policies, 'skip-model.yaml'), COLOUR_POLICY_YAML.replace('id: colours', 'id: skip-model').concat('skipModelOnBankBlock: true\n'));
    server = await startTuningServer('sqlite', 'bank-decisions', { MODERATION_POLICIES: policies });
    admin = await createTestKey(server.app(), 'admin', 'bank-admin');
    shop = await createTestKey(server.app(), 'submitter', 'shop');
  });

  afterAll(async () => {
    await server?.close();
  });

  it('blocks a re-upload of a banked picture, resized and re-encoded too, and says which entry matched and how closely', async () => {
    const first = await server.moderate(shop, BRIDGE, 'colours', false);
    expect(first.status).toBe(200);
    expect(first.body.matches).toEqual([]);
    modelAction = first.body.action;
    expect(modelAction).not.toBe('block');

    const bank = await server.call('POST', '/v1/banks', admin, { name: 'removed', action: 'block' });
    expect(bank.status).toBe(201);
    const entry = await server.call('POST', '/v1/banks/removed/entries', admin, { hash: first.body.pdq.hash, label: 'case 7' });
    expect(entry.status).toBe(201);

    // The same bytes: the decision made before the bank knew them is not reused.
    const again = await server.moderate(shop, BRIDGE, 'colours', false);
    expect(again.body).toMatchObject({ action: 'block', reused: false });
    expect(again.body.id).not.toBe(first.body.id);
    expect(again.body.matches).toEqual([
      { kind: 'pdq', bank: { id: bank.body.id, name: 'removed' }, entry: { id: entry.body.id, label: 'case 7' }, distance: 0, threshold: 31, action: 'block', transform: 'original' },
    ]);
    // The category verdicts are the model's, unchanged; the bank is what blocks.
    expect(again.body.categories).toEqual(first.body.categories);
    expect((await server.call('GET', `/v1/decisions/${again.body.id}`, admin)).body.matches).toEqual(again.body.matches);

    const copy = await sharp(BRIDGE).resize({ width: 300 }).jpeg({ quality: 60 }).toBuffer();
    const resized = await server.moderate(shop, copy, 'colours', true);
    expect(resized.body.action).toBe('block');
    expect(resized.body.matches[0]).toMatchObject({ entry: { id: entry.body.id }, transform: 'original' });
    expect(resized.body.matches[0].distance).toBeGreaterThan(0);
    expect(resized.body.matches[0].distance).toBeLessThanOrEqual(31);
  });

  it('matches rotated copies only where the bank asks for it, and records report-only matches without acting on them', async () => {
    const rotated = await sharp(BRIDGE).rotate(90).jpeg().toBuffer();
    expect((await server.moderate(shop, rotated, 'colours', true)).body.matches).toEqual([]);
    expect((await server.call('PATCH', '/v1/banks/removed', admin, { dihedral: true })).status).toBe(200);
    const turned = await server.moderate(shop, rotated, 'colours', true);
    expect(turned.body.action).toBe('block');
    expect(turned.body.matches[0].transform).not.toBe('original');

    expect((await server.call('PATCH', '/v1/banks/removed', admin, { action: 'report' })).status).toBe(200);
    const reported = await server.moderate(shop, BRIDGE, 'colours', true);
    expect(reported.body.action).toBe(modelAction);
    expect(reported.body.matches).toEqual([expect.objectContaining({ action: 'report', distance: 0 })]);
  });

  it('counts only the banks a policy names, and none for `banks: []`', async () => {
    expect((await server.call('GET', '/v1/policies/other-banks', admin)).body.banks).toEqual(['elsewhere']);
    expect((await server.call('GET', '/v1/policies/colours', admin)).body).not.toHaveProperty('banks');
    const named = await server.moderate(shop, BRIDGE, 'other-banks', true);
    expect(named.body).toMatchObject({ action: modelAction, matches: [] });
    expect((await server.moderate(shop, BRIDGE, 'no-banks', true)).body).toMatchObject({ action: modelAction, matches: [] });
    expect((await server.call('POST', '/v1/banks', admin, { name: 'elsewhere', action: 'review' })).status).toBe(201);
    const bridgeHash = named.body.pdq.hash as string;
    expect((await server.call('POST', '/v1/banks/elsewhere/entries', admin, { hash: bridgeHash })).status).toBe(201);
    const now = await server.moderate(shop, BRIDGE, 'other-banks', false);
    expect(now.body.matches.map((match: Json) => match.bank.name)).toEqual(['elsewhere']);
    expect(now.body.action).toBe('review');
    expect((await server.call('DELETE', '/v1/banks/elsewhere', admin)).status).toBe(200);
  });

  it('decides a blocking match without the model where the policy says so, and leaves such decisions out of what needs an embedding', async () => {
    expect((await server.call('PATCH', '/v1/banks/removed', admin, { action: 'block' })).status).toBe(200);
    const engine = server.app().get(ModerationEngine, { strict: false });
    const before = engine.stats().framesEncoded;
    const skipped = await server.moderate(shop, BRIDGE, 'skip-model', true);
    expect(skipped.body).toMatchObject({ action: 'block', categories: [], triggered: [], content: { framesScored: 0 }, timings: { inferenceMs: 0, queueMs: 0 } });
    expect(skipped.body.matches).toEqual([expect.objectContaining({ bank: expect.objectContaining({ name: 'removed' }), action: 'block', distance: 0 })]);
    expect(engine.stats().framesEncoded).toBe(before);
    expect((await server.call('GET', `/v1/decisions/${skipped.body.id}`, admin)).body).toMatchObject({ action: 'block', categories: [] });
    // A picture no bank blocks still meets the model under the same policy.
    const other = await server.moderate(shop, await sharp({ create: { width: 64, height: 64, channels: 3, background: '#2040c0' } }).png().toBuffer(), 'skip-model', true);
    expect(other.body.categories.length).toBeGreaterThan(0);
    expect(engine.stats().framesEncoded).toBe(before + 1);
    // Replay and search of past traffic read embeddings: the unscored decision is left out, not an error.
    const candidate = COLOUR_POLICY_YAML.replace('id: colours', 'id: skip-model').replace('review: 0.5, block: 0.85', 'review: 0.4, block: 0.85');
    const replay = await server.call('POST', '/v1/tuning/replays', admin, { candidate, since: '1h' });
    expect(replay.status).toBe(200);
    expect(replay.body.report.decisions).toBe(1);
    expect((await server.call('POST', '/v1/search', admin, { decisionId: skipped.body.id })).body.code).toBe('VALIDATION_FAILED');
    expect((await server.call('POST', '/v1/search', admin, { text: 'something blue' })).status).toBe(200);
  });

  it('stops matching at once when the entry is removed', async () => {
    const blocked = await server.moderate(shop, BRIDGE, 'colours', false);
    expect(blocked.body.action).toBe('block');
    const entries = await server.call('GET', '/v1/banks/removed/entries', admin);
    expect((await server.call('DELETE', `/v1/banks/removed/entries/${(entries.body.items as Json[])[0]!.id}`, admin)).status).toBe(200);
    const after = await server.moderate(shop, BRIDGE, 'colours', false);
    expect(after.body).toMatchObject({ action: modelAction, matches: [], reused: false });
  });
});
