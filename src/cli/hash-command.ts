import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { engineOptionsFromEnvironment } from '../config/engine-options-from-environment';
import { loadEnvironment } from '../config/load-environment';
import { isModerationError } from '../engine/errors/moderation-error';
import { hashImage } from '../engine/image/hash-image';
import { DEFAULT_IMAGE_LIMITS, ImageLimits } from '../engine/image/image-limits';

interface HashFlags {
  json?: boolean;
  concurrency: string;
}

/** One file's line of `moderate hash --json`: its hash, or why it has none. */
type HashResult =
  | { readonly file: string; readonly pdq: string; readonly quality: number }
  | { readonly file: string; readonly error: { readonly code: string; readonly message: string } };

/** `moderate hash <files…>`: PDQ hashes of local files, no model needed. */
export function hashCommand(): Command {
  return new Command('hash')
    .description('print the PDQ perceptual hash and quality of image files (the hash a decision of the same bytes carries)')
    .argument('<files...>', 'image files')
    .option('--json', 'print one JSON array of { file, pdq, quality }')
    .option('-c, --concurrency <n>', 'files hashed at once', '4')
    .action(async (files: string[], flags: HashFlags) => {
      process.exitCode = await runHash(files, flags);
    });
}

async function runHash(files: readonly string[], flags: HashFlags): Promise<number> {
  // The same image limits as scoring (MODERATION_MAX_BYTES, MODERATION_MAX_PIXELS, …), so a file hashes here exactly when it would be scored.
  const limits: ImageLimits = { ...DEFAULT_IMAGE_LIMITS, ...engineOptionsFromEnvironment(loadEnvironment()).limits };
  const results: HashResult[] = new Array(files.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const index = next++;
      results[index] = await hashFile(files[index]!, limits);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Number(flags.concurrency) || 1) }, worker));
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } else {
    // Hashes on stdout (`hex quality file`, as hash lists are exchanged), problems on stderr.
    for (const result of results) {
      if ('error' in result) process.stderr.write(`moderate: ${result.file}: ${result.error.code}: ${result.error.message}\n`);
      else process.stdout.write(`${result.pdq} ${result.quality} ${result.file}\n`);
    }
  }
  return results.some((result) => 'error' in result) ? 1 : 0;
}

async function hashFile(file: string, limits: ImageLimits): Promise<HashResult> {
  try {
    const { hash, quality } = await hashImage(await readFile(file), limits);
    return { file, pdq: hash, quality };
  } catch (error) {
    if (isModerationError(error)) return { file, error: { code: error.code, message: error.message } };
    return { file, error: { code: 'READ_FAILED', message: error instanceof Error ? error.message : String(error) } };
  }
}
