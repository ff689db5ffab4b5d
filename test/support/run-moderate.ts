import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { compiledEntry } from '../../scripts/fresh-build';
import { REPO_ROOT as REPO } from './paths';

const run = promisify(execFile);

/** What one `moderate` run printed and how it exited. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in a child process, as `npx moderate` runs it: the package's bin, from the build (kept fresh by the global setup). */
export async function runModerate(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [compiledEntry('cli/moderate.ts'), ...args], {
      cwd: REPO,
      env: { ...process.env, ...env },
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
