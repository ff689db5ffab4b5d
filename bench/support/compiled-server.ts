import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { compiledEntry, ensureFreshBuild } from '../../scripts/fresh-build';

const BENCH = join(__dirname, '..');

/** What starts the server as `npm start` does: node, the compiled entry point, and the bench's preload. */
export interface CompiledServer {
  readonly args: readonly string[];
}

/**
 * Builds the app when a source is newer than dist/ (`npm run build`) and compiles the bench's event-loop probe to plain JavaScript,
 * so the bench's server runs the compiled code `npm start` runs. Under the TypeScript hook the same
 * server held twice the heap (98 against 47 MiB idle) and paused longer for garbage collection.
 */
export function prepareCompiledServer(outDir: string): CompiledServer {
  ensureFreshBuild();
  // The probe and the one module it imports, at the same relative places.
  for (const file of ['support/loop-delay-probe.ts', 'latency-stats.ts']) {
    const source = readFileSync(join(BENCH, file), 'utf8');
    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
    const target = join(outDir, file.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  return { args: ['-r', join(outDir, 'support', 'loop-delay-probe.js'), compiledEntry('app/main.ts')] };
}
