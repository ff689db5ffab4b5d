import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModerationError } from '../../src/engine/errors/moderation-error';
import { parseCsv } from '../../src/tuning/labelled/parse-csv';
import { readDecisionLabels } from '../../src/tuning/labelled/read-decision-labels';
import { readLabelledSet } from '../../src/tuning/labelled/read-labelled-set';
import { tempDir } from '../support/temp-dir';
import { ModerationErrorCode } from '../../src/engine/errors/moderation-error-code';

const CATEGORIES = ['red', 'blue', 'green'];

async function problemsOf(promise: Promise<unknown>): Promise<Array<{ key: string; reason: string }>> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ModerationError);
    expect((error as ModerationError).code).toBe(ModerationErrorCode.ValidationFailed);
    // Every VALIDATION_FAILED lists its problems as errors: [{ field, reasons }].
    const errors = (error as ModerationError).details.errors as Array<{ field: string; reasons: string[] }>;
    return errors.map((problem) => ({ key: problem.field, reason: problem.reasons.join('; ') }));
  }
  throw new Error('expected a rejection');
}

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, CRLF, a BOM and blank lines, with line numbers', () => {
    const text = '\ufeffpath,red\r\n"a, b.png",1\r\n\r\n"say ""hi"".png",\n"two\nlines.png",0';
    expect(parseCsv(text)).toEqual([
      { line: 1, cells: ['path', 'red'] },
      { line: 2, cells: ['a, b.png', '1'] },
      { line: 4, cells: ['say "hi".png', ''] },
      { line: 5, cells: ['two\nlines.png', '0'] },
    ]);
  });

  it('refuses a quote left open', () => {
    expect(() => parseCsv('path\n"open.png')).toThrow(/line 2/);
  });
});

describe('reading labelled sets', () => {
  const root = tempDir('labelled-set');

  it('reads a folder per label: positive for its category, negative for the others; none/ negative for all', async () => {
    const dir = join(root, 'folder');
    for (const [folder, name, bytes] of [['red', 'a.png', 'A'], ['blue', 'b.png', 'B'], ['none', 'c.png', 'C'], ['red', 'nested/d.png', 'D']] as const) {
      mkdirSync(join(dir, folder, 'nested'), { recursive: true });
      writeFileSync(join(dir, folder, name), bytes);
    }
    writeFileSync(join(dir, 'README.md'), 'not labelled');
    const set = await readLabelledSet(dir, { categories: CATEGORIES });
    expect(set.kind).toBe('folder');
    expect(set.ignored).toEqual(['README.md']);
    expect(set.files.map((file) => [file.id, file.labels])).toEqual([
      ['blue/b.png', { red: false, blue: true, green: false }],
      ['none/c.png', { red: false, blue: false, green: false }],
      ['red/a.png', { red: true, blue: false, green: false }],
      ['red/nested/d.png', { red: true, blue: false, green: false }],
    ]);
    const multi = await readLabelledSet(dir, { categories: CATEGORIES, otherCategories: 'unlabelled' });
    expect(multi.files.find((file) => file.id === 'red/a.png')!.labels).toEqual({ red: true, blue: undefined, green: undefined });
  });

  it('merges the same bytes in two category folders and reports a contradiction with none/ and unknown folders', async () => {
    const dir = join(root, 'merge');
    for (const folder of ['red', 'blue', 'none']) mkdirSync(join(dir, folder), { recursive: true });
    writeFileSync(join(dir, 'red', 'x.png'), 'same');
    writeFileSync(join(dir, 'blue', 'x-copy.png'), 'same');
    const merged = await readLabelledSet(dir, { categories: CATEGORIES });
    expect(merged.files).toHaveLength(1);
    expect(merged.files[0]!.labels).toEqual({ red: true, blue: true, green: false });

    writeFileSync(join(dir, 'none', 'x-again.png'), 'same');
    mkdirSync(join(dir, 'rde'));
    writeFileSync(join(dir, 'rde', 'typo.png'), 'typo');
    const problems = await problemsOf(readLabelledSet(dir, { categories: CATEGORIES }));
    expect(problems.map((problem) => problem.key)).toEqual(['rde', 'blue/x-copy.png']);
    expect(problems[0]!.reason).toContain('neither a category');
    expect(problems[1]!.reason).toContain('negative and positive');
  });

  it('reads a CSV manifest relative to its folder, with blanks as unlabelled, and lists every bad line', async () => {
    const dir = join(root, 'csv');
    mkdirSync(join(dir, 'img'), { recursive: true });
    writeFileSync(join(dir, 'img', 'a.png'), 'A');
    writeFileSync(join(dir, 'img', 'b.png'), 'B');
    writeFileSync(join(dir, 'labels.csv'), 'path,red,green\nimg/a.png,1,\nimg/b.png,0,yes\nimg/c.png,,\n');
    const set = await readLabelledSet(join(dir, 'labels.csv'), { categories: CATEGORIES });
    expect(set.files.map((file) => [file.id, file.labels])).toEqual([
      ['img/a.png', { red: true, blue: undefined, green: undefined }],
      ['img/b.png', { red: false, blue: undefined, green: true }],
    ]);
    expect(set.ignored).toEqual(['img/c.png']);

    writeFileSync(join(dir, 'bad.csv'), 'path,red,purple\nimg/a.png,2,0\nmissing.png,1,0\nimg/b.png,1\n');
    const header = await problemsOf(readLabelledSet(join(dir, 'bad.csv'), { categories: CATEGORIES }));
    expect(header).toEqual([{ key: 'line 1', reason: expect.stringContaining('"purple" is not a category') }]);
    writeFileSync(join(dir, 'bad.csv'), 'path,red\nimg/a.png,2\nmissing.png,1\nimg/b.png,1,0\n');
    const rows = await problemsOf(readLabelledSet(join(dir, 'bad.csv'), { categories: CATEGORIES }));
    expect(rows.map((problem) => problem.key)).toEqual(['line 2', 'line 3', 'line 4']);
  });

  it('reads decision labels from CSV or JSON, ids lowercased', async () => {
    const csv = join(root, 'decision-labels.csv');
    writeFileSync(csv, 'id,red,blue\nABC,1,\ndef,0,1\n');
    expect(await readDecisionLabels(csv)).toEqual(new Map([['abc', { red: true, blue: undefined }], ['def', { red: false, blue: true }]]));
    const json = join(root, 'decision-labels.json');
    writeFileSync(json, JSON.stringify({ ABC: { red: true, blue: null } }));
    expect(await readDecisionLabels(json)).toEqual(new Map([['abc', { red: true, blue: undefined }]]));
    writeFileSync(json, JSON.stringify({ abc: { red: 'yes' } }));
    expect(await problemsOf(readDecisionLabels(json))).toEqual([{ key: 'abc.red', reason: 'must be true, false or null' }]);
  });
});
