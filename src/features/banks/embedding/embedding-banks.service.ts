import { AuditEventInput } from '../../access';
import { EmbeddingBankEntity } from '../../../database/entities/embedding-bank.entity';
import { timeOrderedUuid } from '../../../shared/database/time-ordered-id';
import { BankChangeActor, auditActorOfBankChange, keyIdOfBankChange, requestIdOfBankChange } from '../bank-change-actor';
import { DEFAULT_EMBEDDING_BANK_SETTINGS, EmbeddingBank, EmbeddingBankSettings } from './embedding-bank-types';
import { auditStateOfEmbeddingBank, embeddingSettingsOfRow, toEmbeddingBank } from './embedding-bank-views';
import { EmbeddingBankPatch, EmbeddingBankRepository } from './embedding-bank.repository';
import { EmbeddingBankChangeSink } from './matching/embedding-bank-change';

/** A new bank: a name, and settings where the defaults will not do. */
export interface NewEmbeddingBank extends Partial<EmbeddingBankSettings> {
  readonly name: string;
  readonly description?: string | null;
}

/** What an update changes; fields left out stay as they are. */
export type EmbeddingBankUpdate = Partial<EmbeddingBankSettings> & { readonly name?: string; readonly description?: string | null };

/**
 * Creating, changing and deleting embedding banks: each change committed with its audit event
 * (subject type `embedding_bank`), then applied to this process's matcher before the call returns.
 */
export class EmbeddingBanksService {
  constructor(
    private readonly banks: EmbeddingBankRepository,
    private readonly matcher: EmbeddingBankChangeSink,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async list(): Promise<EmbeddingBank[]> {
    return (await this.banks.list()).map(toEmbeddingBank);
  }

  /** A bank by id or name; BANK_NOT_FOUND. */
  async get(ref: string): Promise<EmbeddingBank> {
    return toEmbeddingBank(await this.banks.get(ref));
  }

  /** Creates a bank (BANK_NAME_TAKEN when a bank of either kind has the name), audited as `bank.create`. */
  async create(input: NewEmbeddingBank, actor: BankChangeActor): Promise<EmbeddingBank> {
    const at = this.clock();
    const by = keyIdOfBankChange(actor);
    const row: EmbeddingBankEntity = {
      id: timeOrderedUuid(at.getTime()),
      name: input.name,
      description: input.description ?? null,
      minSimilarity: input.threshold ?? DEFAULT_EMBEDDING_BANK_SETTINGS.threshold,
      action: input.action ?? DEFAULT_EMBEDDING_BANK_SETTINGS.action,
      enabled: input.enabled ?? DEFAULT_EMBEDDING_BANK_SETTINGS.enabled,
      entryCount: 0,
      revision: 0,
      createdAt: at,
      createdBy: by,
      updatedAt: at,
      updatedBy: by,
    };
    const created = await this.banks.create(row, this.event(actor, 'bank.create', row.id, null, auditStateOfEmbeddingBank(row), at));
    await this.matcher.apply({ kind: 'reload', bankId: created.id });
    return toEmbeddingBank(created);
  }

  /** Changes a bank's name, description or settings, audited as `bank.update` with before and after. */
  async update(ref: string, update: EmbeddingBankUpdate, actor: BankChangeActor): Promise<EmbeddingBank> {
    const at = this.clock();
    const patch: EmbeddingBankPatch = {
      ...(update.name === undefined ? {} : { name: update.name }),
      ...(update.description === undefined ? {} : { description: update.description }),
      ...(update.threshold === undefined ? {} : { minSimilarity: update.threshold }),
      ...(update.action === undefined ? {} : { action: update.action }),
      ...(update.enabled === undefined ? {} : { enabled: update.enabled }),
    };
    // Nothing to change: no revision, no event.
    if (Object.keys(patch).length === 0) return this.get(ref);
    const { bank, revision } = await this.banks.update(ref, patch, { at, by: keyIdOfBankChange(actor) }, (before, after) =>
      this.event(actor, 'bank.update', before.id, auditStateOfEmbeddingBank(before), auditStateOfEmbeddingBank(after), at),
    );
    await this.matcher.apply({ kind: 'settings', revision, name: bank.name, settings: embeddingSettingsOfRow(bank) });
    return toEmbeddingBank(bank);
  }

  /** Deletes a bank and its entries, audited as `bank.delete`; it stops matching at once here, within a poll elsewhere. */
  async remove(ref: string, actor: BankChangeActor): Promise<EmbeddingBank> {
    const at = this.clock();
    const bank = await this.banks.remove(ref, (row) => this.event(actor, 'bank.delete', row.id, { ...auditStateOfEmbeddingBank(row), entryCount: row.entryCount }, null, at));
    await this.matcher.apply({ kind: 'deleted', bankId: bank.id });
    return toEmbeddingBank(bank);
  }

  private event(actor: BankChangeActor, action: AuditEventInput['action'], bankId: string, before: Record<string, unknown> | null, after: Record<string, unknown> | null, at: Date): AuditEventInput {
    return { actor: auditActorOfBankChange(actor), action, subjectType: 'embedding_bank', subjectId: bankId, before, after, at, requestId: requestIdOfBankChange(actor) };
  }
}
