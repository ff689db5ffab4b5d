import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureFreshBuild } from '../../scripts/fresh-build';

/**
 * Every test writes its generated models and files under test/.tmp (git-ignored); the CLI, server
 * and worker processes the tests start run from dist/, built here when it is older than the sources.
 */
export default function globalSetup(): void {
  mkdirSync(join(__dirname, '..', '.tmp'), { recursive: true });
  ensureFreshBuild();
}
