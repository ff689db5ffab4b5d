import { AuditEventInput } from '../access';
import { HashBankEntity } from '../../database/entities/hash-bank.entity';
import { timeOrderedUuid } from '../../shared/database/time-ordered-id';
import { BankChangeActor, auditActorOfBankChange, keyIdOfBankChange, requestIdOfBankChange } from './bank-change-actor';
import { BankAction, BankSettings, DEFAULT_BANK_SETTINGS, HashBank } from './bank-types';
import { auditStateOfBank, settingsOfRow, toHashBank } from './bank-views';
import { HashBankPatch, HashBankRepository } from './hash-bank.repository';
import { BankChangeSink } from './matching/bank-change';

/** A new bank: a name, and settings where the defaults will not do. */
export interface NewHashBank extends Partial<BankSettings> {
  readonly name: string;
  readonly description?: string | null;
}

/** What an update changes; fields left out stay as they are. */
export type HashBankUpdate = Partial<BankSettings> & { readonly name?: string; readonly description?: string | null };

/**
 * Creating, changing and deleting hash banks: each change committed with its audit event, then
 * applied to this process's matcher before the call returns (other processes follow on their poll).
 */
export class HashBanksService {
  constructor(
    private readonly banks: HashBankRepository,
    private readonly matcher: BankChangeSink,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async list(): Promise<HashBank[]> {
    return (await this.banks.list()).map(toHashBank);
  }

  /** A bank by id or name; BANK_NOT_FOUND. */
  async get(ref: string): Promise<HashBank> {
    return toHashBank(await this.banks.get(ref));
  }

  /** Creates a bank (BANK_NAME_TAKEN when the name is in use), audited as `bank.create`. */
  async create(input: NewHashBank, actor: BankChangeActor): Promise<HashBank> {
    const at = this.clock();
    const by = keyIdOfBankChange(actor);
    const row: HashBankEntity = {
      id: timeOrderedUuid(at.getTime()),
      name: input.name,
      description: input.description ?? null,
      distanceThreshold: input.threshold ?? DEFAULT_BANK_SETTINGS.threshold,
      action: input.action ?? DEFAULT_BANK_SETTINGS.action,
      minQuality: input.minQuality ?? DEFAULT_BANK_SETTINGS.minQuality,
      dihedral: input.dihedral ?? DEFAULT_BANK_SETTINGS.dihedral,
      enabled: input.enabled ?? DEFAULT_BANK_SETTINGS.enabled,
      entryCount: 0,
      revision: 0,
      createdAt: at,
      createdBy: by,
      updatedAt: at,
      updatedBy: by,
    };
    const created = await this.banks.create(row, this.event(actor, 'bank.create', row.id, null, auditStateOfBank(row), at));
    await this.matcher.apply({ kind: 'reload', bankId: created.id });
    return toHashBank(created);
  }

  /** Changes a bank's name, description or settings, audited as `bank.update` with before and after. */
  async update(ref: string, update: HashBankUpdate, actor: BankChangeActor): Promise<HashBank> {
    const at = this.clock();
    const patch: HashBankPatch = {
      ...(update.name === undefined ? {} : { name: update.name }),
      ...(update.description === undefined ? {} : { description: update.description }),
      ...(update.threshold === undefined ? {} : { distanceThreshold: update.threshold }),
      ...(update.action === undefined ? {} : { action: update.action satisfies BankAction }),
      ...(update.minQuality === undefined ? {} : { minQuality: update.minQuality }),
      ...(update.dihedral === undefined ? {} : { dihedral: update.dihedral }),
      ...(update.enabled === undefined ? {} : { enabled: update.enabled }),
    };
    // Nothing to change: no revision, no event.
    if (Object.keys(patch).length === 0) return this.get(ref);
    const { bank, revision } = await this.banks.update(ref, patch, { at, by: keyIdOfBankChange(actor) }, (before, after) =>
      this.event(actor, 'bank.update', before.id, auditStateOfBank(before), auditStateOfBank(after), at),
    );
    await this.matcher.apply({ kind: 'settings', revision, name: bank.name, settings: settingsOfRow(bank) });
    return toHashBank(bank);
  }

  /** Deletes a bank and its entries, audited as `bank.delete`; it stops matching at once here, within a poll elsewhere. */
  async remove(ref: string, actor: BankChangeActor): Promise<HashBank> {
    const at = this.clock();
    const bank = await this.banks.remove(ref, (row) => this.event(actor, 'bank.delete', row.id, { ...auditStateOfBank(row), entryCount: row.entryCount }, null, at));
    await this.matcher.apply({ kind: 'deleted', bankId: bank.id });
    return toHashBank(bank);
  }

  private event(
    actor: BankChangeActor,
    action: AuditEventInput['action'],
    bankId: string,
    before: Record<string, unknown> | null,
    after: Record<string, unknown> | null,
    at: Date,
  ): AuditEventInput {
    return { actor: auditActorOfBankChange(actor), action, subjectType: 'hash_bank', subjectId: bankId, before, after, at, requestId: requestIdOfBankChange(actor) };
  }
}
