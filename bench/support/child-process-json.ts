import { spawn } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');

/**
 * Runs a bench stage in a fresh Node process (so its peak RSS and threads are its own) and returns
 * the JSON it prints on its last stdout line. The stage's stderr passes through as progress.
 */
export function runStage<T>(script: string, input: unknown, env: NodeJS.ProcessEnv = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, script)], {
      cwd: REPO,
      env: { ...process.env, ...env, BENCH_STAGE_INPUT: JSON.stringify(input) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = output.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${script} exited with ${code}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} printed no JSON result: ${last.slice(0, 200)}`));
      }
    });
  });
}

/** The input a stage was started with. */
export function stageInput<T>(): T {
  return JSON.parse(process.env.BENCH_STAGE_INPUT ?? '{}') as T;
}

/** Prints a stage's result and ends the process (onnxruntime threads must not keep it alive). */
export function finishStage(result: unknown): void {
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}

/** Kernel-tracked peak resident memory of this process, in MiB. */
export function peakRssMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export function benchLog(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
