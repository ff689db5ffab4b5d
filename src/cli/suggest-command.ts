import { Command } from 'commander';
import { loadEnvironment } from '../config/load-environment';
import { ModerationEngine } from '../engine/moderation-engine';
import { Policy } from '../engine/policy/policy.types';
import { Environment } from '../config/environment';
import { EngineFlags, engineOptionsFromFlags, withEngineFlags } from './engine-flags';
import { formatSuggestions } from './format-suggestions';
import { openDecisionLog } from './open-decision-log';
import { parseTimeFlag, windowText } from '../shared/time-window';
import { evaluateLabelledSet } from '../tuning/evaluation/evaluate-labelled-set';
import { EvaluationResult } from '../tuning/evaluation/evaluation-result';
import { readLabelledSet } from '../tuning/labelled/read-labelled-set';
import { DecisionHistory, collectDecisionHistory } from '../tuning/replay/collect-decision-history';
import { StoredDecisionRepository } from '../features/policies/tuning/stored-decision.repository';
import { suggestThresholds } from '../tuning/suggest/suggest-thresholds';
import { parseThresholdTarget } from '../tuning/suggest/threshold-target';
import { createProgressBar } from './progress-bar';
import { MinimumFlags, minimumsFromFlags, withMinimumFlags } from './suggestion-flags';
import { historyWarnings } from '../tuning/suggest/data-warnings';
import { historySummary } from '../tuning/suggest/history-summary';
import { servedPolicy } from './served-policy';

interface SuggestFlags extends EngineFlags, MinimumFlags {
  policy: string;
  target: string[];
  category: string[];
  decisions?: boolean;
  since?: string;
  until?: string;
  includeShadowMode?: boolean;
  multiLabel?: boolean;
  json?: boolean;
  progress: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `moderate suggest [set] --target …`: thresholds that reach a precision, recall, FPR or daily review volume. */
export function suggestCommand(): Command {
  const command = withEngineFlags(
    new Command('suggest')
      .description('suggest thresholds that reach a target on a labelled set (precision, recall, fpr) or on stored decisions (volume per day)')
      .argument('[set]', 'labelled folder or .csv manifest (needed by precision, recall and fpr targets)')
      .option('-p, --policy <id>', 'policy id', 'default')
      .option('-t, --target <target>', '[review:|block:]precision|recall|fpr|volume=<value>; repeatable (default level: review)', collect, [])
      .option('--category <id>', 'only this category; repeatable (default: every category)', collect, [])
      .option('--decisions', 'also count how many stored decisions would change action (DATABASE_URL / MODERATION_DATA_DIR); implied by volume targets')
      .option('--since <time>', 'stored decisions from this time (ISO-8601, or 7d, 12h ago)')
      .option('--until <time>', 'stored decisions before this time')
      .option('--include-shadow-mode', 'also read decisions recorded in shadow mode')
      .option('--multi-label', 'an image in one category folder says nothing about the other categories')
      .option('--json', 'print the suggestions as JSON')
      .option('--no-progress', 'never draw a progress bar'),
  );
  return withMinimumFlags(command).action(async (set: string | undefined, flags: SuggestFlags) => {
    process.exitCode = await runSuggest(set, flags);
  });
}

async function runSuggest(source: string | undefined, flags: SuggestFlags): Promise<number> {
  const targets = flags.target.map(parseThresholdTarget);
  // One instant for every relative time and the open end of the window, so "30d" spans exactly 30 days.
  const now = new Date();
  const window = { since: flags.since ? parseTimeFlag(flags.since, '--since', now) : undefined, until: flags.until ? parseTimeFlag(flags.until, '--until', now) : undefined };
  const minimums = minimumsFromFlags(flags);
  const env = loadEnvironment(process.env);
  const { options, cacheDir } = engineOptionsFromFlags(env, flags);
  const engine = await ModerationEngine.create(options);
  try {
    // The version the server enforces (its database's active version), else the file; named on stderr.
    const { policy, used } = await servedPolicy(engine, env, flags.policy, (line) => process.stderr.write(`moderate: ${line}\n`));
    const evaluation = source === undefined ? undefined : await evaluate(engine, policy, source, cacheDir, flags);
    const needsHistory = flags.decisions === true || targets.some((target) => target.metric === 'volume');
    const history = needsHistory ? await readHistory(engine, policy, env, window, flags, now) : undefined;
    const suggestions = suggestThresholds({ policy, targets, categories: flags.category, evaluation, history, minimums });
    const context = { history: history ? historySummary(history) : null, warnings: history ? historyWarnings(history, minimums) : [] };
    const output = flags.json
      ? JSON.stringify({ policy: used, window: windowText(window), ...context, minimums, suggestions }, null, 2)
      : formatSuggestions(suggestions, context).join('\n');
    process.stdout.write(`${output}\n`);
    return 0;
  } finally {
    await engine.close();
  }
}

async function evaluate(engine: ModerationEngine, policy: Policy, source: string, cacheDir: string, flags: SuggestFlags): Promise<EvaluationResult> {
  const set = await readLabelledSet(source, { categories: policy.categories.map((category) => category.id), otherCategories: flags.multiLabel ? 'unlabelled' : 'negative' });
  const bar = createProgressBar(set.files.length, flags.progress && process.stderr.isTTY === true);
  try {
    const report = await evaluateLabelledSet(engine, policy, set, { cacheDir, onProgress: (file) => bar.increment(file.id) });
    if (report.failures.length > 0) process.stderr.write(`moderate: ${report.failures.length} image(s) could not be scored and were left out\n`);
    return report.evaluation;
  } finally {
    bar.stop();
  }
}

async function readHistory(
  engine: ModerationEngine,
  policy: Policy,
  env: Environment,
  window: { since?: Date; until?: Date },
  flags: SuggestFlags,
  now: Date,
): Promise<DecisionHistory> {
  const database = await openDecisionLog(env, (line) => process.stderr.write(`moderate: ${line}\n`));
  try {
    const pages = new StoredDecisionRepository(database).pages({
      policyId: policy.id,
      modelHash: engine.model.hash,
      ...window,
      modes: flags.includeShadowMode ? ['enforce', 'shadow'] : ['enforce'],
    });
    return await collectDecisionHistory(pages, await engine.compile(policy), window, now);
  } finally {
    await database.close();
  }
}
