import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pdqHexDistance } from '../../src/engine/pdq';
import { pdqReference } from '../support/pdq-reference';
import { runModerate as moderate } from '../support/run-moderate';
import { tempDir } from '../support/temp-dir';

describe('moderate hash', () => {
  const root = tempDir('hash-cli');
  const bridge = pdqReference('bridge-1-original.jpg');
  const wee = pdqReference('wee.jpg');
  const notes = join(root, 'notes.jpg');
  const missing = join(root, 'missing.png');

  beforeAll(() => {
    writeFileSync(notes, 'just text, not a picture');
  });

  it('prints `hex quality file` per file, near the reference hashes, with no model configured', async () => {
    const result = await moderate(['hash', bridge.path, wee.path], { MODERATION_MODEL: join(root, 'no-model-here') });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trim().split('\n').map((line) => line.split(' '));
    expect(lines.map((line) => [line.length, line[2]])).toEqual([
      [3, bridge.path],
      [3, wee.path],
    ]);
    expect(lines.map((line) => line[1])).toEqual(['100', '100']);
    expect(pdqHexDistance(lines[0]![0]!, bridge.hash)).toBeLessThanOrEqual(16);
    expect(pdqHexDistance(lines[1]![0]!, wee.hash)).toBeLessThanOrEqual(16);
  });

  it('prints a JSON array of { file, pdq, quality } with --json, the same hashes as the text', async () => {
    const text = await moderate(['hash', bridge.path, wee.path]);
    const json = await moderate(['hash', '--json', bridge.path, wee.path]);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as Array<{ file: string; pdq: string; quality: number }>;
    expect(parsed).toEqual(text.stdout.trim().split('\n').map((line) => {
      const [pdq, quality, file] = line.split(' ');
      return { file, pdq, quality: Number(quality) };
    }));
    expect(parsed.every((entry) => /^[0-9a-f]{64}$/.test(entry.pdq))).toBe(true);
  });

  it('names the problem with each file it cannot hash, hashes the rest, and exits 1', async () => {
    const text = await moderate(['hash', wee.path, notes, missing]);
    expect(text.code).toBe(1);
    expect(text.stdout.trim().split('\n')).toHaveLength(1);
    expect(text.stdout).toContain(wee.path);
    expect(text.stderr).toContain(`${notes}: IMAGE_UNSUPPORTED_FORMAT`);
    expect(text.stderr).toContain(`${missing}: READ_FAILED: ENOENT`);

    const json = await moderate(['hash', '--json', notes, wee.path]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual([
      { file: notes, error: { code: 'IMAGE_UNSUPPORTED_FORMAT', message: expect.any(String) } },
      { file: wee.path, pdq: expect.stringMatching(/^[0-9a-f]{64}$/), quality: 100 },
    ]);
  });
});
