import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { loadEnvironment } from '../config/load-environment';
import { ModerationError, isModerationError } from '../engine/errors/moderation-error';
import { ModerationErrorCode } from '../engine/errors/moderation-error-code';
import { ModelDtype, isModelDtype } from '../engine/model/model-dtype';
import { quantizeModelFolder } from '../engine/model/quantize/quantize-model-folder';
import { ModerationEngine } from '../engine/moderation-engine';
import { ModerationDecision } from '../engine/scoring/moderation-decision';
import { EngineFlags, engineOptionsFromFlags, withEngineFlags } from './engine-flags';
import { DecisionPair, DtypeComparison, compareDtypes } from './compare-dtypes';

interface QuantizeFlags {
  force?: boolean;
  json?: boolean;
}

interface CompareFlags extends EngineFlags {
  policy: string;
  against: string;
  json?: boolean;
}

/** `moderate model …`: weight variants of a model folder. */
export function modelCommand(): Command {
  return new Command('model').description('make and check weight variants of a model folder').addCommand(quantizeCommand()).addCommand(compareCommand());
}

function quantizeCommand(): Command {
  return new Command('quantize')
    .description('write the int8 variant (*_quantized.onnx) of a folder that ships only fp32: dynamic quantization of the constant-weight MatMuls')
    .argument('<folder>', 'model folder (Hugging Face ONNX or open_clip layout)')
    .option('--force', 'replace a quantized variant that is already there')
    .option('--json', 'print what was written as JSON')
    .action(async (folder: string, flags: QuantizeFlags) => {
      const written = await quantizeModelFolder(folder, {
        overwrite: flags.force === true,
        onFile: (source) => void (flags.json ? undefined : process.stderr.write(`quantizing ${source}…\n`)),
      });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ folder, files: written }, null, 2)}\n`);
        return;
      }
      for (const file of written) {
        process.stdout.write(
          `${file.source} → ${file.target}: ${file.quantized} MatMuls to int8 (${file.leftInFloat} left in float), ${mb(file.sourceBytes)} → ${mb(file.targetBytes)}\n`,
        );
      }
      process.stdout.write(`Use it with MODERATION_MODEL_DTYPE=quantized; check it first with: moderate model compare --dtype quantized <images…>\n`);
    });
}

function compareCommand(): Command {
  return withEngineFlags(
    new Command('compare')
      .description('score the same images with two weight variants (default: fp32 against --dtype) and report embedding cosine and changed decisions')
      .argument('<images...>', 'image files, ideally a sample of real traffic')
      .option('-p, --policy <id>', 'policy id', 'default')
      .option('--against <dtype>', 'the reference variant', 'fp32')
      .option('--json', 'print the comparison as JSON'),
  ).action(async (images: string[], flags: CompareFlags) => {
    const env = loadEnvironment();
    const candidate = dtypeFlag(flags.dtype ?? env.MODERATION_MODEL_DTYPE ?? 'quantized', '--dtype');
    const reference = dtypeFlag(flags.against, '--against');
    const bytes = await Promise.all(images.map((file) => readFile(file)));
    const referenceRun = await scoreAll(env, flags, reference, images, bytes);
    const candidateRun = await scoreAll(env, flags, candidate, images, bytes);
    const pairs: DecisionPair[] = [];
    const failed: string[] = [];
    images.forEach((file, index) => {
      const [a, b] = [referenceRun.decisions[index], candidateRun.decisions[index]];
      if (a && b) pairs.push({ file, reference: a, candidate: b });
      else failed.push(file);
    });
    const comparison = compareDtypes(pairs);
    const summary = { policy: flags.policy, reference: referenceRun.model, candidate: candidateRun.model, ...comparison, notScored: failed };
    if (flags.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else process.stdout.write(formatComparison(reference, candidate, comparison, failed));
    process.exitCode = failed.length > 0 ? 1 : 0;
  });
}

async function scoreAll(
  env: ReturnType<typeof loadEnvironment>,
  flags: CompareFlags,
  dtype: ModelDtype,
  files: readonly string[],
  bytes: readonly Buffer[],
): Promise<{ model: { dtype: ModelDtype; hash: string }; decisions: (ModerationDecision | undefined)[] }> {
  const { options } = engineOptionsFromFlags(env, { ...flags, dtype });
  const engine = await ModerationEngine.create(options);
  try {
    const decisions = await Promise.all(
      bytes.map((image, index) =>
        engine.score(image, flags.policy).catch((error: unknown) => {
          if (isModerationError(error) && error.code === ModerationErrorCode.PolicyNotFound) throw error;
          process.stderr.write(`${files[index]}: ${isModerationError(error) ? `${error.code}: ${error.message}` : String(error)}\n`);
          return undefined;
        }),
      ),
    );
    return { model: { dtype, hash: engine.model.hash }, decisions };
  } finally {
    await engine.close();
  }
}

function formatComparison(reference: ModelDtype, candidate: ModelDtype, comparison: DtypeComparison, failed: readonly string[]): string {
  const percent = comparison.images > 0 ? ((comparison.changed.length / comparison.images) * 100).toFixed(1) : '0.0';
  const lines = [
    `${candidate} against ${reference} on ${comparison.images} image(s)${failed.length > 0 ? ` (${failed.length} could not be scored)` : ''}`,
    `embedding cosine: mean ${comparison.cosine.mean.toFixed(4)}, min ${comparison.cosine.min.toFixed(4)}${comparison.cosine.minFile ? ` (${comparison.cosine.minFile})` : ''}`,
    `decisions changed: ${comparison.changed.length} of ${comparison.images} (${percent} %)`,
    ...comparison.changed.map((change) => `  ${change.file}  ${change.from} → ${change.to}  [${change.triggeredFrom.join(', ') || 'none'} → ${change.triggeredTo.join(', ') || 'none'}]`),
    `largest category score change: ${comparison.maxScoreChange.value.toFixed(4)}${comparison.maxScoreChange.category ? ` (${comparison.maxScoreChange.category}, ${comparison.maxScoreChange.file})` : ''}`,
  ];
  return `${lines.join('\n')}\n`;
}

function dtypeFlag(value: string, flag: string): ModelDtype {
  if (!isModelDtype(value)) {
    throw new ModerationError(ModerationErrorCode.ConfigInvalid, `${flag} ${value} is not a known dtype`, { problems: [{ key: flag, reason: 'unknown dtype' }] });
  }
  return value;
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
