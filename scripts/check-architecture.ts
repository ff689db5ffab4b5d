/**
 * `npm run check:architecture`: the dependency rules of .dependency-cruiser.js, plus two checks
 * dependency-cruiser has no rule for: cycles between folders (a folder is a top-level folder of
 * src/, each feature counting as its own), and TypeScript files over the length limit (the review
 * console's browser script and stylesheet are static assets, outside the check). Exits 1 and
 * lists every problem when any check fails.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const MAX_LINES = 300;

interface CruiseResult {
  readonly modules: ReadonlyArray<{ readonly source: string; readonly dependencies: ReadonlyArray<{ readonly resolved: string }> }>;
  readonly summary: { readonly error: number; readonly violations: ReadonlyArray<{ readonly from: string; readonly to: string; readonly rule: { readonly name: string } }> };
}

/** The folder a source file belongs to: `features/<name>` for a feature, else its top-level folder. */
function folderOf(file: string): string | null {
  const parts = file.split('/');
  if (parts[0] !== 'src' || parts.length < 3) return null;
  return parts[1] === 'features' && parts.length > 3 ? `features/${parts[2]}` : parts[1]!;
}

/** The folders that import each other in a cycle (strongly connected components of more than one). */
function folderCycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  // Tarjan's algorithm; the graph has a dozen nodes, so recursion depth is no concern.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (stack.includes(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      component.push(member);
    } while (member !== node);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

function main(): number {
  // depcruise exits non-zero on violations; its JSON lists them either way.
  const cruise = spawnSync(join(ROOT, 'node_modules', '.bin', 'depcruise'), ['src', '--config', '.dependency-cruiser.js', '--output-type', 'json'], {
    cwd: ROOT,
    maxBuffer: 256 * 1024 * 1024,
    encoding: 'utf8',
  });
  if (cruise.error || !cruise.stdout) {
    process.stderr.write(`architecture: dependency-cruiser did not run: ${cruise.error?.message ?? cruise.stderr}\n`);
    return 2;
  }
  return report(JSON.parse(cruise.stdout) as CruiseResult);
}

function report(result: CruiseResult): number {
  const problems: string[] = result.summary.violations.map((violation) => `${violation.rule.name}: ${violation.from} -> ${violation.to}`);
  const edges = new Map<string, Set<string>>();
  for (const module of result.modules) {
    const from = folderOf(module.source);
    if (from === null) continue;
    if (!edges.has(from)) edges.set(from, new Set());
    for (const dependency of module.dependencies) {
      const to = folderOf(dependency.resolved);
      if (to !== null && to !== from) edges.get(from)!.add(to);
    }
    const lines = readFileSync(join(ROOT, module.source), 'utf8').split('\n').length;
    if (module.source.endsWith('.ts') && lines > MAX_LINES) problems.push(`file-length: ${module.source} has ${lines} lines (at most ${MAX_LINES})`);
  }
  for (const cycle of folderCycles(edges)) problems.push(`folder-cycle: ${cycle.join(' <-> ')}`);
  if (problems.length === 0) {
    process.stdout.write(`architecture: ${result.modules.length} modules, ${edges.size} folders, no violations, no folder cycles, no file over ${MAX_LINES} lines\n`);
    return 0;
  }
  process.stderr.write(`architecture: ${problems.length} problem(s)\n${problems.map((problem) => `  ${problem}`).join('\n')}\n`);
  return 1;
}

process.exitCode = main();
