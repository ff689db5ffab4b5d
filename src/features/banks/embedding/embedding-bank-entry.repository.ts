import { EntityManager } from 'typeorm';
import { AuditEventInput, AuditRepository } from '../../access';
import { EmbeddingBankEntryEntity } from '../../../database/entities/embedding-bank-entry.entity';
import { EmbeddingBankEntity } from '../../../database/entities/embedding-bank.entity';
import { ModerationDatabase } from '../../../database/moderation-database';
import { BankRevision } from '../bank-revision';
import { embeddingEntryNotFound } from './embedding-bank-errors';
import { BankChangeStamp, EmbeddingBankRepository } from './embedding-bank.repository';

/** One page of a bank's entries, newest first. */
export interface EmbeddingEntryPage {
  readonly items: EmbeddingBankEntryEntity[];
  /** The `cursor` of the next page; null on the last. */
  readonly nextCursor: number | null;
}

/** What the matcher keeps of an entry. */
export interface IndexedEmbeddingEntry {
  readonly id: number;
  /** Base64 of little-endian float32, as stored. */
  readonly embedding: string;
  readonly label: string | null;
}

/** A decision's picture to add to a bank, inside a verdict's transaction. */
export interface DecisionToBank {
  /** The bank's id or name. */
  readonly bank: string;
  readonly decisionId: string;
  readonly modelHash: string;
  /** The decision's stored embedding (base64 float32). */
  readonly embedding: string;
  readonly label: string | null;
  readonly note: string | null;
  readonly stamp: BankChangeStamp;
}

/** What adding a decision to a bank did. */
export interface BankedDecision {
  readonly bank: EmbeddingBankEntity;
  readonly entry: EmbeddingBankEntryEntity;
  /** Null when the bank held the decision already (nothing changed). */
  readonly revision: BankRevision | null;
}

/** Decision ids, or the start of one, as a search term. */
const ID_PREFIX = /^[0-9a-f-]{4,36}$/;

/**
 * The entries of embedding banks (`moderation_embedding_bank_entries`). Every change bumps its
 * bank's revision and appends its audit event in the same transaction.
 */
export class EmbeddingBankEntryRepository {
  constructor(private readonly database: ModerationDatabase) {}

  /**
   * Adds a decision's embedding to a bank inside the caller's transaction (a remove verdict's),
   * with its audit event; BANK_NOT_FOUND rolls the whole transaction back. A decision the bank
   * holds already is not added twice: its entry comes back with a null revision.
   */
  static async addDecision(manager: EntityManager, input: DecisionToBank, audit: (bank: EmbeddingBankEntity, entry: EmbeddingBankEntryEntity) => AuditEventInput): Promise<BankedDecision> {
    const bank = await EmbeddingBankRepository.require(manager, input.bank);
    const entries = manager.getRepository(EmbeddingBankEntryEntity);
    const held = await entries.findOne({ where: { bankId: bank.id, decisionId: input.decisionId } });
    if (held) return { bank, entry: held, revision: null };
    const revision = await EmbeddingBankRepository.bump(manager, bank.id, { ...input.stamp, entryDelta: 1 });
    const row: Omit<EmbeddingBankEntryEntity, 'id' | 'bank'> = {
      bankId: bank.id,
      decisionId: input.decisionId,
      modelHash: input.modelHash,
      embedding: input.embedding,
      label: input.label,
      note: input.note,
      source: 'review',
      createdBy: input.stamp.by,
      createdAt: input.stamp.at,
    };
    const result = await entries.insert(row);
    const entry: EmbeddingBankEntryEntity = { ...row, id: Number((result.identifiers[0] as { id: unknown }).id) };
    await AuditRepository.append(manager, audit(bank, entry));
    return { bank, entry, revision };
  }

  /** Entries of a bank, newest first; `search` keeps those whose label holds it (any case) or whose decision id starts with it. */
  page(bankId: string, query: { readonly limit: number; readonly cursor?: number; readonly search?: string }): Promise<EmbeddingEntryPage> {
    return this.database.run('embeddingBank.entries', async () => {
      const builder = this.database.dataSource.getRepository(EmbeddingBankEntryEntity).createQueryBuilder('e').where('e.bankId = :bankId', { bankId });
      if (query.cursor !== undefined) builder.andWhere('e.id < :cursor', { cursor: query.cursor });
      const search = query.search?.toLowerCase();
      if (search) {
        const inLabel = { label: `%${escapeLike(search)}%` };
        if (ID_PREFIX.test(search)) builder.andWhere(`(CAST(e.decisionId AS varchar(36)) LIKE :prefix OR LOWER(e.label) LIKE :label ESCAPE '\\')`, { prefix: `${search}%`, ...inLabel });
        else builder.andWhere(`LOWER(e.label) LIKE :label ESCAPE '\\'`, inLabel);
      }
      const rows = await builder.orderBy('e.id', 'DESC').limit(query.limit + 1).getMany();
      const items = rows.slice(0, query.limit);
      return { items, nextCursor: rows.length > query.limit ? items[items.length - 1]!.id : null };
    });
  }

  /** The entry, or BANK_ENTRY_NOT_FOUND (also for an entry of another bank). */
  async get(bankId: string, entryId: number): Promise<EmbeddingBankEntryEntity> {
    const entry = await this.database.run('embeddingBank.entry', () => this.database.dataSource.getRepository(EmbeddingBankEntryEntity).findOne({ where: { id: entryId, bankId } }));
    if (!entry) throw embeddingEntryNotFound(bankId, entryId);
    return entry;
  }

  /** Removes one entry with its audit event; BANK_ENTRY_NOT_FOUND, BANK_NOT_FOUND. */
  remove(bankId: string, entryId: number, stamp: BankChangeStamp, audit: (entry: EmbeddingBankEntryEntity) => AuditEventInput): Promise<{ entry: EmbeddingBankEntryEntity; revision: BankRevision }> {
    return this.database.transaction('embeddingBank.entry.remove', async (manager) => {
      const entry = await manager.getRepository(EmbeddingBankEntryEntity).findOne({ where: { id: entryId, bankId } });
      if (!entry) throw embeddingEntryNotFound(bankId, entryId);
      await manager.createQueryBuilder().delete().from(EmbeddingBankEntryEntity).where('"id" = :id', { id: entryId }).execute();
      const revision = await EmbeddingBankRepository.bump(manager, bankId, { ...stamp, entryDelta: -1 });
      await AuditRepository.append(manager, audit(entry));
      return { entry, revision };
    });
  }

  /** Up to `limit` entries of a bank made by the model `modelHash`, after entry `afterId`, in id order, with only what the matcher keeps. */
  indexChunk(bankId: string, modelHash: string, afterId: number, limit: number): Promise<IndexedEmbeddingEntry[]> {
    return this.database.run('embeddingBank.load', async () => {
      const rows = await this.database.dataSource
        .getRepository(EmbeddingBankEntryEntity)
        .createQueryBuilder('e')
        .select('e.id', 'id')
        .addSelect('e.embedding', 'embedding')
        .addSelect('e.label', 'label')
        .where('e.bankId = :bankId', { bankId })
        .andWhere('e.modelHash = :modelHash', { modelHash })
        .andWhere('e.id > :afterId', { afterId })
        .orderBy('e.id', 'ASC')
        .limit(limit)
        .getRawMany<{ id: number | string; embedding: string; label: string | null }>();
      return rows.map((row) => ({ id: Number(row.id), embedding: row.embedding, label: row.label }));
    });
  }
}

/** `%`, `_` and the escape character itself taken literally in a LIKE pattern. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
