import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPOSITORY = join(__dirname, '..', '..');

/** The random ViT-B/32 model folder at `dir`, written by a child node process unless already complete (see the script for why). */
export async function ensureVitB32ModelFolder(dir: string): Promise<string> {
  await run(process.execPath, ['-r', '@swc-node/register', join(REPOSITORY, 'bench/support/write-vit-b32-clip-model.ts'), dir], { cwd: REPOSITORY });
  return dir;
}
