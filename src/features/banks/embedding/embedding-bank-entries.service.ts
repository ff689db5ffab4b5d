import { AuditEventInput } from '../../access';
import { EmbeddingBankEntity } from '../../../database/entities/embedding-bank.entity';
import { validationError } from '../../../shared/http/validation-error';
import { BankChangeActor, auditActorOfBankChange, keyIdOfBankChange, requestIdOfBankChange } from '../bank-change-actor';
import { MAX_ENTRY_ID } from '../bank-types';
import { EmbeddingBankEntry } from './embedding-bank-types';
import { auditStateOfEmbeddingEntry, toEmbeddingBankEntry } from './embedding-bank-views';
import { EmbeddingBankEntryRepository } from './embedding-bank-entry.repository';
import { EmbeddingBankRepository } from './embedding-bank.repository';
import { EmbeddingBankChangeSink } from './matching/embedding-bank-change';

/** One page of a bank's entries, newest first. */
export interface EmbeddingEntryPageView {
  readonly items: EmbeddingBankEntry[];
  /** Pass as `cursor` for the next page; null on the last. */
  readonly nextCursor: string | null;
}

/** Paging and search of a bank's entries. */
export interface EmbeddingEntryQuery {
  readonly limit?: number;
  readonly cursor?: string;
  /** Part of the label (any case), or the start of the decision id. */
  readonly search?: string;
}

export const DEFAULT_EMBEDDING_ENTRY_PAGE_SIZE = 100;
export const MAX_EMBEDDING_ENTRY_PAGE_SIZE = 500;

/**
 * An embedding bank's entries: listed, searched, read and removed (entries are added by remove
 * verdicts, see ReviewBanking). A removal is committed with its `bank.entry.remove` audit event and
 * applied to this process's matcher before the call returns.
 */
export class EmbeddingBankEntriesService {
  constructor(
    private readonly banks: EmbeddingBankRepository,
    private readonly entries: EmbeddingBankEntryRepository,
    private readonly matcher: EmbeddingBankChangeSink,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Entries of a bank (by id or name), newest first; BANK_NOT_FOUND. */
  async page(ref: string, query: EmbeddingEntryQuery): Promise<EmbeddingEntryPageView> {
    const bank = await this.banks.get(ref);
    const limit = Math.min(MAX_EMBEDDING_ENTRY_PAGE_SIZE, Math.max(1, Math.trunc(query.limit ?? DEFAULT_EMBEDDING_ENTRY_PAGE_SIZE)));
    const cursor = query.cursor === undefined ? undefined : Number(query.cursor);
    if (cursor !== undefined && !(Number.isSafeInteger(cursor) && cursor >= 0 && cursor <= MAX_ENTRY_ID)) throw validationError([{ field: 'cursor', reasons: ['must be the nextCursor of a previous page'] }]);
    const page = await this.entries.page(bank.id, { limit, cursor, search: query.search });
    return { items: page.items.map(toEmbeddingBankEntry), nextCursor: page.nextCursor === null ? null : String(page.nextCursor) };
  }

  /** One entry; BANK_NOT_FOUND, BANK_ENTRY_NOT_FOUND. */
  async get(ref: string, entryId: number): Promise<EmbeddingBankEntry> {
    const bank = await this.banks.get(ref);
    return toEmbeddingBankEntry(await this.entries.get(bank.id, entryId));
  }

  /** Removes an entry: it stops matching here before the call returns, elsewhere within a poll. */
  async remove(ref: string, entryId: number, actor: BankChangeActor): Promise<EmbeddingBankEntry> {
    const bank = await this.banks.get(ref);
    const at = this.clock();
    const { entry, revision } = await this.entries.remove(bank.id, entryId, { at, by: keyIdOfBankChange(actor) }, (removed) =>
      this.event(actor, bank, auditStateOfEmbeddingEntry(removed, bank.name), at),
    );
    await this.matcher.apply({ kind: 'entry-removed', revision, entryId: entry.id });
    return toEmbeddingBankEntry(entry);
  }

  private event(actor: BankChangeActor, bank: EmbeddingBankEntity, before: Record<string, unknown>, at: Date): AuditEventInput {
    return { actor: auditActorOfBankChange(actor), action: 'bank.entry.remove', subjectType: 'embedding_bank', subjectId: bank.id, before, after: null, at, requestId: requestIdOfBankChange(actor) };
  }
}
