import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AUTH_DISABLED_PRINCIPAL } from '../../../src/features/access/auth/principal';
import { PolicyRegistry } from '../../../src/engine/policy/policy-registry';
import { parsePolicy } from '../../../src/engine/policy/parse-policy';
import { Policy } from '../../../src/engine/policy/policy.types';
import { startEngine } from '../../../src/core/start-engine';
import { lintLoadedPolicies } from '../../../src/tuning/lint/lint-policy';
import { createDataSourceOptions } from '../../../src/database/database-config';
import { PolicyVersionEntity } from '../../../src/database/entities/policy-version.entity';
import { ActivePolicies } from '../../../src/features/policies/versions/active-policies';
import { loadActivePolicies } from '../../../src/features/policies/versions/load-active-policies';
import { PolicyVersionRepository } from '../../../src/features/policies/versions/policy-version.repository';
import { PolicyVersionsService } from '../../../src/features/policies/versions/policy-versions.service';
import { ModerationDatabase } from '../../../src/database/moderation-database';
import { ModerationEngine } from '../../../src/engine/moderation-engine';
import { COLOUR_POLICY_YAML } from '../../support/colour-policy';
import { createModerationFixture } from '../../support/moderation-fixture';
import { sqliteTestPath } from '../../support/postgres-database';
import { tempDir } from '../../support/temp-dir';

const CANDIDATE_YAML = COLOUR_POLICY_YAML.replace('thresholds: { review: 0.5, block: 0.85 }', 'thresholds: { review: 0.7, block: 0.85 }');
const ACTOR = { principal: AUTH_DISABLED_PRINCIPAL, requestId: null };

/** Two processes on one database: each has its own connection and its own ActivePolicies. */
describe('policy versions across processes, candidate files, lint on start', () => {
  const dataSources: DataSource[] = [];
  const served: ActivePolicies[] = [];
  let files: PolicyRegistry;
  let policiesDir: string;
  const warnings: string[] = [];

  const open = async (path: string): Promise<DataSource> => {
    const dataSource = new DataSource(createDataSourceOptions({ sqlitePath: path }));
    await dataSource.initialize();
    dataSources.push(dataSource);
    return dataSource;
  };
  const load = async (dataSource: DataSource, refreshMs = 0): Promise<ActivePolicies> => {
    const policies = await loadActivePolicies({ versions: new PolicyVersionRepository(new ModerationDatabase(dataSource)), files, policiesDir, refreshMs, log: { warn: (line) => warnings.push(line) } });
    served.push(policies);
    return policies;
  };

  beforeAll(async () => {
    policiesDir = tempDir('active-policies');
    writeFileSync(join(policiesDir, 'colours.yaml'), COLOUR_POLICY_YAML);
    mkdirSync(join(policiesDir, 'candidates'));
    writeFileSync(join(policiesDir, 'candidates', 'colours-strict.yaml'), CANDIDATE_YAML);
    writeFileSync(join(policiesDir, 'candidates', 'broken.yaml'), 'id: colours\ncategories: nope\n');
    writeFileSync(join(policiesDir, 'candidates', 'stranger.yaml'), COLOUR_POLICY_YAML.replace('id: colours', 'id: stranger'));
    files = await PolicyRegistry.fromDirectory(policiesDir);
  });

  afterAll(async () => {
    for (const policies of served) policies.stop();
    for (const dataSource of dataSources) await dataSource.destroy();
  });

  it('records candidate files as versions, skipping the invalid and the unknown with a warning', async () => {
    const path = sqliteTestPath('active-policies-candidates');
    const policies = await load(await open(path));
    expect(policies.get('colours').version).toBe(files.get('colours').version);
    const rows = await dataSources[0]!.getRepository(PolicyVersionEntity).find({ where: { policyId: 'colours' } });
    expect(rows.map((row) => [row.version, row.origin]).sort()).toEqual(
      [
        [files.get('colours').version, 'file'],
        [parsePolicy(CANDIDATE_YAML, 'x').version, 'candidate-file'],
      ].sort(),
    );
    expect(warnings.some((line) => line.includes('broken.yaml skipped: POLICY_INVALID'))).toBe(true);
    expect(warnings.some((line) => line.includes('stranger.yaml is for policy "stranger", which is not loaded'))).toBe(true);
  });

  it('lets another process follow a promotion at its next refresh, or on its timer', async () => {
    const path = sqliteTestPath('active-policies-processes');
    const first = await load(await open(path));
    const second = await load(await open(path));
    const third = await load(await open(path), 20);
    const candidate: Policy = parsePolicy(CANDIDATE_YAML, 'x');
    // Promotion compiles the version first; these processes have no engine, and need none to follow states.
    const engine = { compile: async () => undefined } as unknown as ModerationEngine;
    const versions = new PolicyVersionRepository(new ModerationDatabase(dataSources[dataSources.length - 3]!));
    await new PolicyVersionsService(versions, first, engine).promote('colours', candidate.version, 'tighter red', ACTOR);
    expect(first.get('colours').version).toBe(candidate.version);
    // The other process still serves what it read, until it reads again.
    expect(second.get('colours').version).toBe(files.get('colours').version);
    await second.refresh();
    expect(second.get('colours')).toMatchObject({ version: candidate.version, categories: candidate.categories });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(third.get('colours').version).toBe(candidate.version);
    expect(() => second.get('nope')).toThrow(expect.objectContaining({ code: 'POLICY_NOT_FOUND' }));
  });

  it('summarises lint warnings in one line per policy when the engine starts', async () => {
    const fixture = await createModerationFixture('lint-on-start');
    const lines: string[] = [];
    const engine = await startEngine({ model: fixture.modelDir, policies: fixture.policiesDir, cacheDir: fixture.cacheDir }, { warn: (line: string) => lines.push(line) });
    const warnings = await lintLoadedPolicies(engine);
    await engine.close();
    // The colour policy's three cosine categories have no contrast prompts.
    expect(warnings.filter((warning) => warning.code === 'no-contrast-prompts')).toHaveLength(3);
    expect(lines).toEqual([`policy colours: ${warnings.length} lint warnings (${warnings.length} no-contrast-prompts); details: \`moderate policy lint --policy colours\``]);
  });
});
