import { ModerationEngine } from '../../src/engine/moderation-engine';
import { parsePolicy } from '../../src/engine/policy';
import { PolicyRegistry } from '../../src/engine/policy/policy-registry';
import { EvaluationResult } from '../../src/tuning/evaluation/evaluation-result';
import { lintLoadedPolicies, lintPolicy } from '../../src/tuning/lint/lint-policy';
import { logPolicyLintWarnings } from '../../src/tuning/lint/log-policy-lint';
import { CLIP_BIAS_NOTICE, PolicyLintWarning } from '../../src/tuning/lint/policy-lint-warning';
import { createModerationFixture } from '../support/moderation-fixture';
import { join } from 'node:path';

/** A policy with one category, written as the YAML an author would write. */
function categoryPolicy(category: string): ReturnType<typeof parsePolicy> {
  return parsePolicy(`id: lint-test\ndescription: lint\ncategories:\n${category}`, 'lint-test.yaml');
}

const CLEAN = categoryPolicy(`
  - id: green
    description: green things against red and blue look-alikes
    prompts: ["something green"]
    contrastPrompts: ["something red", "something blue"]
    scoring: contrast-softmax
    thresholds: { review: 0.6, block: 0.9 }
`);

function codes(warnings: readonly PolicyLintWarning[]): string[] {
  return warnings.map((warning) => `${warning.code} ${warning.field}`);
}

describe('policy linter', () => {
  let engine: ModerationEngine;

  beforeAll(async () => {
    const fixture = await createModerationFixture('lint');
    engine = await ModerationEngine.create({ model: fixture.modelDir, policies: join(fixture.policiesDir), cacheDir: fixture.cacheDir });
  });

  afterAll(async () => {
    await engine?.close();
  });

  it('passes a clean policy, with its embeddings and an evaluation that covers its thresholds', async () => {
    const evaluation = evaluationOf('lint-test', CLEAN.version, 'green', { min: 0.01, max: 0.99 });
    expect(lintPolicy(CLEAN, { compiled: await engine.compile(CLEAN), evaluation })).toEqual([]);
  });

  it('flags prompts naming protected characteristics, but not a religious symbol as a benign contrast', () => {
    const policy = categoryPolicy(`
  - id: hate
    description: hate
    prompts: ["a muslim family praying", "a swastika flag", "a black man with a gun"]
    contrastPrompts: ["a Hindu religious symbol painted on a doorway", "a gay couple holding hands", "a man holding a black umbrella"]
    scoring: contrast-softmax
    thresholds: { review: 0.5, block: 0.9 }
`);
    const warnings = lintPolicy(policy).filter((warning) => warning.code === 'protected-characteristic');
    expect(codes(warnings)).toEqual([
      'protected-characteristic categories[0].prompts[0]',
      'protected-characteristic categories[0].prompts[2]',
      'protected-characteristic categories[0].contrastPrompts[1]',
    ]);
    expect(warnings.map((warning) => warning.details!.characteristic)).toEqual(['religion', 'race or ethnicity', 'sexual orientation or gender identity']);
  });

  it('flags prompts that identify people: names, faces, celebrities, recognition', () => {
    const policy = categoryPolicy(`
  - id: people
    description: people
    prompts: ["a photo of Barack Obama", "Taylor Swift on stage", "a celebrity lookalike", "a face we should recognise", "a people in Ku Klux Klan robes", "the Eiffel Tower"]
    contrastPrompts: ["a poster"]
    scoring: contrast-softmax
    thresholds: { review: 0.5, block: 0.9 }
`);
    expect(codes(lintPolicy(policy).filter((warning) => warning.code === 'identifies-people'))).toEqual([
      'identifies-people categories[0].prompts[0]',
      'identifies-people categories[0].prompts[1]',
      'identifies-people categories[0].prompts[2]',
      'identifies-people categories[0].prompts[3]',
    ]);
  });

  it('flags near-identical prompts by the engine’s text embeddings: within a category, against a contrast, across categories', async () => {
    const policy = categoryPolicy(`
  - id: red
    description: red
    prompts: ["something red", "Something red"]
    scoring: cosine
    thresholds: { review: 0.5, block: 0.9 }
  - id: blue
    description: blue against its own twin
    prompts: ["something blue"]
    contrastPrompts: ["something BLUE", "something red."]
    scoring: contrast-softmax
    thresholds: { review: 0.5, block: 0.9 }
  - id: crimson
    description: a second red
    prompts: ["SOMETHING RED"]
    scoring: cosine
    thresholds: { review: 0.5, block: 0.9 }
`);
    const warnings = lintPolicy(policy, { compiled: await engine.compile(policy) }).filter((warning) => warning.code === 'near-duplicate-prompts');
    expect(codes(warnings)).toEqual([
      'near-duplicate-prompts categories[0].prompts[1]',
      'near-duplicate-prompts categories[2].prompts[0]',
      'near-duplicate-prompts categories[2].prompts[0]',
      'near-duplicate-prompts categories[1].contrastPrompts[0]',
    ]);
    expect(warnings[3]!.message).toContain('cannot tell what it looks for from its benign look-alike');
    for (const warning of warnings) expect(warning.details!.similarity).toBeGreaterThan(0.95);
  });

  it('flags categories without contrast prompts and thresholds outside the evaluated scores', () => {
    const policy = categoryPolicy(`
  - id: red
    description: red
    prompts: ["something red"]
    scoring: cosine
    thresholds: { review: 0.2, block: 0.99 }
`);
    const evaluation = evaluationOf('lint-test', 'sha256:older', 'red', { min: 0.3, max: 0.95 });
    const warnings = lintPolicy(policy, { evaluation });
    expect(codes(warnings)).toEqual([
      'no-contrast-prompts categories[0]',
      'threshold-outside-evaluated-range categories[0].thresholds.review',
      'threshold-outside-evaluated-range categories[0].thresholds.block',
    ]);
    expect(warnings[1]!.message).toContain('every image of the set');
    expect(warnings[2]!.message).toContain('never fired');
    expect(warnings[2]!.message).toContain('evaluated as version sha256:older');
  });

  it('finds nothing to say about people in the shipped policies', async () => {
    const shipped = await PolicyRegistry.fromDirectory(join(__dirname, '..', '..', 'policies'));
    const wording = shipped.list().flatMap((policy) => lintPolicy(policy)).filter((warning) => warning.code !== 'no-contrast-prompts');
    expect(wording).toEqual([]);
  });

  it('runs on load: lints every loaded policy and logs each warning and the bias notice', async () => {
    const lines: string[] = [];
    const warnings = await logPolicyLintWarnings(engine, (line) => lines.push(line));
    expect(warnings).toEqual(await lintLoadedPolicies(engine));
    // The colour policy's cosine categories have no contrast prompts.
    expect(codes(warnings)).toContain('no-contrast-prompts categories[0]');
    expect(lines).toHaveLength(warnings.length + 1);
    expect(lines[lines.length - 1]).toBe(`policy lint: ${CLIP_BIAS_NOTICE}`);
    expect(CLIP_BIAS_NOTICE).toMatch(/carries the biases of that data/);
  });
});

/** An evaluation that saw scores in `range` for one category. */
function evaluationOf(policyId: string, version: string, categoryId: string, range: { min: number; max: number }): EvaluationResult {
  const metrics = { threshold: 0, tp: 0, fp: 0, tn: 0, fn: 0, precision: null, recall: null, f1: null, fpr: null };
  return {
    policy: { id: policyId, version },
    model: { hash: 'sha256:test' },
    evaluatedAt: '2026-01-01T00:00:00.000Z',
    examples: [],
    categories: [
      {
        id: categoryId,
        scoring: 'cosine',
        shadow: false,
        severity: 'medium',
        thresholds: { review: 0, block: 0 },
        positives: 3,
        negatives: 3,
        unlabelled: 0,
        atReview: metrics,
        atBlock: metrics,
        averagePrecision: null,
        rocAuc: null,
        scoreRange: range,
      },
    ],
  };
}
