import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { parsePolicy } from '../../src/engine/policy/parse-policy';
import { EvaluationReport } from '../../src/tuning/evaluation/evaluation-report';
import { ReplayReport } from '../../src/tuning/replay/replay-report';
import { ShadowReport } from '../../src/tuning/shadow/shadow-report';
import { ThresholdSuggestion } from '../../src/tuning/suggest/threshold-suggestion';
import { TestKey, createTestKey } from '../support/api-keys';
import { COLOUR_POLICY_YAML } from '../support/colour-policy';
import { runModerate } from '../support/run-moderate';
import { nearSolidImage, writeColourFolder } from '../tuning/support/colour-labelled-set';
import { Json, TuningServer, startTuningServer } from '../features/policies/tuning-server';

/** Salmon scores red between 0.5 and 0.7: the policy file sends it to review, the candidate allows it. */
const SALMON = [255, 100, 100] as const;

/** The candidate: red's review threshold raised from 0.5 to 0.7. */
const CANDIDATE_YAML = COLOUR_POLICY_YAML.replace('thresholds: { review: 0.5, block: 0.85 }', 'thresholds: { review: 0.7, block: 0.85 }');

const fileVersion = parsePolicy(COLOUR_POLICY_YAML, 'colours.yaml').version;
const candidateVersion = parsePolicy(CANDIDATE_YAML, 'candidate.yaml').version;
const cliActor = `cli:${userInfo().username}`;

interface ScoreJson {
  policy: { id: string; version: string; source: string; note: string } | null;
  results: Array<{ file: string; action: string }>;
}

/** The server on one database, a candidate in shadow beside the file, and decisions made under both. */
async function startWithShadow(database: 'sqlite' | 'postgres'): Promise<{ server: TuningServer; admin: TestKey; salmonFile: string; salmonDecision: string }> {
  const server = await startTuningServer(database, 'policy-cli', { MODERATION_REVIEW_SAMPLE_RATE: '0' });
  const admin = await createTestKey(server.app(), 'admin', 'release-manager');
  expect((await server.call('POST', '/v1/policies/colours/versions', admin, { candidate: CANDIDATE_YAML, shadow: true, reason: 'fewer salmon reviews' })).status).toBe(201);
  const salmon = await nearSolidImage(SALMON);
  const salmonFile = join(server.fixture.root, 'salmon.png');
  writeFileSync(salmonFile, salmon);
  const decided = await server.moderate(admin, salmon);
  expect(decided.body).toMatchObject({ action: 'review', policy: { version: fileVersion } });
  await server.moderate(admin, await nearSolidImage([255, 0, 0]));
  return { server, admin, salmonFile, salmonDecision: decided.body.id as string };
}

describe('moderate policy versions, diff, shadow, shadow-report and promote; score, replay, suggest and eval after a promotion (SQLite)', () => {
  let server: TuningServer;
  let admin: TestKey;
  let salmonFile: string;
  let salmonDecision: string;
  const cli = (args: readonly string[], extra: NodeJS.ProcessEnv = {}) => runModerate(args, { ...server.env, LOG_LEVEL: 'error', ...extra });

  beforeAll(async () => {
    ({ server, admin, salmonFile, salmonDecision } = await startWithShadow('sqlite'));
  });

  afterAll(async () => {
    await server?.close();
  });

  it('lists the versions, shows the diff to the shadow, and reports how the shadow compared', async () => {
    const versions = await cli(['policy', 'versions', 'colours', '--json']);
    expect(versions.code).toBe(0);
    const history = JSON.parse(versions.stdout) as Json;
    expect(history).toMatchObject({ policyId: 'colours', activeVersion: fileVersion, shadowVersion: candidateVersion });
    expect(history.versions.map((entry: Json) => [entry.version, entry.origin, entry.active, entry.shadow])).toEqual([
      [candidateVersion, 'api', false, true],
      [fileVersion, 'file', true, false],
    ]);
    const people = await cli(['policy', 'versions', 'colours']);
    expect(people.stdout).toMatch(new RegExp(`^  ${escape(candidateVersion)}\\s+shadow\\s+submitted`, 'm'));

    const diff = await cli(['policy', 'diff', 'colours']);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain(`${fileVersion} → ${candidateVersion}, the active version against the version in shadow`);
    expect(diff.stdout).toMatch(/^ {2}red\s+0\.5 → 0\.7\s+unchanged$/m);
    const diffJson = JSON.parse((await cli(['policy', 'diff', 'colours', '--json'])).stdout) as Json;
    expect(diffJson).toMatchObject({ from: fileVersion, to: candidateVersion, compared: 'active-to-shadow', categories: { changed: [{ id: 'red', thresholds: { review: { from: 0.5, to: 0.7 } } }] } });

    const report = await cli(['policy', 'shadow-report', 'colours', '--json']);
    expect(report.code).toBe(0);
    const shadow = JSON.parse(report.stdout) as ShadowReport;
    expect(shadow).toMatchObject({ shadowVersion: candidateVersion, activeVersions: [fileVersion], pairs: 2, agreement: { same: 1 } });
    expect(shadow.overall.transitions).toEqual([expect.objectContaining({ from: 'review', to: 'allow', count: 1, exampleIds: [salmonDecision] })]);
    // The default window is the last week.
    expect(Date.now() - Date.parse(shadow.window.since!)).toBeGreaterThan(6.9 * 86_400_000);
    const text = await cli(['policy', 'shadow-report', 'colours', '--since', '1h']);
    expect(text.stdout).toContain('2 decisions compared');
    expect(text.stdout).toContain(`review → allow: 1  e.g. ${salmonDecision}`);
  });

  it('after a promotion through the API, score, replay --baseline current, suggest and eval use the promoted version and name it', async () => {
    const promoted = await server.call('POST', '/v1/policies/colours/promote', admin, { version: candidateVersion, reason: 'shadow agreed except on salmon' });
    expect(promoted.body).toMatchObject({ activeVersion: candidateVersion });

    const score = await cli(['score', salmonFile, '--policy', 'colours', '--json']);
    expect(score.code).toBe(0);
    const scored = JSON.parse(score.stdout) as ScoreJson;
    // Under the file, salmon goes to review; under the promoted version (review at 0.7) it is allowed.
    expect(scored.results).toEqual([expect.objectContaining({ file: salmonFile, action: 'allow' })]);
    expect(scored.policy).toMatchObject({ id: 'colours', version: candidateVersion, source: 'database' });
    expect(score.stderr).toContain(`policy colours: using version ${candidateVersion}, the active version in`);

    // The candidate is the file again: against the promoted baseline, salmon goes back from allow to review.
    const fileCandidate = join(server.fixture.root, 'file-again.yaml');
    writeFileSync(fileCandidate, COLOUR_POLICY_YAML);
    const replay = await cli(['replay', '--policy-file', fileCandidate, '--baseline', 'current', '--json', '--examples', '10']);
    expect(replay.code).toBe(0);
    const replayed = JSON.parse(replay.stdout) as ReplayReport & { baselinePolicy: Json };
    expect(replayed.policy.baseline).toEqual({ version: candidateVersion });
    expect(replayed.baselinePolicy).toMatchObject({ version: candidateVersion, source: 'database' });
    expect(replayed.overall.transitions).toEqual([expect.objectContaining({ from: 'allow', to: 'review', exampleIds: expect.arrayContaining([salmonDecision]) })]);
    expect(replay.stderr).toContain(`using version ${candidateVersion}`);

    const set = await writeColourFolder(join(server.fixture.root, 'labelled'));
    const suggest = await cli(['suggest', set, '--policy', 'colours', '--target', 'review:recall=1', '--category', 'red', '--json']);
    expect(suggest.code).toBe(0);
    const suggested = JSON.parse(suggest.stdout) as { policy: Json; suggestions: ThresholdSuggestion[] };
    expect(suggested.policy).toMatchObject({ id: 'colours', version: candidateVersion, source: 'database' });
    // The threshold in force is the promoted one, not the file's 0.5.
    expect(suggested.suggestions[0]).toMatchObject({ categoryId: 'red', level: 'review', current: 0.7 });
    expect(suggest.stderr).toContain(`using version ${candidateVersion}`);

    const evaluation = await cli(['eval', set, '--policy', 'colours', '--json']);
    expect(evaluation.code).toBe(0);
    const evaluated = JSON.parse(evaluation.stdout) as EvaluationReport;
    expect(evaluated.evaluation.policy.version).toBe(candidateVersion);
    expect(evaluated.evaluation.categories.find((category) => category.id === 'red')!.thresholds.review).toBe(0.7);
  });

  it('refuses a change the API refuses: no reason, a blank one, an unknown version, a version and --off', async () => {
    const noReason = await cli(['policy', 'promote', 'colours', fileVersion]);
    expect(noReason.code).not.toBe(0);
    expect(noReason.stderr).toContain("required option '-r, --reason <text>' not specified");
    const blank = await cli(['policy', 'promote', 'colours', fileVersion, '--reason', '  ']);
    expect([blank.code, blank.stderr]).toEqual([2, expect.stringContaining('VALIDATION_FAILED: --reason: must not be blank')]);
    const unknown = await cli(['policy', 'promote', 'colours', 'sha256:0000000000000000', '--reason', 'x']);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining('POLICY_VERSION_NOT_FOUND')]);
    const both = await cli(['policy', 'shadow', 'colours', candidateVersion, '--off', '--reason', 'x']);
    expect([both.code, both.stderr]).toEqual([2, expect.stringContaining('give a version to run in shadow, or --off')]);
    expect((await server.call('GET', '/v1/policies/colours/versions', admin)).body).toMatchObject({ activeVersion: candidateVersion, shadowVersion: null });
  });

  it('promotes and shadows from the command line, audited with the OS user, as the API does', async () => {
    const rollback = await cli(['policy', 'promote', 'colours', fileVersion, '--reason', 'salmon complaints', '--json']);
    expect(rollback.code).toBe(0);
    expect(JSON.parse(rollback.stdout)).toMatchObject({ policyId: 'colours', activeVersion: fileVersion, shadowVersion: null, updatedBy: null, actor: cliActor });
    const again = await cli(['policy', 'promote', 'colours', fileVersion, '--reason', 'again']);
    expect([again.code, again.stderr]).toEqual([2, expect.stringContaining('POLICY_STATE_CONFLICT')]);

    const shadow = await cli(['policy', 'shadow', 'colours', candidateVersion, '--reason', 'watch it once more']);
    expect(shadow.code).toBe(0);
    expect(shadow.stdout).toContain(`Policy colours: ${candidateVersion} runs in shadow (before: none); active ${fileVersion}.`);
    expect(shadow.stdout).toContain(`Audited as ${cliActor}.`);
    const off = await cli(['policy', 'shadow', 'colours', '--off', '--reason', 'enough']);
    expect(off.stdout).toContain('no version runs in shadow');

    // The server reads the same database: its API sees the state and the audit trail the CLI wrote.
    expect((await server.call('GET', '/v1/policies/colours/versions', admin)).body).toMatchObject({ activeVersion: fileVersion, shadowVersion: null });
    const promotions = (await server.call('GET', '/v1/audit-events?action=policy.promote&subjectId=colours', admin)).body.items;
    expect(promotions[0]).toMatchObject({
      actor: { id: null, name: cliActor, role: null },
      before: { activeVersion: candidateVersion, shadowVersion: null },
      after: { activeVersion: fileVersion, version: fileVersion, reason: 'salmon complaints' },
      requestId: null,
    });
    const shadows = (await server.call('GET', '/v1/audit-events?action=policy.shadow&subjectId=colours', admin)).body.items;
    expect(shadows.slice(0, 2).map((event: Json) => [event.actor.name, event.after.shadowVersion, event.after.reason])).toEqual([
      [cliActor, null, 'enough'],
      [cliActor, candidateVersion, 'watch it once more'],
    ]);

    // With no shadow, the diff is what the last promotion changed: the promoted version against the file it replaced.
    const diff = JSON.parse((await cli(['policy', 'diff', 'colours', '--json'])).stdout) as Json;
    expect(diff).toMatchObject({ from: candidateVersion, to: fileVersion, compared: 'previous-to-active' });
  });

  it('says it reads the policy files when there is no database', async () => {
    const score = await cli(['score', salmonFile, '--policy', 'colours', '--json'], { MODERATION_DATA_DIR: join(server.fixture.root, 'no-data') });
    expect(score.code).toBe(0);
    const scored = JSON.parse(score.stdout) as ScoreJson;
    expect(scored.policy).toMatchObject({ version: fileVersion, source: 'files' });
    expect(scored.results[0]!.action).toBe('review');
    expect(score.stderr).toContain(`policy colours: using version ${fileVersion}, read from the policy file`);
    expect(score.stderr).toContain('(no database: DATABASE_URL is not set and');
    const versions = await cli(['policy', 'versions', 'colours'], { MODERATION_DATA_DIR: join(server.fixture.root, 'no-data') });
    expect([versions.code, versions.stderr]).toEqual([2, expect.stringContaining("DATABASE_UNAVAILABLE: Policy versions live in the server's database")]);
  });
});

describe('moderate score and policy promote on PostgreSQL', () => {
  let server: TuningServer;
  let admin: TestKey;
  let salmonFile: string;
  const cli = (args: readonly string[]) => runModerate(args, { ...server.env, LOG_LEVEL: 'error' });

  beforeAll(async () => {
    ({ server, admin, salmonFile } = await startWithShadow('postgres'));
  });

  afterAll(async () => {
    await server?.close();
  });

  it('scores with the version promoted through the API, and rolls it back with an audited CLI promotion', async () => {
    expect((await server.call('POST', '/v1/policies/colours/promote', admin, { version: candidateVersion, reason: 'tuned' })).status).toBe(200);
    const score = await cli(['score', salmonFile, '--policy', 'colours', '--json']);
    expect(score.code).toBe(0);
    const scored = JSON.parse(score.stdout) as ScoreJson;
    expect(scored.policy).toMatchObject({ version: candidateVersion, source: 'database' });
    expect(scored.results[0]!.action).toBe('allow');
    expect(score.stderr).toContain(`using version ${candidateVersion}, the active version in the database at DATABASE_URL`);

    expect((await cli(['policy', 'promote', 'colours', fileVersion, '--reason', 'roll back'])).code).toBe(0);
    const events = (await server.call('GET', '/v1/audit-events?action=policy.promote&subjectId=colours', admin)).body.items;
    expect(events[0]).toMatchObject({ actor: { id: null, name: cliActor }, after: { activeVersion: fileVersion, reason: 'roll back' } });
    const rescored = JSON.parse((await cli(['score', salmonFile, '--policy', 'colours', '--json'])).stdout) as ScoreJson;
    expect([rescored.policy?.version, rescored.results[0]!.action]).toEqual([fileVersion, 'review']);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
