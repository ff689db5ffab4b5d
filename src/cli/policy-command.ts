import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { loadEnvironment } from '../config/load-environment';
import { ModerationError } from '../engine/errors/moderation-error';
import { ModerationEngine } from '../engine/moderation-engine';
import { PolicyRegistry } from '../engine/policy/policy-registry';
import { Policy } from '../engine/policy/policy.types';
import { EngineFlags, engineOptionsFromFlags, withEngineFlags } from './engine-flags';
import { EvaluationResult } from '../tuning/evaluation/evaluation-result';
import { lintPolicy } from '../tuning/lint/lint-policy';
import { CLIP_BIAS_NOTICE, PolicyLintWarning, formatLintWarning } from '../tuning/lint/policy-lint-warning';
import { ModerationErrorCode } from '../engine/errors/moderation-error-code';
import { policyPromoteCommand, policyShadowCommand, policyShadowReportCommand } from './policy-rollout-commands';
import { policyDiffCommand, policyVersionsCommand } from './policy-versions-commands';

interface LintFlags extends EngineFlags {
  policy?: string;
  evaluation?: string;
  embeddings: boolean;
  strict?: boolean;
  json?: boolean;
}

/** `moderate policy …`: lint policy files; list, compare, shadow and promote versions, and read the shadow report. */
export function policyCommand(): Command {
  return new Command('policy')
    .description("work on policy files, and on the policy versions in the server's database")
    .addCommand(lintCommand())
    .addCommand(policyVersionsCommand())
    .addCommand(policyDiffCommand())
    .addCommand(policyShadowCommand())
    .addCommand(policyPromoteCommand())
    .addCommand(policyShadowReportCommand());
}

function lintCommand(): Command {
  return withEngineFlags(
    new Command('lint')
      .description('warn about prompts on protected characteristics or identifying people, near-duplicate prompts, missing contrast prompts and thresholds outside evaluated scores')
      .option('-p, --policy <id>', 'only this policy (default: every policy in the folder)')
      .option('--evaluation <file.json>', 'an evaluation (moderate eval --json, or a report\'s JSON twin) to check thresholds against')
      .option('--no-embeddings', 'skip the near-duplicate check, which loads the model to embed the prompts')
      .option('--strict', 'exit with status 1 when there is any warning')
      .option('--json', 'print the warnings as JSON'),
  ).action(async (flags: LintFlags) => {
    process.exitCode = await runLint(flags);
  });
}

async function runLint(flags: LintFlags): Promise<number> {
  const env = loadEnvironment();
  const evaluation = flags.evaluation ? await readEvaluation(flags.evaluation) : undefined;
  let warnings: PolicyLintWarning[];
  if (flags.embeddings) {
    const { options } = engineOptionsFromFlags(env, flags);
    const engine = await ModerationEngine.create(options);
    try {
      warnings = [];
      for (const policy of select(engine.policies, flags.policy)) warnings.push(...lintPolicy(policy, { compiled: await engine.compile(policy), evaluation }));
    } finally {
      await engine.close();
    }
  } else {
    const registry = await PolicyRegistry.fromDirectory(flags.policies ?? env.MODERATION_POLICIES ?? 'policies');
    warnings = select(registry, flags.policy).flatMap((policy) => lintPolicy(policy, { evaluation }));
  }
  if (flags.json) process.stdout.write(`${JSON.stringify({ warnings, notice: CLIP_BIAS_NOTICE }, null, 2)}\n`);
  else {
    const lines = warnings.length === 0 ? ['No lint warnings.'] : [`${warnings.length} lint warning(s):`, ...warnings.map((warning) => `  ${formatLintWarning(warning)}`)];
    process.stdout.write(`${[...lines, '', CLIP_BIAS_NOTICE].join('\n')}\n`);
  }
  return flags.strict && warnings.length > 0 ? 1 : 0;
}

function select(registry: PolicyRegistry, id: string | undefined): readonly Policy[] {
  return id === undefined ? registry.list() : [registry.get(id)];
}

/** An evaluation from `moderate eval --json` or a report's JSON twin (both hold it under `evaluation`), or a bare EvaluationResult. */
async function readEvaluation(path: string): Promise<EvaluationResult> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as { evaluation?: EvaluationResult } & Partial<EvaluationResult>;
    const evaluation = value.evaluation ?? (value as EvaluationResult);
    if (!evaluation.policy || !Array.isArray(evaluation.categories)) throw new Error('it holds no evaluation (policy and categories)');
    return evaluation;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ModerationError(ModerationErrorCode.ValidationFailed, `--evaluation ${path}: ${reason}`, { errors: [{ field: 'evaluation', reasons: [reason] }] });
  }
}
