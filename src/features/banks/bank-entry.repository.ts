import { EntityManager } from 'typeorm';
import { AuditEventInput, AuditRepository } from '../access';
import { HashBankEntryEntity } from '../../database/entities/hash-bank-entry.entity';
import { HashBankEntity } from '../../database/entities/hash-bank.entity';
import { ModerationDatabase } from '../../database/moderation-database';
import { toUtcText } from '../../shared/database/utc-text';
import { bankEntryExists, bankEntryNotFound } from './bank-errors';
import { BankRevision } from './bank-revision';
import { HashBankRepository } from './hash-bank.repository';
import { isUniqueViolation } from './unique-violation';

/** A new entry's row; the database numbers it. */
export type NewEntryRow = Omit<HashBankEntryEntity, 'id' | 'bank'>;

/** Who changes a bank's entries, and when. */
export interface EntryChange {
  readonly at: Date;
  /** The acting key's id; null from the command line. */
  readonly by: string | null;
}

/** One page of a bank's entries, newest first. */
export interface EntryPage {
  readonly items: HashBankEntryEntity[];
  /** The `cursor` of the next page; null on the last. */
  readonly nextCursor: number | null;
}

/** What the matcher keeps of an entry. */
export interface IndexedEntry {
  readonly id: number;
  readonly hash: string;
  readonly label: string | null;
}

/** Counts of one bulk add. */
export interface AddManyResult {
  readonly added: number;
  /** Hashes the bank held already. */
  readonly duplicates: number;
  /** Null when nothing was added (the revision did not move). */
  readonly revision: BankRevision | null;
}

/** Hashes looked up or inserted per statement: 14,000 parameters at most, under SQLite's 32,766 and PostgreSQL's 65,535. */
const CHUNK = 2000;

const HEX = /^[0-9a-f]+$/;

/**
 * The entries of hash banks (`moderation_hash_bank_entries`). Every change bumps its bank's
 * revision and appends its audit event in the same transaction.
 */
export class BankEntryRepository {
  constructor(private readonly database: ModerationDatabase) {}

  /** Entries of a bank, newest first; `search` keeps those whose hash starts with it or whose label holds it (any case). */
  page(bankId: string, query: { readonly limit: number; readonly cursor?: number; readonly search?: string }): Promise<EntryPage> {
    return this.database.run('bank.entries', async () => {
      const builder = this.database.dataSource.getRepository(HashBankEntryEntity).createQueryBuilder('e').where('e.bankId = :bankId', { bankId });
      if (query.cursor !== undefined) builder.andWhere('e.id < :cursor', { cursor: query.cursor });
      const search = query.search?.toLowerCase();
      if (search) {
        const inLabel = { label: `%${escapeLike(search)}%` };
        if (HEX.test(search)) builder.andWhere(`(e.hash LIKE :prefix ESCAPE '\\' OR LOWER(e.label) LIKE :label ESCAPE '\\')`, { prefix: `${search}%`, ...inLabel });
        else builder.andWhere(`LOWER(e.label) LIKE :label ESCAPE '\\'`, inLabel);
      }
      const rows = await builder.orderBy('e.id', 'DESC').limit(query.limit + 1).getMany();
      const items = rows.slice(0, query.limit);
      return { items, nextCursor: rows.length > query.limit ? items[items.length - 1]!.id : null };
    });
  }

  /** The entry, or BANK_ENTRY_NOT_FOUND (also for an entry of another bank). */
  async get(bankId: string, entryId: number): Promise<HashBankEntryEntity> {
    const entry = await this.database.run('bank.entry', () => this.database.dataSource.getRepository(HashBankEntryEntity).findOne({ where: { id: entryId, bankId } }));
    if (!entry) throw bankEntryNotFound(bankId, entryId);
    return entry;
  }

  /** Adds one entry with its audit event; BANK_ENTRY_EXISTS when the bank holds the hash, BANK_NOT_FOUND. */
  async add(row: NewEntryRow, change: EntryChange, audit: (entry: HashBankEntryEntity) => AuditEventInput): Promise<{ entry: HashBankEntryEntity; revision: BankRevision }> {
    try {
      return await this.database.transaction('bank.entry.add', async (manager) => {
        const revision = await HashBankRepository.bump(manager, row.bankId, { ...change, entryDelta: 1 });
        const existing = await findByHash(manager, row.bankId, row.hash);
        if (existing) throw bankEntryExists(row.bankId, row.hash, existing.id);
        const result = await manager.getRepository(HashBankEntryEntity).insert(row);
        const entry: HashBankEntryEntity = { ...row, id: Number((result.identifiers[0] as { id: unknown }).id) };
        await AuditRepository.append(manager, audit(entry));
        return { entry, revision };
      });
    } catch (error) {
      // Added by someone else between the check and the insert.
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.database.run('bank.entry', () => findByHash(this.database.dataSource.manager, row.bankId, row.hash));
      throw bankEntryExists(row.bankId, row.hash, existing?.id ?? -1);
    }
  }

  /** Removes one entry with its audit event; BANK_ENTRY_NOT_FOUND, BANK_NOT_FOUND. */
  remove(bankId: string, entryId: number, change: EntryChange, audit: (entry: HashBankEntryEntity) => AuditEventInput): Promise<{ entry: HashBankEntryEntity; revision: BankRevision }> {
    return this.database.transaction('bank.entry.remove', async (manager) => {
      const entry = await manager.getRepository(HashBankEntryEntity).findOne({ where: { id: entryId, bankId } });
      if (!entry) throw bankEntryNotFound(bankId, entryId);
      await manager.createQueryBuilder().delete().from(HashBankEntryEntity).where('"id" = :id', { id: entryId }).execute();
      const revision = await HashBankRepository.bump(manager, bankId, { ...change, entryDelta: -1 });
      await AuditRepository.append(manager, audit(entry));
      return { entry, revision };
    });
  }

  /**
   * Adds many entries in one transaction, skipping hashes the bank holds already, with one audit
   * event for the whole lot (given the counts). The rows are one import's: unique hashes of one
   * bank, with one source, author and time.
   */
  addMany(bankId: string, rows: readonly NewEntryRow[], change: EntryChange, audit: (counts: { added: number; duplicates: number }) => AuditEventInput): Promise<AddManyResult> {
    return this.database.transaction('bank.import', async (manager) => {
      // First, so the bank is locked (and known to exist) for the whole import.
      const revision = await HashBankRepository.bump(manager, bankId, change);
      let added = 0;
      for (let start = 0; start < rows.length; start += CHUNK) {
        const chunk = rows.slice(start, start + CHUNK);
        const held = new Set(
          (await manager.getRepository(HashBankEntryEntity).createQueryBuilder('e').select('e.hash', 'hash').where('e.bankId = :bankId', { bankId }).andWhere('e.hash IN (:...hashes)', { hashes: chunk.map((row) => row.hash) }).getRawMany<{ hash: string }>()).map((row) => row.hash),
        );
        const fresh = chunk.filter((row) => !held.has(row.hash));
        if (fresh.length > 0) await insertIgnoringHeld(manager, this.database.sqlite, fresh);
        added += fresh.length;
      }
      // Counted rather than added up, so the count stays exact even if a concurrent add won a race.
      await manager
        .createQueryBuilder()
        .update(HashBankEntity)
        .set({ entryCount: () => `(SELECT COUNT(*) FROM "moderation_hash_bank_entries" WHERE "bank_id" = :bankId)` })
        .where('"id" = :bankId', { bankId })
        .updateEntity(false)
        .execute();
      const counts = { added, duplicates: rows.length - added };
      await AuditRepository.append(manager, audit(counts));
      return { ...counts, revision };
    });
  }

  /** Up to `limit` entries of a bank after entry `afterId`, in id order, with only what the matcher keeps. */
  indexChunk(bankId: string, afterId: number, limit: number): Promise<IndexedEntry[]> {
    return this.database.run('bank.load', async () => {
      const rows = await this.database.dataSource
        .getRepository(HashBankEntryEntity)
        .createQueryBuilder('e')
        .select('e.id', 'id')
        .addSelect('e.hash', 'hash')
        .addSelect('e.label', 'label')
        .where('e.bankId = :bankId', { bankId })
        .andWhere('e.id > :afterId', { afterId })
        .orderBy('e.id', 'ASC')
        .limit(limit)
        .getRawMany<{ id: number | string; hash: string; label: string | null }>();
      return rows.map((row) => ({ id: Number(row.id), hash: row.hash, label: row.label }));
    });
  }

  /** Up to `limit` whole entries of a bank after entry `afterId`, in id order (exports). */
  exportChunk(bankId: string, afterId: number, limit: number): Promise<HashBankEntryEntity[]> {
    return this.database.run('bank.export', () =>
      this.database.dataSource
        .getRepository(HashBankEntryEntity)
        .createQueryBuilder('e')
        .where('e.bankId = :bankId', { bankId })
        .andWhere('e.id > :afterId', { afterId })
        .orderBy('e.id', 'ASC')
        .limit(limit)
        .getMany(),
    );
  }
}

const ENTRY_COLUMNS = '"bank_id", "hash", "label", "note", "source", "created_by", "created_at"';

/**
 * Inserts entries, skipping any whose hash its bank already holds (a concurrent add). Plain SQL
 * rather than the query builder: building a 2,000-row insert costs TypeORM about 40 ms, more than
 * the database takes to run it, and an import runs dozens of them.
 */
async function insertIgnoringHeld(manager: EntityManager, sqlite: boolean, rows: readonly NewEntryRow[]): Promise<void> {
  if (sqlite) {
    const values = rows.flatMap((row) => [row.bankId, row.hash, row.label, row.note, row.source, row.createdBy, toUtcText(row.createdAt)]);
    const placeholders = rows.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ');
    await manager.query(`INSERT OR IGNORE INTO "moderation_hash_bank_entries" (${ENTRY_COLUMNS}) VALUES ${placeholders}`, values);
    return;
  }
  // Every row of one import shares its bank, source, author and time; only hash, label and note vary.
  const [first] = rows;
  await manager.query(
    `INSERT INTO "moderation_hash_bank_entries" (${ENTRY_COLUMNS}) SELECT $1, t.hash, t.label, t.note, $5, $6, $7 FROM unnest($2::varchar[], $3::varchar[], $4::text[]) AS t(hash, label, note) ON CONFLICT ("bank_id", "hash") DO NOTHING`,
    [first!.bankId, rows.map((row) => row.hash), rows.map((row) => row.label), rows.map((row) => row.note), first!.source, first!.createdBy, toUtcText(first!.createdAt)],
  );
}

function findByHash(manager: EntityManager, bankId: string, hash: string): Promise<HashBankEntryEntity | null> {
  return manager.getRepository(HashBankEntryEntity).findOne({ where: { bankId, hash } });
}

/** `%`, `_` and the escape character itself taken literally in a LIKE pattern. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
