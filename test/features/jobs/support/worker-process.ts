import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT as REPO } from '../../../support/paths';


/**
 * A real worker process (`node -r @swc-node/register src/app/worker.ts`), with its output kept so a
 * test can tell which worker ran which job.
 */
export class WorkerProcess {
  private output = '';
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(private readonly child: ChildProcess) {
    const keep = (chunk: Buffer): void => {
      this.output += chunk.toString('utf8');
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Starts a worker with `env` on top of this process's environment; resolves once it is ready. */
  static async start(env: NodeJS.ProcessEnv, timeoutMs = 40_000): Promise<WorkerProcess> {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(REPO, 'src', 'app', 'worker.ts')], {
      cwd: REPO,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const worker = new WorkerProcess(child);
    await worker.waitForOutput(/moderation worker \d+ ready/, timeoutMs);
    return worker;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Everything the worker printed so far. */
  get log(): string {
    return this.output;
  }

  /** Whether the worker printed a line matching `pattern`. */
  printed(pattern: RegExp): boolean {
    return pattern.test(this.output);
  }

  /** Resolves once the worker prints a line matching `pattern`; rejects if it exits first or after `timeoutMs`. */
  async waitForOutput(pattern: RegExp, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.output)) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) throw new Error(`worker ${this.pid} exited while waiting for ${pattern}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`worker ${this.pid} did not print ${pattern} within ${timeoutMs} ms:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Sends `signal` and waits for the process to end. */
  async stop(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}
