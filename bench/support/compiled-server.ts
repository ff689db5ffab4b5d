import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

const REPO = join(__dirname, '..', '..');
const BENCH = join(REPO, 'bench');

/** What starts the server as `npm start` does: node, the compiled entry point, and the bench's preload. */
export interface CompiledServer {
  readonly args: readonly string[];
}

/**
 * Builds the app (`npm run build`) and compiles the bench's event-loop probe to plain JavaScript,
 * so the bench's server runs the compiled code `npm start` runs. Under the TypeScript hook the same
 * server held twice the heap (98 against 47 MiB idle) and paused longer for garbage collection.
 */
export function prepareCompiledServer(outDir: string): CompiledServer {
  const build = spawnSync('npm', ['run', 'build'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status})`);
  // The probe and the one module it imports, at the same relative places.
  for (const file of ['support/loop-delay-probe.ts', 'latency-stats.ts']) {
    const source = readFileSync(join(BENCH, file), 'utf8');
    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
    const target = join(outDir, relative(BENCH, join(BENCH, file)).replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  return { args: ['-r', join(outDir, 'support', 'loop-delay-probe.js'), join(REPO, 'dist', 'src', 'app', 'main.js')] };
}
