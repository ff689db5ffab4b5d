import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { openModerationDatabase } from '../../src/database/open-database';
import { hashImage } from '../../src/engine/image/hash-image';
import { DEFAULT_IMAGE_LIMITS } from '../../src/engine/image/image-limits';
import { AuditRepository } from '../../src/features/access';
import { pdqReference } from '../support/pdq-reference';
import { runModerate as moderate } from '../support/run-moderate';
import { tempDir } from '../support/temp-dir';

const A = 'a'.repeat(64);
const B = '0123456789abcdef'.repeat(4);

/** Few spawns (each costs seconds): create, import, add an image, remove, export; the rest is read from the database. */
describe('moderate banks', () => {
  const root = tempDir('banks-cli');
  const env = { MODERATION_DATA_DIR: join(root, 'data'), LOG_LEVEL: 'error' };
  const bridge = pdqReference('bridge-1-original.jpg');

  it('creates a bank, imports a list, adds an image, removes an entry and exports CSV, each audited as the CLI user', async () => {
    const created = await moderate(['banks', 'create', 'known-bad', '--threshold', '20', '--action', 'block', '--dihedral', '--json'], env);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ name: 'known-bad', threshold: 20, action: 'block', dihedral: true, minQuality: 50, createdBy: null });

    const list = join(root, 'list.txt');
    writeFileSync(list, `# partner list\n${A}\nnope\n${B}\n${A}\n`);
    const imported = await moderate(['banks', 'import', 'known-bad', list, '--label', 'partner'], env);
    expect([imported.code, imported.stdout]).toEqual([0, 'known-bad: 2 added, 1 duplicates, 1 invalid lines (of 5)\n']);
    expect(imported.stderr).toContain(`${list}:3: not a PDQ hash (64 hex digits)`);

    const added = await moderate(['banks', 'add', 'known-bad', bridge.path, '--label', 'bridge'], env);
    const expected = await hashImage(readFileSync(bridge.path), DEFAULT_IMAGE_LIMITS);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(new RegExp(`^\\d+ ${expected.hash}\\n$`));

    const firstId = 1;
    const removed = await moderate(['banks', 'remove', 'known-bad', String(firstId)], env);
    expect([removed.code, removed.stderr]).toEqual([0, expect.stringContaining(`Removed entry ${firstId} (${A})`)]);

    const exported = await moderate(['banks', 'export', 'known-bad', '--csv'], env);
    const rows = exported.stdout.trim().split('\n').map((line) => line.split(',').slice(0, 4));
    expect(rows).toEqual([
      ['hash', 'label', 'note', 'source'],
      [B, 'partner', '', 'import'],
      [expected.hash, 'bridge', '', 'image'],
    ]);

    const database = await openModerationDatabase({ sqlitePath: join(root, 'data', 'moderation.sqlite') });
    try {
      const events = (await new AuditRepository(database).list({ subjectType: 'hash_bank' }, { limit: 10 })).items.reverse();
      expect(events.map((event) => event.action)).toEqual(['bank.create', 'bank.import', 'bank.entry.add', 'bank.entry.remove']);
      expect(new Set(events.map((event) => event.actor.name))).toEqual(new Set([`cli:${userInfo().username}`]));
    } finally {
      await database.close();
    }
  });

  it('refuses an unknown bank with its error code and exit status 2', async () => {
    const unknown = await moderate(['banks', 'remove', 'nope', '1'], env);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining('BANK_NOT_FOUND')]);
  });
});
