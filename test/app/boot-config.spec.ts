import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createServer } from '../../src/app/create-server';
import { REPO_ROOT as REPO } from '../support/paths';

const run = promisify(execFile);

describe('server boot with bad configuration', () => {
  it('refuses with one error listing every bad key', async () => {
    const error = await createServer({ PORT: 'eighty', MODERATION_MAX_FRAMES: '0', DATABASE_URL: 'mysql://db/x', MODERATION_MODEL_DTYPE: 'fp64' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    const keys = (error as { details: { problems: Array<{ key: string }> } }).details.problems.map((problem) => problem.key).sort();
    expect(keys).toEqual(['DATABASE_URL', 'MODERATION_MAX_FRAMES', 'MODERATION_MODEL_DTYPE', 'PORT']);
  });

  it('stops the real server process with that message and exit status 1', async () => {
    const failed = await run(process.execPath, ['-r', '@swc-node/register', 'src/app/main.ts'], {
      cwd: REPO,
      env: { ...process.env, PORT: 'eighty', MODERATION_BATCH_SIZE: '-1' },
      timeout: 60_000,
    }).catch((caught: unknown) => caught as { code: number; stderr: string });
    expect(failed).toMatchObject({ code: 1 });
    const stderr = (failed as { stderr: string }).stderr;
    expect(stderr).toContain('CONFIG_INVALID');
    expect(stderr).toContain('PORT');
    expect(stderr).toContain('MODERATION_BATCH_SIZE');
  });
});
