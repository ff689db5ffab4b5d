import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';

const TMP_ROOT = join(__dirname, '..', '.tmp');

/** A fresh folder under test/.tmp (git-ignored) for one test file's generated files. */
export function tempDir(prefix: string): string {
  // Scripts (the SDK generator) use this outside jest, where no global setup made test/.tmp.
  mkdirSync(TMP_ROOT, { recursive: true });
  return mkdtempSync(join(TMP_ROOT, `${prefix}-`));
}

/** The shared data folder beside the repository (never copied into it). */
export const SHARED_DIR = join(__dirname, '..', '..', '..', 'shared');
