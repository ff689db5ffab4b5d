import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '..');

/** What the build is made from: a change to any of these makes dist/ stale. */
const BUILD_INPUTS = ['src', 'migrations', 'scripts/copy-build-assets.ts', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];
/** A file every build rewrites (tsc emits every module each time). */
const BUILD_MARKER = compiledEntry('app/main.ts');

/**
 * Makes sure dist/ is built from the sources as they are now (`npm run build` when any source is
 * newer than the build), so the tests and the bench can start the CLI, the server and the workers
 * compiled, as `npx moderate`, `npm start` and `npm run worker` do. Under the TypeScript hook each
 * of those processes started about 1 s slower (it loads the TypeScript compiler and checks its
 * cache for every module), and the suite starts about a hundred of them. `npm ci` builds (the
 * `prepare` script), so in CI this finds the build fresh.
 */
export function ensureFreshBuild(): void {
  const built = existsSync(BUILD_MARKER) ? statSync(BUILD_MARKER).mtimeMs : 0;
  const changed = BUILD_INPUTS.some((input) => newestChange(join(REPO_ROOT, input)) > built);
  if (!changed) return;
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status}); the tests and the bench start the compiled app`);
}

/** The newest modification time of a file, or of any file under a folder. */
function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
  return newest;
}

/** The compiled module of a source file of src/ (`app/main.ts` -> dist/src/app/main.js). */
export function compiledEntry(sourceEntry: string): string {
  return join(REPO_ROOT, 'dist', 'src', sourceEntry.replace(/\.ts$/, '.js'));
}
