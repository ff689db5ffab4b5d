import { EntityManager } from 'typeorm';
import { AuditEventInput, AuditRepository } from '../access';
import { HashBankEntity } from '../../database/entities/hash-bank.entity';
import { ModerationDatabase } from '../../database/moderation-database';
import { bankNameTaken, bankNotFound } from './bank-errors';
import { BankNameRepository } from './bank-name.repository';
import { BankRevision } from './bank-revision';
import { isUniqueViolation } from './unique-violation';

/** Which bank a path or command names: its id (a UUID) or its name. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What an update may change. */
export type HashBankPatch = Partial<Pick<HashBankEntity, 'name' | 'description' | 'distanceThreshold' | 'action' | 'minQuality' | 'dihedral' | 'enabled'>>;

/** The bank after a change, and the revision it moved from and to. */
export interface ChangedBank {
  readonly bank: HashBankEntity;
  readonly revision: BankRevision;
}

/**
 * Hash banks (`moderation_hash_banks`), each change in one transaction with its audit event and a
 * bump of the bank's revision, which every process polls to know when to reload a bank.
 */
export class HashBankRepository {
  constructor(private readonly database: ModerationDatabase) {}

  /**
   * Bumps a bank's revision (and its entry count by `entryDelta`) inside the caller's transaction,
   * returning the revision before and after; BANK_NOT_FOUND when the bank is gone. The row stays
   * locked until the transaction ends, so two changes of one bank get consecutive revisions.
   */
  static async bump(manager: EntityManager, bankId: string, change: { readonly at: Date; readonly by: string | null; readonly entryDelta?: number }): Promise<BankRevision> {
    const result = await manager
      .createQueryBuilder()
      .update(HashBankEntity)
      .set({ revision: () => '"revision" + 1', entryCount: () => `"entry_count" + ${Math.trunc(change.entryDelta ?? 0)}`, updatedAt: change.at, updatedBy: change.by })
      .where('"id" = :id', { id: bankId })
      .updateEntity(false)
      .execute();
    if (result.affected !== 1) throw bankNotFound(bankId);
    const row = await manager.getRepository(HashBankEntity).findOneOrFail({ where: { id: bankId }, select: { revision: true } });
    return { bankId, before: row.revision - 1, after: row.revision };
  }

  /** Every bank, by name. */
  list(): Promise<HashBankEntity[]> {
    return this.database.run('bank.list', () => this.database.dataSource.getRepository(HashBankEntity).find({ order: { name: 'ASC' } }));
  }

  /** The bank with this id or name, or null. */
  find(ref: string): Promise<HashBankEntity | null> {
    return this.database.run('bank.find', () => findBank(this.database.dataSource.manager, ref));
  }

  /** The bank with this id or name; BANK_NOT_FOUND otherwise. */
  async get(ref: string): Promise<HashBankEntity> {
    const bank = await this.find(ref);
    if (!bank) throw bankNotFound(ref);
    return bank;
  }

  /** Every bank's id and revision: what a process polls to see which banks changed elsewhere. */
  revisions(): Promise<Array<{ readonly id: string; readonly revision: number }>> {
    return this.database.run('bank.revisions', () =>
      this.database.dataSource.getRepository(HashBankEntity).find({ select: { id: true, revision: true } }),
    );
  }

  /** Stores a new bank with its audit event; BANK_NAME_TAKEN when the name is in use. */
  create(row: HashBankEntity, event: AuditEventInput): Promise<HashBankEntity> {
    return this.withNameCheck(row.name, () =>
      this.database.transaction('bank.create', async (manager) => {
        if (await findBank(manager, row.name)) throw bankNameTaken(row.name);
        if (await BankNameRepository.held(manager, 'embedding', row.name)) throw bankNameTaken(row.name, 'embedding');
        await manager.createQueryBuilder().insert().into(HashBankEntity).values(row).updateEntity(false).execute();
        await AuditRepository.append(manager, event);
        return row;
      }),
    );
  }

  /** Applies `patch` to the bank with its audit event (given the bank before and after); BANK_NOT_FOUND, BANK_NAME_TAKEN. */
  update(ref: string, patch: HashBankPatch, change: { at: Date; by: string | null }, audit: (before: HashBankEntity, after: HashBankEntity) => AuditEventInput): Promise<ChangedBank> {
    return this.withNameCheck(patch.name ?? '', () =>
      this.database.transaction('bank.update', async (manager) => {
        const before = await findBank(manager, ref);
        if (!before) throw bankNotFound(ref);
        if (patch.name !== undefined && patch.name !== before.name && (await findBank(manager, patch.name))) throw bankNameTaken(patch.name);
        if (patch.name !== undefined && (await BankNameRepository.held(manager, 'embedding', patch.name))) throw bankNameTaken(patch.name, 'embedding');
        if (Object.keys(patch).length > 0) await manager.createQueryBuilder().update(HashBankEntity).set(patch).where('"id" = :id', { id: before.id }).updateEntity(false).execute();
        const revision = await HashBankRepository.bump(manager, before.id, change);
        const after: HashBankEntity = { ...before, ...patch, revision: revision.after, updatedAt: change.at, updatedBy: change.by };
        await AuditRepository.append(manager, audit(before, after));
        return { bank: after, revision };
      }),
    );
  }

  /** Deletes the bank and (by cascade) its entries, with its audit event; BANK_NOT_FOUND. */
  remove(ref: string, audit: (bank: HashBankEntity) => AuditEventInput): Promise<HashBankEntity> {
    return this.database.transaction('bank.delete', async (manager) => {
      const bank = await findBank(manager, ref);
      if (!bank) throw bankNotFound(ref);
      await manager.createQueryBuilder().delete().from(HashBankEntity).where('"id" = :id', { id: bank.id }).execute();
      await AuditRepository.append(manager, audit(bank));
      return bank;
    });
  }

  /** Two admins creating or renaming to one name at once: the loser's unique violation is BANK_NAME_TAKEN, not a 500. */
  private async withNameCheck<T>(name: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error)) throw bankNameTaken(name);
      throw error;
    }
  }
}

function findBank(manager: EntityManager, ref: string): Promise<HashBankEntity | null> {
  const repository = manager.getRepository(HashBankEntity);
  return UUID.test(ref) ? repository.findOne({ where: { id: ref.toLowerCase() } }) : repository.findOne({ where: { name: ref } });
}
