import { ChildProcess, spawn } from 'node:child_process';
import { compiledEntry } from '../../scripts/fresh-build';
import { REPO_ROOT } from './paths';

/** How a child process ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * One of the product's processes (the server, a worker, `npm start`) run as a child, with its output
 * kept so a test can wait for a line and tell which process did what.
 */
export class AppProcess {
  private output = '';
  private stdoutOnly = '';
  private readonly exited: Promise<ProcessExit>;

  private constructor(private readonly child: ChildProcess) {
    const keep = (chunk: Buffer): void => {
      this.output += chunk.toString('utf8');
    };
    child.stdout!.on('data', (chunk: Buffer) => {
      keep(chunk);
      this.stdoutOnly += chunk.toString('utf8');
    });
    child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /**
   * Runs `command args` in the repository with `env` on top of this process's environment;
   * resolves once it prints a line matching `ready`.
   */
  static async start(command: string, args: readonly string[], env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs = 40_000): Promise<AppProcess> {
    const child = spawn(command, [...args], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const started = new AppProcess(child);
    await started.waitForOutput(ready, timeoutMs);
    return started;
  }

  /** An entry point of src/ (`app/main.ts`, `app/worker.ts`), run compiled as `npm start` runs it (the global setup keeps dist/ fresh). */
  static node(entry: string, env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs?: number): Promise<AppProcess> {
    return AppProcess.start(process.execPath, [compiledEntry(entry)], env, ready, timeoutMs);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Everything the process printed so far. */
  get log(): string {
    return this.output;
  }

  /** What the process printed on stdout alone (its log lines), so far. */
  get stdout(): string {
    return this.stdoutOnly;
  }

  /** Whether the process printed a line matching `pattern`. */
  printed(pattern: RegExp): boolean {
    return pattern.test(this.output);
  }

  /** Resolves once the process prints a line matching `pattern`; rejects if it exits first or after `timeoutMs`. */
  async waitForOutput(pattern: RegExp, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.output)) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) throw new Error(`process ${this.pid} exited while waiting for ${pattern}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`process ${this.pid} did not print ${pattern} within ${timeoutMs} ms:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Resolves when the process ends. */
  exit(): Promise<ProcessExit> {
    return this.exited;
  }

  /** Sends `signal` (if it still runs) and waits for the process to end. */
  async stop(signal: NodeJS.Signals): Promise<ProcessExit> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}
