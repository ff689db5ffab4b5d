import { EntityManager } from 'typeorm';
import { AuditEventInput, AuditRepository } from '../../access';
import { EmbeddingBankEntity } from '../../../database/entities/embedding-bank.entity';
import { ModerationDatabase } from '../../../database/moderation-database';
import { bankNameTaken } from '../bank-errors';
import { BankNameRepository } from '../bank-name.repository';
import { BankRevision } from '../bank-revision';
import { isUniqueViolation } from '../unique-violation';
import { embeddingBankNotFound } from './embedding-bank-errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What an update may change. */
export type EmbeddingBankPatch = Partial<Pick<EmbeddingBankEntity, 'name' | 'description' | 'minSimilarity' | 'action' | 'enabled'>>;

/** Who changes a bank, and when. */
export interface BankChangeStamp {
  readonly at: Date;
  /** The acting key's id; null with auth off. */
  readonly by: string | null;
}

/**
 * Embedding banks (`moderation_embedding_banks`), each change in one transaction with its audit
 * event and a bump of the bank's revision, which every process polls to know when to reload it.
 */
export class EmbeddingBankRepository {
  constructor(private readonly database: ModerationDatabase) {}

  /**
   * Bumps a bank's revision (and its entry count by `entryDelta`) inside the caller's transaction;
   * BANK_NOT_FOUND when the bank is gone. The row stays locked until the transaction ends, so two
   * changes of one bank get consecutive revisions.
   */
  static async bump(manager: EntityManager, bankId: string, change: BankChangeStamp & { readonly entryDelta?: number }): Promise<BankRevision> {
    const result = await manager
      .createQueryBuilder()
      .update(EmbeddingBankEntity)
      .set({ revision: () => '"revision" + 1', entryCount: () => `"entry_count" + ${Math.trunc(change.entryDelta ?? 0)}`, updatedAt: change.at, updatedBy: change.by })
      .where('"id" = :id', { id: bankId })
      .updateEntity(false)
      .execute();
    if (result.affected !== 1) throw embeddingBankNotFound(bankId);
    const row = await manager.getRepository(EmbeddingBankEntity).findOneOrFail({ where: { id: bankId }, select: { revision: true } });
    return { bankId, before: row.revision - 1, after: row.revision };
  }

  /** The bank with this id or name inside the caller's transaction; BANK_NOT_FOUND otherwise. */
  static async require(manager: EntityManager, ref: string): Promise<EmbeddingBankEntity> {
    const bank = await findBank(manager, ref);
    if (!bank) throw embeddingBankNotFound(ref);
    return bank;
  }

  /** Every bank, by name. */
  list(): Promise<EmbeddingBankEntity[]> {
    return this.database.run('embeddingBank.list', () => this.database.dataSource.getRepository(EmbeddingBankEntity).find({ order: { name: 'ASC' } }));
  }

  /** The bank with this id or name, or null. */
  find(ref: string): Promise<EmbeddingBankEntity | null> {
    return this.database.run('embeddingBank.find', () => findBank(this.database.dataSource.manager, ref));
  }

  /** The bank with this id or name; BANK_NOT_FOUND otherwise. */
  async get(ref: string): Promise<EmbeddingBankEntity> {
    const bank = await this.find(ref);
    if (!bank) throw embeddingBankNotFound(ref);
    return bank;
  }

  /** Every bank's id and revision: what a process polls to see which banks changed elsewhere. */
  revisions(): Promise<Array<{ readonly id: string; readonly revision: number }>> {
    return this.database.run('embeddingBank.revisions', () => this.database.dataSource.getRepository(EmbeddingBankEntity).find({ select: { id: true, revision: true } }));
  }

  /** Stores a new bank with its audit event; BANK_NAME_TAKEN when a bank of either kind has the name. */
  create(row: EmbeddingBankEntity, event: AuditEventInput): Promise<EmbeddingBankEntity> {
    return this.withNameCheck(row.name, () =>
      this.database.transaction('embeddingBank.create', async (manager) => {
        await refuseTakenName(manager, row.name);
        await manager.createQueryBuilder().insert().into(EmbeddingBankEntity).values(row).updateEntity(false).execute();
        await AuditRepository.append(manager, event);
        return row;
      }),
    );
  }

  /** Applies `patch` with its audit event (given the bank before and after); BANK_NOT_FOUND, BANK_NAME_TAKEN. */
  update(ref: string, patch: EmbeddingBankPatch, change: BankChangeStamp, audit: (before: EmbeddingBankEntity, after: EmbeddingBankEntity) => AuditEventInput): Promise<{ bank: EmbeddingBankEntity; revision: BankRevision }> {
    return this.withNameCheck(patch.name ?? '', () =>
      this.database.transaction('embeddingBank.update', async (manager) => {
        const before = await EmbeddingBankRepository.require(manager, ref);
        if (patch.name !== undefined && patch.name !== before.name) await refuseTakenName(manager, patch.name);
        if (Object.keys(patch).length > 0) await manager.createQueryBuilder().update(EmbeddingBankEntity).set(patch).where('"id" = :id', { id: before.id }).updateEntity(false).execute();
        const revision = await EmbeddingBankRepository.bump(manager, before.id, change);
        const after: EmbeddingBankEntity = { ...before, ...patch, revision: revision.after, updatedAt: change.at, updatedBy: change.by };
        await AuditRepository.append(manager, audit(before, after));
        return { bank: after, revision };
      }),
    );
  }

  /** Deletes the bank and (by cascade) its entries, with its audit event; BANK_NOT_FOUND. */
  remove(ref: string, audit: (bank: EmbeddingBankEntity) => AuditEventInput): Promise<EmbeddingBankEntity> {
    return this.database.transaction('embeddingBank.delete', async (manager) => {
      const bank = await EmbeddingBankRepository.require(manager, ref);
      await manager.createQueryBuilder().delete().from(EmbeddingBankEntity).where('"id" = :id', { id: bank.id }).execute();
      await AuditRepository.append(manager, audit(bank));
      return bank;
    });
  }

  /** Two admins creating or renaming to one name at once: the loser's unique violation is BANK_NAME_TAKEN, not a 500. */
  private async withNameCheck<T>(name: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error)) throw bankNameTaken(name, 'embedding');
      throw error;
    }
  }
}

async function refuseTakenName(manager: EntityManager, name: string): Promise<void> {
  if (await BankNameRepository.held(manager, 'embedding', name)) throw bankNameTaken(name, 'embedding');
  if (await BankNameRepository.held(manager, 'hash', name)) throw bankNameTaken(name, 'hash');
}

function findBank(manager: EntityManager, ref: string): Promise<EmbeddingBankEntity | null> {
  const repository = manager.getRepository(EmbeddingBankEntity);
  return UUID.test(ref) ? repository.findOne({ where: { id: ref.toLowerCase() } }) : repository.findOne({ where: { name: ref } });
}
