import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FindOptionsWhere } from 'typeorm';
import { parsePolicy } from '../../../src/engine/policy/parse-policy';
import { DecisionEntity } from '../../../src/database/entities/decision.entity';
import { ReviewItemEntity } from '../../../src/database/entities/review-item.entity';
import { TestKey, createTestKey } from '../../support/api-keys';
import { COLOUR_POLICY_YAML } from '../../support/colour-policy';
import { nearSolidImage } from '../../tuning/support/colour-labelled-set';
import { Json, TuningServer, startTuningServer } from './tuning-server';

const DATABASES = ['sqlite', 'postgres'] as const;

/** Salmon scores red between 0.5 and 0.7: the active version sends it to review, the candidate allows it. */
const SALMON = [255, 100, 100] as const;

/** The candidate: red's review threshold raised from 0.5 to 0.7. */
const CANDIDATE_YAML = COLOUR_POLICY_YAML.replace('thresholds: { review: 0.5, block: 0.85 }', 'thresholds: { review: 0.7, block: 0.85 }');

/** Another candidate, for the diff: blue loses a prompt and gains one, green's scoring changes, red-shadow goes, grey comes. */
const RESHAPED_YAML = COLOUR_POLICY_YAML.replace('prompts: ["something blue", "a blue object"]', 'prompts: ["something blue", "a blue thing"]')
  .replace('    shadow: true\n    thresholds: { review: 0.3, block: 0.4 }\n', '    shadow: true\n    thresholds: { review: 0.3, block: 0.4 }\n  - id: grey\n    description: grey things\n    prompts: ["something grey"]\n    scoring: cosine\n    thresholds: { review: 0.5, block: 0.9 }\n')
  .replace('  - id: red-shadow\n    description: a shadow copy of red, logged but never enforced\n    prompts: ["a red thing"]\n    scoring: cosine\n    shadow: true\n    thresholds: { review: 0.3, block: 0.4 }\n', '');

/** The policy file as an operator might edit it on disk: green's review threshold lowered. */
const EDITED_FILE_YAML = COLOUR_POLICY_YAML.replace('thresholds: { review: 0.6, block: 0.9 }', 'thresholds: { review: 0.55, block: 0.9 }');

describe.each(DATABASES)('policy versions: shadow, promotion, history (%s)', (database) => {
  let server: TuningServer;
  let admin: TestKey;
  let reviewer: TestKey;
  let submitter: TestKey;
  const fileVersion = parsePolicy(COLOUR_POLICY_YAML, 'colours.yaml').version;
  const candidateVersion = parsePolicy(CANDIDATE_YAML, 'candidate.yaml').version;
  let salmon: Buffer;

  beforeAll(async () => {
    // No quality samples: a review item appears only for a review decision.
    server = await startTuningServer(database, 'policy-versions', { MODERATION_REVIEW_SAMPLE_RATE: '0' });
    admin = await createTestKey(server.app(), 'admin', 'release-manager');
    reviewer = await createTestKey(server.app(), 'reviewer', 'reviewer');
    submitter = await createTestKey(server.app(), 'submitter', 'shop');
    salmon = await nearSolidImage(SALMON);
  });

  afterAll(async () => {
    await server?.close();
  });

  const decisionRows = (where: FindOptionsWhere<DecisionEntity>) => server.dataSource().getRepository(DecisionEntity).find({ where });
  const itemsOf = (decisionId: string) => server.dataSource().getRepository(ReviewItemEntity).find({ where: { decisionId } });

  it('records the policy file as the active version at start', async () => {
    const history = await server.call('GET', '/v1/policies/colours/versions', reviewer);
    expect(history.body).toMatchObject({ policyId: 'colours', activeVersion: fileVersion, shadowVersion: null });
    expect(history.body.versions).toEqual([expect.objectContaining({ version: fileVersion, origin: 'file', active: true, shadow: false, loadedFromFileAt: expect.any(String) })]);
    expect((await server.call('GET', '/v1/policies/colours', reviewer)).body).toMatchObject({ version: fileVersion, shadowVersion: null });
  });

  it('runs a submitted candidate in shadow: logged beside the active decision, never acting', async () => {
    const submitted = await server.call('POST', '/v1/policies/colours/versions', admin, { candidate: CANDIDATE_YAML, shadow: true, reason: 'fewer salmon reviews' });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({
      created: true,
      version: { version: candidateVersion, origin: 'api', shadow: true, active: false },
      state: { activeVersion: fileVersion, shadowVersion: candidateVersion, updatedBy: admin.id },
    });
    expect(submitted.body.lint.map((warning: Json) => warning.code)).toContain('no-contrast-prompts');
    // The same content again stores nothing new.
    expect((await server.call('POST', '/v1/policies/colours/versions', admin, { candidate: CANDIDATE_YAML })).body).toMatchObject({ created: false });

    const reply = await server.moderate(submitter, salmon);
    expect(reply.body).toMatchObject({ action: 'review', policy: { version: fileVersion }, mode: 'enforce', shadowOf: null, reused: false });
    const [shadow, ...others] = await decisionRows({ shadowOf: reply.body.id });
    expect(others).toEqual([]);
    expect(shadow).toMatchObject({ mode: 'shadow', action: 'allow', policyVersion: candidateVersion, apiKeyId: null, idempotencyKey: null, jobId: null, contentSha256: reply.body.content.sha256 });
    // Only the enforced decision reached the review queue.
    expect(await itemsOf(reply.body.id)).toHaveLength(1);
    expect(await itemsOf(shadow!.id)).toEqual([]);
    // A shadow decision is readable by reviewers, never by the submitter, and never reused.
    expect((await server.call('GET', `/v1/decisions/${shadow!.id}`, reviewer)).body).toMatchObject({ mode: 'shadow', shadowOf: reply.body.id });
    expect((await server.call('GET', `/v1/decisions/${shadow!.id}`, submitter)).body.code).toBe('DECISION_NOT_FOUND');
    const again = await server.moderate(submitter, salmon, 'colours', false);
    expect(again.body).toMatchObject({ id: reply.body.id, reused: true, action: 'review' });
    expect(await decisionRows({ policyId: 'colours', mode: 'shadow' })).toHaveLength(1);
  });

  it('compares the shadow with what was enforced', async () => {
    // A clearly red image: both versions block it.
    await server.moderate(submitter, await nearSolidImage([255, 0, 0]));
    const report = await server.call('GET', '/v1/policies/colours/shadow-report?since=1h&examples=10', reviewer);
    expect(report.status).toBe(200);
    const salmonDecision = (await decisionRows({ policyId: 'colours', mode: 'enforce', action: 'review' }))[0]!;
    expect(report.body).toMatchObject({
      policyId: 'colours',
      shadowVersion: candidateVersion,
      activeVersions: [fileVersion],
      pairs: 2,
      agreement: { same: 1, rate: 0.5 },
      overall: { changed: 1, transitions: [{ from: 'review', to: 'allow', count: 1, exampleIds: [salmonDecision.id] }] },
    });
    const red = report.body.categories.find((category: Json) => category.id === 'red');
    expect(red).toMatchObject({ presence: 'both', changed: 1, transitions: [{ from: 'review', to: 'allow', exampleIds: [salmonDecision.id] }] });
    for (const other of report.body.categories.filter((category: Json) => category.id !== 'red')) expect(other.changed).toBe(0);
  });

  it('returns the history of versions and a structured diff between two', async () => {
    expect((await server.call('POST', '/v1/policies/colours/versions', admin, { candidate: RESHAPED_YAML })).status).toBe(201);
    const reshaped = parsePolicy(RESHAPED_YAML, 'reshaped.yaml').version;
    const history = await server.call('GET', '/v1/policies/colours/versions', reviewer);
    expect(history.body.versions.map((entry: Json) => [entry.version, entry.origin, entry.active, entry.shadow])).toEqual([
      [reshaped, 'api', false, false],
      [candidateVersion, 'api', false, true],
      [fileVersion, 'file', true, false],
    ]);
    // Default: from the active version to the one in shadow.
    const toShadow = await server.call('GET', '/v1/policies/colours/versions/diff', reviewer);
    expect(toShadow.body).toMatchObject({ from: fileVersion, to: candidateVersion, identical: false, categories: { added: [], removed: [], unchanged: ['blue', 'green', 'red-shadow'] } });
    expect(toShadow.body.categories.changed).toEqual([
      { id: 'red', prompts: { added: [], removed: [] }, contrastPrompts: { added: [], removed: [] }, templates: { added: [], removed: [] }, thresholds: { review: { from: 0.5, to: 0.7 } } },
    ]);
    const diff = await server.call('GET', `/v1/policies/colours/versions/diff?from=${encodeURIComponent(fileVersion)}&to=${encodeURIComponent(reshaped)}`, reviewer);
    expect(diff.body.categories.added.map((category: Json) => category.id)).toEqual(['grey']);
    expect(diff.body.categories.removed.map((category: Json) => category.id)).toEqual(['red-shadow']);
    expect(diff.body.categories.changed).toEqual([expect.objectContaining({ id: 'blue', prompts: { added: ['a blue thing'], removed: ['a blue object'] } })]);
    const full = await server.call('GET', `/v1/policies/colours/versions/${encodeURIComponent(reshaped)}`, reviewer);
    expect(full.body).toMatchObject({ id: 'colours', version: reshaped });
    expect((await server.call('GET', '/v1/policies/colours/versions/diff?to=sha256:0000000000000000', reviewer)).body.code).toBe('POLICY_VERSION_NOT_FOUND');
  });

  it('promotes the candidate: audited with who and why, enforced from the next request and after a restart', async () => {
    const noReason = await server.call('POST', '/v1/policies/colours/promote', admin, { version: candidateVersion });
    expect(noReason.body.code).toBe('VALIDATION_FAILED');
    // One clear thing per field: the reason is missing (not "must be a string" and two length rules).
    expect(noReason.body.details.errors).toEqual([{ field: 'reason', reasons: ['is required'] }]);
    const blankReason = await server.call('POST', '/v1/policies/colours/promote', admin, { version: candidateVersion, reason: '', extra: 1 });
    expect(blankReason.body.details.errors).toEqual([
      { field: 'extra', reasons: ['property extra should not exist'] },
      { field: 'reason', reasons: ['must be longer than or equal to 1 characters'] },
    ]);
    const promoted = await server.call('POST', '/v1/policies/colours/promote', admin, { version: candidateVersion, reason: 'shadow agreed except on salmon, which reviewers approve' });
    expect(promoted).toMatchObject({ status: 200, body: { activeVersion: candidateVersion, shadowVersion: null, updatedBy: admin.id } });
    expect((await server.call('POST', '/v1/policies/colours/promote', admin, { version: candidateVersion, reason: 'again' })).body.code).toBe('POLICY_STATE_CONFLICT');
    const events = (await server.call('GET', '/v1/audit-events?subjectType=policy&subjectId=colours&action=policy.promote', admin)).body.items;
    expect(events).toEqual([
      expect.objectContaining({
        actor: { id: admin.id, name: 'release-manager', role: 'admin' },
        subject: { type: 'policy', id: 'colours' },
        before: { activeVersion: fileVersion, shadowVersion: candidateVersion },
        after: { activeVersion: candidateVersion, shadowVersion: null, version: candidateVersion, reason: 'shadow agreed except on salmon, which reviewers approve' },
        requestId: expect.any(String),
      }),
    ]);
    const next = await server.moderate(submitter, salmon);
    expect(next.body).toMatchObject({ action: 'allow', policy: { version: candidateVersion } });
    expect((await server.call('GET', '/v1/policies/colours', reviewer)).body).toMatchObject({ version: candidateVersion, shadowVersion: null });

    await server.restart();
    expect((await server.call('GET', '/v1/policies/colours', reviewer)).body.version).toBe(candidateVersion);
    expect((await server.moderate(submitter, salmon)).body).toMatchObject({ action: 'allow', policy: { version: candidateVersion } });
  });

  it('activates a policy file changed on disk once, and a later promotion still survives restarts', async () => {
    writeFileSync(join(server.fixture.policiesDir, 'colours.yaml'), EDITED_FILE_YAML);
    const edited = parsePolicy(EDITED_FILE_YAML, 'colours.yaml').version;
    await server.restart();
    expect((await server.call('GET', '/v1/policies/colours', reviewer)).body.version).toBe(edited);
    const activations = (await server.call('GET', '/v1/audit-events?action=policy.activate&subjectId=colours', admin)).body.items;
    expect(activations[0]).toMatchObject({ actor: { id: null, name: 'system' }, before: { activeVersion: candidateVersion }, after: { activeVersion: edited, reason: 'the policy file changed on disk' } });
    expect((await server.call('POST', '/v1/policies/colours/promote', admin, { version: candidateVersion, reason: 'back to the tuned thresholds' })).status).toBe(200);
    await server.restart();
    expect((await server.call('GET', '/v1/policies/colours', reviewer)).body.version).toBe(candidateVersion);
    const versions = (await server.call('GET', '/v1/policies/colours/versions', reviewer)).body.versions.map((entry: Json) => entry.version);
    expect(versions).toContain(edited);
  });

  it('refuses a missing key, a bad key and a role that may not use the route', async () => {
    const routes: ReadonlyArray<[string, string, 'reviewer' | 'admin', unknown?]> = [
      ['GET', '/v1/policies/colours/versions', 'reviewer'],
      ['GET', '/v1/policies/colours/versions/diff?to=' + encodeURIComponent(fileVersion), 'reviewer'],
      ['GET', `/v1/policies/colours/versions/${encodeURIComponent(fileVersion)}`, 'reviewer'],
      ['GET', `/v1/policies/colours/shadow-report?version=${encodeURIComponent(candidateVersion)}`, 'reviewer'],
      ['POST', '/v1/policies/colours/versions', 'admin', { candidate: CANDIDATE_YAML }],
      ['PUT', '/v1/policies/colours/shadow', 'admin', { version: null, reason: 'stop' }],
      ['POST', '/v1/policies/colours/promote', 'admin', { version: fileVersion, reason: 'roll back' }],
    ];
    for (const [method, path, least, body] of routes) {
      expect([method, path, (await server.call(method, path, undefined, body)).status]).toEqual([method, path, 401]);
      expect([method, path, (await server.call(method, path, 'mod_not-a-real-key', body)).status]).toEqual([method, path, 401]);
      expect([method, path, (await server.call(method, path, submitter, body)).body.code]).toEqual([method, path, 'AUTH_FORBIDDEN']);
      const asReviewer = await server.call(method, path, reviewer, body);
      expect([method, path, asReviewer.status]).toEqual([method, path, least === 'reviewer' ? 200 : 403]);
    }
    // Shadowing the active version makes no sense; an unknown version is not found.
    expect((await server.call('PUT', '/v1/policies/colours/shadow', admin, { version: candidateVersion, reason: 'x' })).body.code).toBe('POLICY_STATE_CONFLICT');
    expect((await server.call('PUT', '/v1/policies/colours/shadow', admin, { version: 'sha256:0000000000000000', reason: 'x' })).body.code).toBe('POLICY_VERSION_NOT_FOUND');
    expect((await server.call('PUT', '/v1/policies/colours/shadow', admin, { version: fileVersion, reason: 'try the file again' })).body).toMatchObject({ shadowVersion: fileVersion });
    const shadowEvents = (await server.call('GET', '/v1/audit-events?action=policy.shadow&subjectId=colours', admin)).body.items;
    expect(shadowEvents[0]).toMatchObject({ actor: { id: admin.id }, after: { shadowVersion: fileVersion, reason: 'try the file again' } });
  });
});
