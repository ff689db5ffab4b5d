import { ModerationError } from '../../engine/errors/moderation-error';
import { AppErrorCode } from '../../shared/errors/app-error-code';
import { BankEntryRepository, NewEntryRow } from './bank-entry.repository';
import { BankChangeActor, auditActorOfBankChange, keyIdOfBankChange, requestIdOfBankChange } from './bank-change-actor';
import { BankEntrySource } from './bank-types';
import { HashBankRepository } from './hash-bank.repository';
import { BankChangeSink } from './matching/bank-change';
import { exportHeader, exportLines } from './transfer/format-hash-list';
import { HashListFormat, InvalidLine, ParsedHashList, splitLines } from './transfer/hash-list';
import { parseHashCsv } from './transfer/parse-hash-csv';
import { parseHashText } from './transfer/parse-hash-text';

/** Invalid lines listed in an import's report; past that only counted. */
export const MAX_REPORTED_INVALID_LINES = 1000;

/** Entries read per query while exporting. */
const EXPORT_CHUNK = 5000;

/** How one import went. */
export interface ImportReport {
  readonly bankId: string;
  readonly bankName: string;
  readonly format: HashListFormat;
  /** Lines in the list, blank, comment and header lines included. */
  readonly lines: number;
  readonly added: number;
  /** Hashes the bank held already, or that the list repeated. */
  readonly duplicates: number;
  /** Lines that held no usable hash. */
  readonly invalid: number;
  /** The first {@link MAX_REPORTED_INVALID_LINES} of them, with why. */
  readonly invalidLines: InvalidLine[];
}

/** What an import is given besides the list. */
export interface ImportRequest {
  readonly format: HashListFormat;
  /** The label and note of entries whose line gives none. */
  readonly label?: string;
  readonly note?: string;
  readonly source?: BankEntrySource;
  /** Most lines accepted (BANK_IMPORT_TOO_MANY_LINES beyond). */
  readonly maxLines: number;
}

/**
 * Importing and exporting hash lists as hash-sharing programmes exchange them: plain text (a hash
 * per line) or CSV (`hash`, `label`, `note`). A bad line is reported and never stops the rest; an
 * import is one transaction with one audit event (`bank.import`) carrying its counts.
 */
export class BankTransferService {
  constructor(
    private readonly banks: HashBankRepository,
    private readonly entries: BankEntryRepository,
    private readonly matcher: BankChangeSink,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Resolves when the bank exists; BANK_NOT_FOUND otherwise (checked before a list is read). */
  async requireBank(ref: string): Promise<void> {
    await this.banks.get(ref);
  }

  /** Adds every new hash of `text` to the bank; BANK_NOT_FOUND, BANK_IMPORT_TOO_MANY_LINES, BANK_IMPORT_INVALID. */
  async import(ref: string, text: string, request: ImportRequest, actor: BankChangeActor): Promise<ImportReport> {
    const bank = await this.banks.get(ref);
    const lines = splitLines(text).length;
    if (lines > request.maxLines) {
      throw new ModerationError(AppErrorCode.BankImportTooManyLines, `The list has ${lines} lines; at most ${request.maxLines} are imported at once`, { lines, maxLines: request.maxLines });
    }
    const parsed: ParsedHashList = request.format === 'csv' ? parseHashCsv(text) : parseHashText(text);
    const at = this.clock();
    const by = keyIdOfBankChange(actor);
    const source = request.source ?? 'import';
    const rows: NewEntryRow[] = parsed.hashes.map((listed) => ({
      bankId: bank.id,
      hash: listed.hash,
      label: listed.label ?? (request.label || null),
      note: listed.note ?? (request.note || null),
      source,
      createdBy: by,
      createdAt: at,
    }));
    const summary = { format: request.format, lines: parsed.lines, invalid: parsed.invalid.length };
    const result = await this.entries.addMany(bank.id, rows, { at, by }, (counts) => ({
      actor: auditActorOfBankChange(actor),
      action: 'bank.import',
      subjectType: 'hash_bank',
      subjectId: bank.id,
      before: null,
      after: { bankName: bank.name, ...summary, added: counts.added, duplicates: counts.duplicates + parsed.repeated, source },
      at,
      requestId: requestIdOfBankChange(actor),
    }));
    if (result.added > 0) await this.matcher.apply({ kind: 'reload', bankId: bank.id });
    return {
      bankId: bank.id,
      bankName: bank.name,
      ...summary,
      added: result.added,
      duplicates: result.duplicates + parsed.repeated,
      invalidLines: parsed.invalid.slice(0, MAX_REPORTED_INVALID_LINES),
    };
  }

  /**
   * The bank's entries as a list, oldest first, in pieces (a CSV header first): a million entries
   * never sit in memory as one string. BANK_NOT_FOUND is thrown before the first piece.
   */
  async export(ref: string, format: HashListFormat): Promise<{ readonly bankName: string; readonly pieces: AsyncIterable<string> }> {
    const bank = await this.banks.get(ref);
    const entries = this.entries;
    async function* pieces(): AsyncGenerator<string> {
      yield exportHeader(format);
      for (let after = 0; ; ) {
        const chunk = await entries.exportChunk(bank.id, after, EXPORT_CHUNK);
        if (chunk.length > 0) yield exportLines(chunk, format);
        if (chunk.length < EXPORT_CHUNK) return;
        after = chunk[chunk.length - 1]!.id;
      }
    }
    return { bankName: bank.name, pieces: pieces() };
  }
}
