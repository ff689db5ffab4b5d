import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { loadEnvironment } from '../config/load-environment';
import { ModerationError } from '../engine/errors/moderation-error';
import { ModerationEngine } from '../engine/moderation-engine';
import { EvaluationReport } from '../tuning/evaluation/evaluation-report';
import { evaluateLabelledSet } from '../tuning/evaluation/evaluate-labelled-set';
import { EngineFlags, engineOptionsFromFlags, withEngineFlags } from './engine-flags';
import { formatEvaluation } from './format-evaluation';
import { readLabelledSet } from '../tuning/labelled/read-labelled-set';
import { renderEvaluationReport } from '../tuning/report/render-evaluation-report';
import { thumbnailDataUri } from '../tuning/report/thumbnail-data-uri';
import { DEFAULT_LIST_LENGTH, categoryExampleLists } from '../tuning/report/example-lists';
import { createProgressBar } from './progress-bar';
import { evaluateReviewedFromCli } from './eval-reviewed';
import { servedPolicy } from './served-policy';
import { ModerationErrorCode } from '../engine/errors/moderation-error-code';

interface EvalFlags extends EngineFlags {
  policy: string;
  json?: boolean;
  report?: string;
  thumbnails?: boolean;
  multiLabel?: boolean;
  concurrency: string;
  progress: boolean;
  reviewed?: boolean;
  version?: string;
  since?: string;
  until?: string;
}

/**
 * `moderate eval <dir|manifest.csv>`: a policy's precision, recall, AP and ROC-AUC on labelled
 * images; `moderate eval --reviewed`: the same on the decisions reviewers labelled.
 */
export function evalCommand(): Command {
  return withEngineFlags(
    new Command('eval')
      .description(
        'measure a policy on labelled images: a folder per category (plus none/ or negative/) or a CSV path,<category>,… of 1/0/blank; ' +
          'or, with --reviewed, on the decisions reviewers labelled (the server\'s decision log)',
      )
      .argument('[set]', 'labelled folder or .csv manifest (not with --reviewed)')
      .option('-p, --policy <id>', 'policy id', 'default')
      .option('--json', 'print the evaluation as one JSON document')
      .option('--report <file.html>', 'also write a self-contained HTML report, and its JSON twin beside it (.json)')
      .option('--thumbnails', 'embed small thumbnails of the listed images in the HTML report (the report then contains the images)')
      .option('--multi-label', 'an image in one category folder says nothing about the other categories (default: negative for them)')
      .option('-c, --concurrency <n>', 'images embedded at once', '8')
      .option('--no-progress', 'never draw a progress bar')
      .option('--reviewed', 'evaluate on reviewer-labelled decisions from the decision log (DATABASE_URL / MODERATION_DATA_DIR)')
      .option('--version <version>', 'with --reviewed: a stored version of the policy (default: the version the server enforces)')
      .option('--since <time>', 'with --reviewed: decisions from this time (ISO-8601, or 30d, 12h ago)')
      .option('--until <time>', 'with --reviewed: decisions before this time'),
  ).action(async (set: string | undefined, flags: EvalFlags) => {
    process.exitCode = flags.reviewed ? await runReviewedEval(set, flags) : await runEval(requireSet(set), flags);
  });
}

function requireSet(set: string | undefined): string {
  if (set !== undefined) return set;
  const reason = 'give a labelled folder or .csv manifest, or --reviewed for reviewer-labelled decisions';
  throw new ModerationError(ModerationErrorCode.ValidationFailed, `moderate eval: ${reason}`, { errors: [{ field: 'set', reasons: [reason] }] });
}

async function runReviewedEval(set: string | undefined, flags: EvalFlags): Promise<number> {
  if (set !== undefined) {
    const reason = '--reviewed reads the decision log; it takes no labelled set';
    throw new ModerationError(ModerationErrorCode.ValidationFailed, `moderate eval: ${reason}`, { errors: [{ field: 'set', reasons: [reason] }] });
  }
  const report = await evaluateReviewedFromCli(flags);
  if (flags.report) await writeReport(flags.report, report, [], false);
  const lines = flags.json ? [JSON.stringify(report, null, 2)] : formatEvaluation(report);
  if (!flags.json && flags.report) lines.push('', `Report written to ${flags.report} (and ${jsonTwin(flags.report)})`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

async function runEval(source: string, flags: EvalFlags): Promise<number> {
  const env = loadEnvironment();
  const { options, cacheDir } = engineOptionsFromFlags(env, flags);
  const engine = await ModerationEngine.create(options);
  try {
    const { policy } = await servedPolicy(engine, env, flags.policy, (line) => process.stderr.write(`moderate: ${line}\n`));
    const set = await readLabelledSet(source, { categories: policy.categories.map((category) => category.id), otherCategories: flags.multiLabel ? 'unlabelled' : 'negative' });
    const bar = createProgressBar(set.files.length, flags.progress && process.stderr.isTTY === true);
    let report: EvaluationReport;
    try {
      report = await evaluateLabelledSet(engine, policy, set, {
        cacheDir,
        concurrency: Math.max(1, Number(flags.concurrency) || 1),
        onProgress: (file) => bar.increment(file.id),
      });
    } finally {
      bar.stop();
    }
    if (flags.report) await writeReport(flags.report, report, set.files, flags.thumbnails === true);
    const lines = flags.json ? [JSON.stringify(report, null, 2)] : formatEvaluation(report);
    if (!flags.json && flags.report) lines.push('', `Report written to ${flags.report} (and ${jsonTwin(flags.report)})`);
    process.stdout.write(`${lines.join('\n')}\n`);
    return report.failures.length > 0 ? 1 : 0;
  } finally {
    await engine.close();
  }
}

async function writeReport(path: string, report: EvaluationReport, files: ReadonlyArray<{ id: string; path: string }>, thumbnails: boolean): Promise<void> {
  const images = new Map<string, string>();
  if (thumbnails) {
    // Only the listed examples get thumbnails, so the report stays small on a large set.
    const listed = new Set(
      report.evaluation.categories.flatMap((category) => {
        const lists = categoryExampleLists(report.evaluation.examples, category.id, category.thresholds.review, DEFAULT_LIST_LENGTH);
        return [...lists.top, ...lists.falsePositives, ...lists.missed].map((example) => example.id);
      }),
    );
    for (const file of files) {
      if (!listed.has(file.id)) continue;
      const uri = await thumbnailDataUri(file.path);
      if (uri) images.set(file.id, uri);
    }
  }
  await writeFile(path, renderEvaluationReport(report, { thumbnails: images }));
  await writeFile(jsonTwin(path), `${JSON.stringify(report, null, 2)}\n`);
}

function jsonTwin(path: string): string {
  return /\.html?$/i.test(path) ? path.replace(/\.html?$/i, '.json') : `${path}.json`;
}
