import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HashBankMatcher } from '../../../src/features/banks';
import { TestKey, bearer, createTestKey } from '../../support/api-keys';
import { TuningServer, startTuningServer } from '../policies/tuning-server';

const hex = (seed: number): string => (seed * 2654435761 >>> 0).toString(16).padStart(8, '0').repeat(8);

/**
 * A restart reads an unchanged bank from its snapshot file in `<MODERATION_DATA_DIR>/banks`, not
 * from the database; a bank whose revision moved since is read from the database again.
 */
describe('hash bank snapshots across a restart (sqlite)', () => {
  let server: TuningServer;
  let admin: TestKey;

  beforeAll(async () => {
    server = await startTuningServer('sqlite', 'bank-snapshots', { MODERATION_BANK_REFRESH_MS: '0' });
    admin = await createTestKey(server.app(), 'admin', 'bank-admin');
  });

  afterAll(async () => {
    await server?.close();
  });

  const matcher = (): HashBankMatcher => server.app().get(HashBankMatcher, { strict: false });
  const matchesOf = (hash: string): number[] => matcher().match({ hash, quality: 100 }).map((match) => match.entryId);

  it('restores an unchanged bank from its file, and reads a changed one from the database', async () => {
    const bank = await server.call('POST', '/v1/banks', admin, { name: 'snapshotted', action: 'block' });
    const list = Array.from({ length: 500 }, (_, index) => hex(index + 1)).join('\n');
    const imported = await fetch(`${await server.app().getUrl()}/v1/banks/snapshotted/import`, {
      method: 'POST',
      headers: { ...bearer(admin), 'content-type': 'text/plain' },
      body: list,
    });
    expect(imported.status).toBe(200);
    const entries = await server.call('GET', '/v1/banks/snapshotted/entries?search=' + hex(7).slice(0, 16), admin);
    const seventh = (entries.body.items as { id: number }[])[0]!.id;
    expect(matchesOf(hex(7))).toEqual([seventh]);

    // Shutdown writes the bank at its revision.
    await server.restart();
    const folder = join(server.env.MODERATION_DATA_DIR!, 'banks');
    expect(readdirSync(folder)).toEqual([`${bank.body.id}.pdqbank`]);
    // Deleted behind the servers' backs, without a revision change: only a snapshot still knows it.
    await server.dataSource().query('DELETE FROM "moderation_hash_bank_entries" WHERE "id" = $1'.replace('$1', '?'), [seventh]);
    await server.restart();
    expect(matcher().banks()).toEqual([expect.objectContaining({ name: 'snapshotted', entries: 500 })]);
    expect(matchesOf(hex(7))).toEqual([seventh]);

    // Another process's change moves the revision (this server does not poll here): the next start reads the database.
    await server.dataSource().query('UPDATE "moderation_hash_banks" SET "revision" = "revision" + 1');
    await server.restart();
    expect(matcher().banks()).toEqual([expect.objectContaining({ entries: 499 })]);
    expect(matchesOf(hex(7))).toEqual([]);
    expect(matchesOf(hex(8))).toHaveLength(1);
  });
});
