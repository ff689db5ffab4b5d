import { AuditEventInput } from '../access';
import { hashImage } from '../../engine/image/hash-image';
import { ImageLimits } from '../../engine/image/image-limits';
import { HashBankEntity } from '../../database/entities/hash-bank.entity';
import { validationError } from '../../shared/http/validation-error';
import { BankEntryRepository } from './bank-entry.repository';
import { BankChangeActor, auditActorOfBankChange, keyIdOfBankChange, requestIdOfBankChange } from './bank-change-actor';
import { BankEntry, BankEntrySource, MAX_ENTRY_ID, NewBankEntry } from './bank-types';
import { auditStateOfEntry, toBankEntry } from './bank-views';
import { HashBankRepository } from './hash-bank.repository';
import { BankChangeSink } from './matching/bank-change';

/** One page of a bank's entries, newest first. */
export interface BankEntryPage {
  readonly items: BankEntry[];
  /** Pass as `cursor` for the next page; null on the last. */
  readonly nextCursor: string | null;
}

/** Paging and search of a bank's entries. */
export interface BankEntryQuery {
  readonly limit?: number;
  readonly cursor?: string;
  /** Hash prefix, or part of the label (any case). */
  readonly search?: string;
}

/** An entry added from an image: the entry, and the quality of the image's hash. */
export interface ImageEntry {
  readonly entry: BankEntry;
  /** 0-100; below the bank's minimum quality the hash is stored but an upload like it never matches. */
  readonly quality: number;
}

export const DEFAULT_ENTRY_PAGE_SIZE = 100;
export const MAX_ENTRY_PAGE_SIZE = 500;

/**
 * A bank's entries one at a time: listed and searched, added by hash or by image, removed. Each
 * change is committed with its audit event (`bank.entry.add`, `bank.entry.remove`) and applied to
 * this process's matcher before the call returns.
 */
export class BankEntriesService {
  constructor(
    private readonly banks: HashBankRepository,
    private readonly entries: BankEntryRepository,
    private readonly matcher: BankChangeSink,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Resolves when the bank exists; BANK_NOT_FOUND otherwise (checked before an upload is read). */
  async requireBank(ref: string): Promise<void> {
    await this.banks.get(ref);
  }

  /** Entries of a bank (by id or name), newest first; BANK_NOT_FOUND. */
  async page(ref: string, query: BankEntryQuery): Promise<BankEntryPage> {
    const bank = await this.banks.get(ref);
    const limit = Math.min(MAX_ENTRY_PAGE_SIZE, Math.max(1, Math.trunc(query.limit ?? DEFAULT_ENTRY_PAGE_SIZE)));
    const cursor = query.cursor === undefined ? undefined : Number(query.cursor);
    if (cursor !== undefined && !(Number.isSafeInteger(cursor) && cursor >= 0 && cursor <= MAX_ENTRY_ID)) throw validationError([{ field: 'cursor', reasons: ['must be the nextCursor of a previous page'] }]);
    const page = await this.entries.page(bank.id, { limit, cursor, search: query.search });
    return { items: page.items.map(toBankEntry), nextCursor: page.nextCursor === null ? null : String(page.nextCursor) };
  }

  /** One entry; BANK_NOT_FOUND, BANK_ENTRY_NOT_FOUND. */
  async get(ref: string, entryId: number): Promise<BankEntry> {
    const bank = await this.banks.get(ref);
    return toBankEntry(await this.entries.get(bank.id, entryId));
  }

  /** Adds a hash; BANK_ENTRY_EXISTS when the bank holds it already. */
  async add(ref: string, input: NewBankEntry, source: BankEntrySource, actor: BankChangeActor): Promise<BankEntry> {
    const bank = await this.banks.get(ref);
    const at = this.clock();
    const row = { bankId: bank.id, hash: input.hash.toLowerCase(), label: input.label || null, note: input.note || null, source, createdBy: keyIdOfBankChange(actor), createdAt: at };
    const { entry, revision } = await this.entries.add(row, { at, by: row.createdBy }, (added) => this.event(actor, 'bank.entry.add', bank, null, auditStateOfEntry(added, bank.name), at));
    await this.matcher.apply({ kind: 'entry-added', revision, entry: { id: entry.id, hash: entry.hash, label: entry.label } });
    return toBankEntry(entry);
  }

  /**
   * Adds the PDQ hash of an image, computed as a decision of the same bytes would compute it; the
   * image is not kept. Refused with the image error codes (IMAGE_TOO_LARGE, IMAGE_CORRUPT, …).
   */
  async addImage(ref: string, bytes: Uint8Array, limits: ImageLimits, meta: Omit<NewBankEntry, 'hash'>, actor: BankChangeActor): Promise<ImageEntry> {
    // Checked before decoding: an unknown bank costs no decode.
    await this.requireBank(ref);
    const { hash, quality } = await hashImage(bytes, limits);
    return { entry: await this.add(ref, { ...meta, hash }, 'image', actor), quality };
  }

  /** Removes an entry: it stops matching here before the call returns, elsewhere within a poll. */
  async remove(ref: string, entryId: number, actor: BankChangeActor): Promise<BankEntry> {
    const bank = await this.banks.get(ref);
    const at = this.clock();
    const { entry, revision } = await this.entries.remove(bank.id, entryId, { at, by: keyIdOfBankChange(actor) }, (removed) =>
      this.event(actor, 'bank.entry.remove', bank, auditStateOfEntry(removed, bank.name), null, at),
    );
    await this.matcher.apply({ kind: 'entry-removed', revision, entryId: entry.id });
    return toBankEntry(entry);
  }

  private event(actor: BankChangeActor, action: AuditEventInput['action'], bank: HashBankEntity, before: Record<string, unknown> | null, after: Record<string, unknown> | null, at: Date): AuditEventInput {
    return { actor: auditActorOfBankChange(actor), action, subjectType: 'hash_bank', subjectId: bank.id, before, after, at, requestId: requestIdOfBankChange(actor) };
  }
}
