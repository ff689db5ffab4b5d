import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageVersion } from '../../src/cli/package-version';
import { REPO_ROOT } from '../support/paths';
import { runModerate as moderate } from '../support/run-moderate';

const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('moderate --version', () => {
  it.each([['--version'], ['-V']])('%s prints the package version and exits 0', async (flag) => {
    const result = await moderate([flag]);
    expect(result).toMatchObject({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('is listed in the help', async () => {
    const help = await moderate(['--help']);
    expect(help.stdout).toMatch(/-V, --version\s+print the version/);
  });

  it('finds the version from the build and from an installed copy, past the app’s own package.json', () => {
    expect(packageVersion(join(REPO_ROOT, 'dist', 'src', 'cli'))).toBe(VERSION);
    // Outside the repository, whose own package.json would otherwise be found on the way up.
    const app = mkdtempSync(join(tmpdir(), 'installed-cli-'));
    const installed = join(app, 'node_modules', 'clip-moderation');
    mkdirSync(join(installed, 'dist', 'src', 'cli'), { recursive: true });
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'someones-app', version: '3.0.0' }));
    writeFileSync(join(installed, 'package.json'), JSON.stringify({ name: 'clip-moderation', version: '9.8.7' }));
    expect(packageVersion(join(installed, 'dist', 'src', 'cli'))).toBe('9.8.7');
    expect(() => packageVersion(join(app, 'elsewhere'))).toThrow(/No package.json of clip-moderation/);
    rmSync(app, { recursive: true, force: true });
  });
});
