import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ModerationEngine } from '../../src/engine/moderation-engine';
import { createDataSourceOptions } from '../../src/database/database-config';
import { DecisionRepository } from '../../src/core/decisions/decision.repository';
import { ModerationDatabase } from '../../src/database/moderation-database';
import { ThresholdSuggestion } from '../../src/tuning/suggest/threshold-suggestion';
import { SuggestionWarning } from '../../src/tuning/suggest/suggestion-warning';
import { HistorySummary } from '../../src/tuning/suggest/history-summary';
import { createModerationFixture } from '../support/moderation-fixture';
import { runModerate } from '../support/run-moderate';
import { nearSolidImage, writeColourFolder } from '../tuning/support/colour-labelled-set';
import { RED_SHADES } from '../tuning/support/red-shades-set';

/** What `moderate suggest --json` prints. */
interface SuggestAnswer {
  readonly window: { since: string | null; until: string | null };
  readonly history: HistorySummary | null;
  readonly warnings: SuggestionWarning[];
  readonly minimums: { positives: number; negatives: number; decisions: number; windowHours: number };
  readonly suggestions: ThresholdSuggestion[];
}

const codes = (warnings: readonly SuggestionWarning[]): string[] => warnings.map((warning) => warning.code);

describe('moderate suggest: consistent suggestions, honest about their data', () => {
  let env: NodeJS.ProcessEnv;
  let folder: string;
  /** Each stored decision's red score, as the server recorded it. */
  const redScores: number[] = [];

  beforeAll(async () => {
    const fixture = await createModerationFixture('suggest-cli');
    folder = await writeColourFolder(join(fixture.root, 'red-shades'), RED_SHADES);
    env = { MODERATION_MODEL: fixture.modelDir, MODERATION_POLICIES: fixture.policiesDir, MODERATION_CACHE_DIR: fixture.cacheDir, MODERATION_DATA_DIR: join(fixture.root, 'data') };
    // The same images as traffic, recorded in a few seconds: the decision log `--decisions` reads.
    const engine = await ModerationEngine.create({ model: fixture.modelDir, policies: fixture.policiesDir, cacheDir: fixture.cacheDir });
    const dataSource = new DataSource(createDataSourceOptions({ sqlitePath: join(fixture.root, 'data', 'moderation.sqlite') }));
    await dataSource.initialize();
    try {
      const store = new DecisionRepository(new ModerationDatabase(dataSource));
      const policy = engine.policies.get('colours');
      for (const sample of RED_SHADES) {
        const recorded = await store.record({ decision: await engine.score(await nearSolidImage(sample.colour), 'colours'), policy });
        redScores.push(recorded.categories.find((category) => category.id === 'red')!.score);
      }
    } finally {
      await dataSource.destroy();
      await engine.close();
    }
  });

  const suggest = async (args: readonly string[]): Promise<SuggestAnswer> => {
    const result = await runModerate(['suggest', ...args, '--policy', 'colours', '--category', 'red', '--json'], env);
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as SuggestAnswer;
  };

  it('refuses to suggest review above block when a block precision and a review recall target conflict', async () => {
    const answer = await suggest([folder, '--target', 'block:precision=0.98', '--target', 'review:recall=0.9']);
    const [block, review] = answer.suggestions;
    expect(block).toMatchObject({ level: 'block', suggested: null, reached: false });
    expect(review).toMatchObject({ level: 'review', suggested: null, reached: false });
    expect(block!.labelled).toMatchObject({ positives: 12, negatives: 12 });
    // What each target alone needs: block at the dullest red, review above it.
    expect(block!.alone!).toBeLessThan(review!.alone!);
    // Twelve labelled reds are fewer than the default minimum of 20: said too, with the count.
    expect(codes(block!.warnings)).toEqual(['TOO_FEW_POSITIVES', 'TOO_FEW_NEGATIVES', 'TARGETS_CONFLICT']);
    expect(codes(review!.warnings)).toEqual(['TOO_FEW_POSITIVES', 'TARGETS_CONFLICT']);
    expect(review!.warnings[1]!.message).toContain(`review recall ≥ 0.9 alone needs review ${review!.alone}, above the block ${block!.alone}`);
    expect(answer.minimums).toEqual({ positives: 20, negatives: 20, decisions: 100, windowHours: 1 });

    const people = await runModerate(['suggest', folder, '--policy', 'colours', '--category', 'red', '--target', 'block:precision=0.98', '--target', 'review:recall=0.9', '--min-positives', '10', '--min-negatives', '10'], env);
    expect(people.stdout).toContain(`– (alone ${review!.alone})`);
    expect(people.stdout).toMatch(/red review recall ≥ 0\.9: \[TARGETS_CONFLICT\] /);
    expect(people.stdout).not.toContain('TOO_FEW');
    expect(people.stdout).toMatch(/^red\s+block precision ≥ 0\.98\s+0\.85\s+– \(alone [\d.]+\)\s+no\s+12\/12/m);
  });

  it('keeps the current review threshold when there is less traffic than the volume asked for', async () => {
    const answer = await suggest(['--target', 'review:volume=200', '--since', '1d']);
    const [review] = answer.suggestions;
    expect(review).toMatchObject({ current: 0.5, suggested: 0.5, reached: true });
    expect(codes(review!.warnings)).toEqual(['TOO_FEW_DECISIONS', 'VOLUME_ABOVE_TRAFFIC']);
    expect(codes(answer.warnings)).toEqual(['TOO_FEW_DECISIONS']);
    expect(answer.warnings[0]!.message).toBe(`${RED_SHADES.length} stored decision(s) in the window, fewer than the 100 a rate per day needs to mean much`);

    // A volume that binds stays among the scores seen, and flags no more than it may.
    const binding = (await suggest(['--target', 'review:volume=2', '--since', '1d', '--min-decisions', '10'])).suggestions[0]!;
    expect(binding).toMatchObject({ reached: true, warnings: [] });
    expect(binding.suggested!).toBeGreaterThanOrEqual(Math.min(...redScores));
    expect(redScores.filter((score) => score >= binding.suggested! && score < 0.85).length).toBeLessThanOrEqual(2);
  });

  it('gives no rate per day from seconds of traffic, and states the window it counted over', async () => {
    const answer = await suggest([folder, '--target', 'recall=0.9', '--decisions']);
    expect(answer.suggestions[0]).toMatchObject({ reached: true, volume: { days: null, currentPerDay: null, suggestedPerDay: null } });
    expect(answer.history).toMatchObject({ decisions: RED_SHADES.length, rateWindow: { basis: 'decisions' } });
    expect(answer.history!.days!).toBeLessThan(1 / 24);
    expect(codes(answer.warnings)).toEqual(['WINDOW_TOO_SHORT', 'TOO_FEW_DECISIONS']);
    const people = await runModerate(['suggest', folder, '--policy', 'colours', '--category', 'red', '--target', 'recall=0.9', '--decisions'], env);
    expect(people.stdout).toContain('[WINDOW_TOO_SHORT] rates per day need at least 1 h of traffic');
    expect(people.stdout).toMatch(/stored decision\(s\) over \S+ to \S+ \(\d+ s, first to last decision: give --since for a window of your own\); too short for a rate per day\./);
    expect(people.stdout).not.toMatch(/\d{4,}\.\d per day|\s\d{4,}\.\d\s/);

    // A day asked for is exactly a day, and the rates are counted over it.
    const day = await suggest([folder, '--target', 'recall=0.9', '--decisions', '--since', '1d', '--min-positives', '10', '--min-decisions', '10']);
    expect(day.history).toMatchObject({ days: 1, rateWindow: { days: 1, basis: 'requested' } });
    expect(day.warnings).toEqual([]);
    const flagged = redScores.filter((score) => score >= 0.5 && score < 0.85).length;
    expect(day.suggestions[0]!.volume!.currentPerDay).toBe(flagged);
  });

  it('refuses a bad minimum, naming the flag', async () => {
    const result = await runModerate(['suggest', folder, '--policy', 'colours', '--target', 'recall=0.9', '--min-window-hours', '-1'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('VALIDATION_FAILED');
    expect(result.stderr).toContain('--min-window-hours must be a number of hours, at least 0');
  });
});
