import { decodeFloat32Base64 } from '../../../../shared/database/float32-base64';
import { BankAction } from '../../bank-types';
import { SyncedBanks, actionStrength } from '../../matching/synced-banks';
import { EmbeddingBankEntryRepository } from '../embedding-bank-entry.repository';
import { embeddingSettingsOfRow } from '../embedding-bank-views';
import { EmbeddingBankRepository } from '../embedding-bank.repository';
import { EmbeddingBankChange, EmbeddingBankChangeSink } from './embedding-bank-change';
import { LoadedEmbeddingBank } from './loaded-embedding-bank';

/** What {@link EmbeddingBankMatcher} needs. */
export interface EmbeddingBankMatcherOptions {
  readonly banks: EmbeddingBankRepository;
  readonly entries: EmbeddingBankEntryRepository;
  /** The content hash of the model this process runs: only entries it made are loaded. */
  readonly modelHash: string;
  /** How often to look for changes made by other processes (ms); 0: never, only changes made here apply. */
  readonly refreshMs: number;
  readonly log?: { warn(line: string): void };
}

/** An entry an embedding matched, with its bank. */
export interface EmbeddingBankHit {
  readonly bankId: string;
  readonly bankName: string;
  readonly action: BankAction;
  readonly threshold: number;
  readonly entryId: number;
  readonly label: string | null;
  readonly similarity: number;
}

export type { LoadedBankSummary as LoadedEmbeddingBankSummary } from '../../matching/synced-banks';

/** Entries read per query while loading a bank (a 512-d embedding is about 2.7 KiB of base64). */
const LOAD_CHUNK = 2000;

/**
 * Every embedding bank in memory, one EmbeddingIndex per enabled bank, answering "which entries is
 * this frame's embedding similar to" synchronously, right after inference; kept current as
 * {@link SyncedBanks} describes, so a removed entry stops matching here at once and on other
 * servers and workers within `refreshMs` plus the reload.
 */
export class EmbeddingBankMatcher extends SyncedBanks<LoadedEmbeddingBank, EmbeddingBankChange> implements EmbeddingBankChangeSink {
  constructor(private readonly options: EmbeddingBankMatcherOptions) {
    super({ revisions: options.banks, refreshMs: options.refreshMs, log: options.log, what: 'embedding banks' });
  }

  /** Entries of enabled banks at least each bank's threshold similar to `embedding`, most similar first. */
  match(embedding: Float32Array): EmbeddingBankHit[] {
    if (this.loaded.size === 0) return [];
    const hits: EmbeddingBankHit[] = [];
    for (const bank of this.loaded.values()) {
      for (const match of bank.match(embedding)) {
        hits.push({ bankId: bank.id, bankName: bank.name, action: bank.settings.action, threshold: bank.settings.threshold, ...match });
      }
    }
    return hits.sort((a, b) => b.similarity - a.similarity || actionStrength(b.action) - actionStrength(a.action) || a.bankName.localeCompare(b.bankName) || a.entryId - b.entryId);
  }

  protected applyInPlace(bank: LoadedEmbeddingBank, change: Exclude<EmbeddingBankChange, { kind: 'reload' | 'deleted' }>): boolean {
    if (change.kind === 'entry-added') {
      // Entries another model made are never loaded here.
      if (change.entry.modelHash === this.options.modelHash) bank.add(change.entry.id, change.entry.embedding, change.entry.label);
    } else if (change.kind === 'entry-removed') {
      bank.remove(change.entryId);
    } else if (change.settings.enabled !== bank.settings.enabled) {
      return false;
    } else {
      bank.name = change.name;
      bank.settings = change.settings;
    }
    return true;
  }

  /**
   * Reads one bank afresh. The bank's row (and revision) is read before its entries: an entry
   * changed meanwhile makes the revision look older than the entries, and the next poll reloads.
   */
  protected async reload(bankId: string): Promise<void> {
    const row = await this.options.banks.find(bankId);
    if (!row) return this.drop(bankId);
    const fresh = new LoadedEmbeddingBank(row.id, row.name, embeddingSettingsOfRow(row), row.revision);
    if (fresh.indexed) {
      for (let after = 0; ; ) {
        const chunk = await this.options.entries.indexChunk(bankId, this.options.modelHash, after, LOAD_CHUNK);
        for (const entry of chunk) fresh.add(entry.id, Float32Array.from(decodeFloat32Base64(entry.embedding)), entry.label);
        if (chunk.length < LOAD_CHUNK) break;
        after = chunk[chunk.length - 1]!.id;
      }
    }
    this.replace(fresh);
  }
}
