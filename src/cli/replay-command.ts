import { Command } from 'commander';
import { loadEnvironment } from '../config/load-environment';
import { ModerationError } from '../engine/errors/moderation-error';
import { ModerationEngine } from '../engine/moderation-engine';
import { loadPolicyFile } from '../engine/policy/load-policy-file';
import { Environment } from '../config/environment';
import { EngineFlags, engineOptionsFromFlags, withEngineFlags } from './engine-flags';
import { formatReplay } from './format-replay';
import { openDecisionLog } from './open-decision-log';
import { servedPolicy } from './served-policy';
import { parseTimeFlag } from '../shared/time-window';
import { readDecisionLabels } from '../tuning/labelled/read-decision-labels';
import { lintPolicy } from '../tuning/lint/lint-policy';
import { formatLintWarning } from '../tuning/lint/policy-lint-warning';
import { StoredDecisionRepository } from '../features/policies/tuning/stored-decision.repository';
import { replayPolicy } from '../tuning/replay/replay-policy';
import { ModerationErrorCode } from '../engine/errors/moderation-error-code';

interface ReplayFlags extends EngineFlags {
  policyFile: string;
  baseline: string;
  since?: string;
  until?: string;
  labels?: string;
  examples: string;
  includeShadowMode?: boolean;
  json?: boolean;
}

/** `moderate replay --policy-file candidate.yaml`: what a policy change would have done to past decisions. */
export function replayCommand(): Command {
  return withEngineFlags(
    new Command('replay')
      .description('re-score stored decisions from their embeddings under a candidate policy and report what would change')
      .requiredOption('--policy-file <file>', 'the candidate policy (YAML); its id picks the decisions to replay')
      .option('--baseline <kind>', '"stored": compare with the actions recorded at the time; "current": with the version the server enforces (its database\'s active version, else the policy file), re-scored', 'stored')
      .option('--since <time>', 'decisions from this time (ISO-8601, or 7d, 12h ago)')
      .option('--until <time>', 'decisions before this time')
      .option('--labels <file>', 'ground truth by decision id: CSV id,<category>,… (1/0/blank) or JSON { id: { category: bool } }')
      .option('--examples <n>', 'decision ids listed per kind of change', '5')
      .option('--include-shadow-mode', 'also replay decisions recorded in shadow mode')
      .option('--json', 'print the report as JSON'),
  ).action(async (flags: ReplayFlags) => {
    process.exitCode = await runReplay(flags);
  });
}

async function runReplay(flags: ReplayFlags): Promise<number> {
  if (flags.baseline !== 'stored' && flags.baseline !== 'current') {
    throw new ModerationError(ModerationErrorCode.ValidationFailed, `--baseline ${flags.baseline}: must be stored or current`, {
      errors: [{ field: 'baseline', reasons: ['must be stored or current'] }],
    });
  }
  const since = flags.since ? parseTimeFlag(flags.since, '--since') : undefined;
  const until = flags.until ? parseTimeFlag(flags.until, '--until') : undefined;
  const candidate = await loadPolicyFile(flags.policyFile);
  const labels = flags.labels ? await readDecisionLabels(flags.labels) : undefined;
  const env = loadEnvironment(process.env);
  // With the stored baseline nothing else is needed, so a missing policies folder does not matter.
  const { options } = engineOptionsFromFlags(env, flags, flags.baseline === 'stored' ? [candidate] : undefined);
  const engine = await ModerationEngine.create(options);
  const log = (line: string): void => void process.stderr.write(`moderate: ${line}\n`);
  try {
    const compiled = await engine.compile(candidate);
    // "current" is what the server enforces: the active version in its database (a promoted one), else the file.
    const current = flags.baseline === 'current' ? await servedPolicy(engine, env, candidate.id, log) : undefined;
    const baseline = current ? await engine.compile(current.policy) : undefined;
    for (const warning of lintPolicy(candidate, { compiled })) log(`policy lint: ${formatLintWarning(warning)}`);
    const database = await openDecisionLog(env, log);
    const decisions = new StoredDecisionRepository(database);
    try {
      const query = {
        policyId: candidate.id,
        modelHash: engine.model.hash,
        since,
        until,
        modes: flags.includeShadowMode ? (['enforce', 'shadow'] as const) : (['enforce'] as const),
      };
      const counts = await decisions.count(query);
      const report = await replayPolicy(decisions.pages(query), {
        candidate: compiled,
        baseline,
        labels,
        examplesPerTransition: Math.max(0, Number(flags.examples) || 0),
      });
      const output = flags.json
        ? JSON.stringify({ ...report, baselinePolicy: current?.used ?? null, window: { since: since?.toISOString() ?? null, until: until?.toISOString() ?? null }, skipped: { otherModels: counts.otherModels } }, null, 2)
        : formatReplay(report, counts.otherModels).join('\n');
      process.stdout.write(`${output}\n`);
      return 0;
    } finally {
      await database.close();
    }
  } finally {
    await engine.close();
  }
}
