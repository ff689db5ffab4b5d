import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';

/** A fresh folder under test/.tmp (git-ignored) for one test file's generated files. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(__dirname, '..', '.tmp', `${prefix}-`));
}

/** The shared data folder beside the repository (never copied into it). */
export const SHARED_DIR = join(__dirname, '..', '..', '..', 'shared');
