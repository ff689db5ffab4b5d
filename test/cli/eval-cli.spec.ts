import { existsSync, readFileSync, writeFileSync, appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ModerationEngine } from '../../src/engine/moderation-engine';
import { createDataSourceOptions } from '../../src/database/database-config';
import { DecisionRepository } from '../../src/core/decisions/decision.repository';
import { StoredDecision } from '../../src/core/decisions/decision.types';
import { EvaluationReport } from '../../src/tuning/evaluation/evaluation-report';
import { evaluateLabelledSet } from '../../src/tuning/evaluation/evaluate-labelled-set';
import { readLabelledSet } from '../../src/tuning/labelled/read-labelled-set';
import { ThresholdSuggestion } from '../../src/tuning/suggest/threshold-suggestion';
import { ReplayReport } from '../../src/tuning/replay/replay-report';
import { COLOUR_POLICY_YAML } from '../support/colour-policy';
import { createModerationFixture, ModerationFixture } from '../support/moderation-fixture';
import { COLOUR_SAMPLES, nearSolidImage, writeColourFolder, writeColourManifest } from '../tuning/support/colour-labelled-set';
import { runModerate } from '../support/run-moderate';
import { ModerationDatabase } from '../../src/database/moderation-database';

/** Counts, from an evaluation's own per-example scores, what a threshold flags: an independent check of its metrics. */
function recount(report: EvaluationReport, categoryId: string, threshold: number): { tp: number; fp: number; fn: number; tn: number } {
  const counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const example of report.evaluation.examples) {
    const label = example.labels[categoryId];
    if (label === undefined) continue;
    const flagged = example.scores[categoryId]! >= threshold;
    if (flagged && label) counts.tp++;
    else if (flagged) counts.fp++;
    else if (label) counts.fn++;
    else counts.tn++;
  }
  return counts;
}

describe('moderate eval, suggest, replay and policy lint', () => {
  let fixture: ModerationFixture;
  let env: NodeJS.ProcessEnv;
  let folder: string;
  let manifest: string;

  beforeAll(async () => {
    fixture = await createModerationFixture('tuning-cli');
    folder = await writeColourFolder(join(fixture.root, 'folder-set'));
    manifest = await writeColourManifest(join(fixture.root, 'csv-set'));
    env = { MODERATION_MODEL: fixture.modelDir, MODERATION_POLICIES: fixture.policiesDir, MODERATION_CACHE_DIR: fixture.cacheDir, MODERATION_DATA_DIR: join(fixture.root, 'data') };
  });

  describe('eval', () => {
    let first: EvaluationReport;

    it('scores a folder-per-label set and prints every metric as JSON', async () => {
      const result = await runModerate(['eval', folder, '--policy', 'colours', '--json'], env);
      expect(result.code).toBe(0);
      first = JSON.parse(result.stdout) as EvaluationReport;
      expect(first.embeddings).toEqual({ computed: COLOUR_SAMPLES.length, cached: 0 });
      expect(first.evaluation.examples).toHaveLength(COLOUR_SAMPLES.length);
      const red = first.evaluation.categories.find((category) => category.id === 'red')!;
      expect(red).toMatchObject({ positives: 6, negatives: 16, unlabelled: 0, thresholds: { review: 0.5, block: 0.85 } });
      expect(red.atReview).toMatchObject(recount(first, 'red', 0.5));
      expect(red.atBlock).toMatchObject(recount(first, 'red', 0.85));
      expect(red.averagePrecision).toBeGreaterThan(0.5);
      expect(red.rocAuc).toBeGreaterThan(0.5);
      // The planted mistakes: orange and brown look red to the model.
      expect(red.atReview.fp).toBeGreaterThanOrEqual(2);
      expect(first.lint.map((warning) => warning.code)).toContain('no-contrast-prompts');
      expect(first.notice).toContain('biases');
    });

    it('re-evaluates from cached embeddings: the vision encoder does not run again', async () => {
      const result = await runModerate(['eval', folder, '--policy', 'colours', '--json'], env);
      expect(result.code).toBe(0);
      const second = JSON.parse(result.stdout) as EvaluationReport;
      expect(second.embeddings).toEqual({ computed: 0, cached: COLOUR_SAMPLES.length });
      expect(second.evaluation.categories).toEqual(first.evaluation.categories);
    });

    it('reads a CSV manifest, writes the HTML report and its JSON twin, and fails on an image it cannot score', async () => {
      writeFileSync(join(fixture.root, 'csv-set', 'images', 'broken.png'), 'not an image');
      appendFileSync(manifest, 'images/broken.png,0,0,0\r\n');
      const reportPath = join(fixture.root, 'out', 'report.html');
      mkdirSync(join(fixture.root, 'out'));
      const result = await runModerate(['eval', manifest, '--policy', 'colours', '--json', '--report', reportPath, '--thumbnails'], { ...env, MODERATION_CACHE_DIR: join(fixture.root, 'csv-cache') });
      expect(result.code).toBe(1);
      const report = JSON.parse(result.stdout) as EvaluationReport;
      expect(report.set).toMatchObject({ kind: 'csv', images: COLOUR_SAMPLES.length + 1 });
      expect(report.failures).toEqual([{ id: 'images/broken.png', code: 'IMAGE_UNSUPPORTED_FORMAT', message: expect.any(String) }]);
      // red-shadow has no column (unlabelled everywhere); green is blank on the red rows.
      const byId = Object.fromEntries(report.evaluation.categories.map((category) => [category.id, category]));
      expect(byId.green).toMatchObject({ positives: 4, negatives: 12, unlabelled: 6 });
      expect(byId['red-shadow']).toMatchObject({ positives: 0, negatives: 0, unlabelled: COLOUR_SAMPLES.length, averagePrecision: null });
      const html = readFileSync(reportPath, 'utf8');
      expect(html).toContain('<svg');
      expect(html).toContain('data:image/webp;base64,');
      expect(JSON.parse(readFileSync(join(fixture.root, 'out', 'report.json'), 'utf8'))).toEqual(report);
    });

    it('prints a table for people', async () => {
      const result = await runModerate(['eval', folder, '--policy', 'colours'], env);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^red\s+6\s+16\s/m);
      expect(result.stdout).toContain('embeddings 0 computed, 22 cached');
    });

    it('refuses an unusable set with every problem listed', async () => {
      mkdirSync(join(fixture.root, 'bad-set', 'purple'), { recursive: true });
      writeFileSync(join(fixture.root, 'bad-set', 'purple', 'x.png'), await nearSolidImage([160, 0, 160]));
      const result = await runModerate(['eval', join(fixture.root, 'bad-set'), '--policy', 'colours'], env);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('VALIDATION_FAILED');
      expect(result.stderr).toContain('purple: is neither a category');
    });
  });

  it('counts embeddings in-process: a second evaluation encodes no frame', async () => {
    const engine = await ModerationEngine.create({ model: fixture.modelDir, policies: fixture.policiesDir, cacheDir: join(fixture.root, 'stats-cache') });
    try {
      const policy = engine.policies.get('colours');
      const set = await readLabelledSet(folder, { categories: policy.categories.map((category) => category.id) });
      const before = engine.stats().framesEncoded;
      const first = await evaluateLabelledSet(engine, policy, set, { cacheDir: join(fixture.root, 'stats-cache') });
      expect(engine.stats().framesEncoded - before).toBe(COLOUR_SAMPLES.length);
      const again = await evaluateLabelledSet(engine, policy, set, { cacheDir: join(fixture.root, 'stats-cache') });
      expect(engine.stats().framesEncoded - before).toBe(COLOUR_SAMPLES.length);
      expect(again.embeddings).toEqual({ computed: 0, cached: COLOUR_SAMPLES.length });
      expect(again.evaluation.categories).toEqual(first.evaluation.categories);
    } finally {
      await engine.close();
    }
  });

  it('suggest: a block threshold that reaches precision 0.95 on the set really does', async () => {
    const result = await runModerate(['suggest', folder, '--policy', 'colours', '--target', 'block:precision=0.95', '--target', 'recall=1', '--category', 'red', '--json'], env);
    expect(result.code).toBe(0);
    const { suggestions } = JSON.parse(result.stdout) as { suggestions: ThresholdSuggestion[] };
    expect(suggestions.map((suggestion) => [suggestion.categoryId, suggestion.level, suggestion.target.metric, suggestion.reached])).toEqual([
      ['red', 'block', 'precision', true],
      ['red', 'review', 'recall', true],
    ]);
    const evaluation = JSON.parse((await runModerate(['eval', folder, '--policy', 'colours', '--json'], env)).stdout) as EvaluationReport;
    const block = recount(evaluation, 'red', suggestions[0]!.suggested!);
    expect(block.tp / (block.tp + block.fp)).toBeGreaterThanOrEqual(0.95);
    expect(suggestions[0]!.labelled!.suggested).toMatchObject(block);
    const review = recount(evaluation, 'red', suggestions[1]!.suggested!);
    expect(review.fn).toBe(0);
  });

  describe('with a decision log', () => {
    const recorded: StoredDecision[] = [];
    let candidateFile: string;

    beforeAll(async () => {
      const engine = await ModerationEngine.create({ model: fixture.modelDir, policies: fixture.policiesDir, cacheDir: fixture.cacheDir });
      const dataSource = new DataSource(createDataSourceOptions({ sqlitePath: join(String(env.MODERATION_DATA_DIR), 'moderation.sqlite') }));
      await dataSource.initialize();
      try {
        const store = new DecisionRepository(new ModerationDatabase(dataSource));
        const policy = engine.policies.get('colours');
        for (const sample of COLOUR_SAMPLES) recorded.push(await store.record({ decision: await engine.score(await nearSolidImage(sample.colour), 'colours'), policy }));
      } finally {
        await dataSource.destroy();
        await engine.close();
      }
      candidateFile = join(fixture.root, 'candidate.yaml');
      writeFileSync(candidateFile, COLOUR_POLICY_YAML.replace('thresholds: { review: 0.5, block: 0.85 }', 'thresholds: { review: 0.7, block: 0.85 }'));
    });

    it('replay: reports the decisions a moved threshold flips, as JSON and for people', async () => {
      const expected = recorded.filter((decision) => {
        const red = decision.categories.find((category) => category.id === 'red')!.score;
        return red >= 0.5 && red < 0.7 && decision.action === 'review' && decision.triggered.length === 1;
      });
      const result = await runModerate(['replay', '--policy-file', candidateFile, '--json', '--examples', '50'], env);
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as ReplayReport & { skipped: { otherModels: number } };
      expect(report.decisions).toBe(recorded.length);
      expect(report.skipped.otherModels).toBe(0);
      expect(report.overall.transitions).toHaveLength(1);
      expect(report.overall.transitions[0]).toMatchObject({ from: 'review', to: 'allow', count: expected.length });
      expect([...report.overall.transitions[0]!.exampleIds].sort()).toEqual(expected.map((decision) => decision.id).sort());
      expect(result.stderr).toContain('policy lint:');

      const people = await runModerate(['replay', '--policy-file', candidateFile, '--baseline', 'current', '--since', '1d'], env);
      expect(people.code).toBe(0);
      expect(people.stdout).toContain(`Enforced action: ${expected.length} of ${recorded.length} would change.`);
      expect(people.stdout).toMatch(/review → allow: \d+/);
    });

    it('suggest: a review threshold for a daily volume over the stored decisions', async () => {
      const until = new Date(Date.now() + 60_000).toISOString();
      const result = await runModerate(['suggest', '--policy', 'colours', '--target', 'review:volume=2', '--category', 'red', '--since', '1d', '--until', until, '--json'], env);
      expect(result.code).toBe(0);
      const { suggestions, history } = JSON.parse(result.stdout) as { suggestions: ThresholdSuggestion[]; history: { days: number } };
      expect(history.days).toBeCloseTo(1, 2);
      expect(suggestions[0]).toMatchObject({ categoryId: 'red', reached: true, pastDecisions: { total: recorded.length } });
      const inReview = recorded.filter((decision) => {
        const red = decision.categories.find((category) => category.id === 'red')!.score;
        return red >= suggestions[0]!.suggested! && red < 0.85;
      });
      expect(inReview.length).toBeLessThanOrEqual(2);
    });

    it('replay refuses a data folder without a decision log', async () => {
      const result = await runModerate(['replay', '--policy-file', candidateFile], { ...env, MODERATION_DATA_DIR: join(fixture.root, 'nowhere') });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('DATABASE_UNAVAILABLE');
    });
  });

  it('policy lint: warns, says so in JSON, fails with --strict, and works without the model', async () => {
    const json = await runModerate(['policy', 'lint', '--json'], env);
    expect(json.code).toBe(0);
    const { warnings, notice } = JSON.parse(json.stdout) as { warnings: Array<{ code: string; categoryId: string }>; notice: string };
    expect(warnings.map((warning) => `${warning.code} ${warning.categoryId}`)).toEqual(['no-contrast-prompts red', 'no-contrast-prompts blue', 'no-contrast-prompts red-shadow']);
    expect(notice).toContain('biases');
    const strict = await runModerate(['policy', 'lint', '--strict', '--no-embeddings', '--evaluation', join(fixture.root, 'out', 'report.json')], { ...env, MODERATION_MODEL: join(fixture.root, 'no-model') });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('[threshold-outside-evaluated-range] block 0.99 is above every evaluated score');
    expect(existsSync(join(fixture.root, 'no-model'))).toBe(false);
  });
});
