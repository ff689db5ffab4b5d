import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { engineOptionsFromEnvironment } from '../config/engine-options-from-environment';
import { loadEnvironment } from '../config/load-environment';
import { isModerationError } from '../engine/errors/moderation-error';
import { isModelDtype } from '../engine/model/model-dtype';
import { ModerationEngine } from '../engine/moderation-engine';
import { decisionForJson, formatDecisionLine } from './format-decision';
import { createProgressBar } from './progress-bar';
import { ServedPolicy, servedPolicy } from './served-policy';

interface ScoreFlags {
  policy: string;
  json?: boolean;
  model?: string;
  dtype?: string;
  policies?: string;
  concurrency: string;
  progress: boolean;
}

/** `moderate score <files…>`: decisions for local files, as lines for people or JSON for machines. */
export function scoreCommand(): Command {
  return new Command('score')
    .description('score image files against a policy and print a decision for each')
    .argument('<files...>', 'image files')
    .option('-p, --policy <id>', 'policy id', 'default')
    .option('--json', 'print one JSON document with every decision')
    .option('-m, --model <ref>', 'model folder or hub id (overrides MODERATION_MODEL)')
    .option('--dtype <dtype>', 'weight variant (overrides MODERATION_MODEL_DTYPE)')
    .option('--policies <dir>', 'policies folder (overrides MODERATION_POLICIES)')
    .option('-c, --concurrency <n>', 'files scored at once', '8')
    .option('--no-progress', 'never draw a progress bar')
    .action(async (files: string[], flags: ScoreFlags) => {
      process.exitCode = await runScore(files, flags);
    });
}

async function runScore(files: readonly string[], flags: ScoreFlags): Promise<number> {
  if (flags.dtype !== undefined && !isModelDtype(flags.dtype)) throw new Error(`--dtype ${flags.dtype} is not a known dtype`);
  const env = loadEnvironment();
  const options = engineOptionsFromEnvironment(env, {
    model: flags.model,
    dtype: flags.dtype !== undefined && isModelDtype(flags.dtype) ? flags.dtype : undefined,
    policies: flags.policies,
  });
  const engine = await ModerationEngine.create(options);
  // The version the server enforces (a promoted one, with a database); an unknown id is reported per file below.
  let served: ServedPolicy | undefined;
  try {
    if (engine.policies.has(flags.policy)) served = await servedPolicy(engine, env, flags.policy, (line) => process.stderr.write(`moderate: ${line}\n`));
  } catch (error) {
    await engine.close();
    throw error;
  }
  const results: Array<Record<string, unknown>> = new Array(files.length);
  const bar = createProgressBar(files.length, flags.progress && process.stderr.isTTY === true);
  let failures = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const index = next++;
      const file = files[index]!;
      try {
        const bytes = await readFile(file);
        const decision = served ? await engine.scoreWith(bytes, served.policy) : await engine.score(bytes, flags.policy);
        results[index] = decisionForJson(file, decision);
        if (!flags.json) bar.log(formatDecisionLine(file, decision));
      } catch (error) {
        failures++;
        const problem = isModerationError(error) ? error.toJSON() : { code: 'READ_FAILED', message: String(error) };
        results[index] = { file, error: problem };
        if (!flags.json) bar.log(`ERROR  ${file}  [${problem.code}: ${problem.message}]`);
        if (isModerationError(error) && error.code === 'POLICY_NOT_FOUND') next = files.length;
      }
      bar.increment(file);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Number(flags.concurrency) || 1) }, worker));
  } finally {
    bar.stop();
    await engine.close();
  }
  if (flags.json) process.stdout.write(`${JSON.stringify({ model: engine.model, policy: served?.used ?? null, results: results.filter(Boolean) }, null, 2)}\n`);
  return failures > 0 ? 1 : 0;
}
