import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO = join(__dirname, '..', '..');

/** What one `moderate` run printed, and how it exited. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `moderate` from source in a child process, as `npx moderate` runs it from the build. */
export async function runModerateCli(args: readonly string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Promise<CliRun> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['-r', '@swc-node/register', '-e', "require('./src/cli/main').runCli(process.argv)", 'moderate', ...args],
      { cwd: REPO, env: { ...process.env, SWC_NODE_PROJECT: join(REPO, 'tsconfig.json'), ...env }, timeout: timeoutMs },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
