import { join } from 'node:path';

/** The repository's root folder. */
export const REPO_ROOT = join(__dirname, '..', '..');
/** Generated files of the tests (git-ignored). */
export const TEST_TMP = join(REPO_ROOT, 'test', '.tmp');
/** Screenshots and reports the browser and report tests leave for people to look at. */
export const TEST_ARTIFACTS = join(TEST_TMP, 'artifacts');
