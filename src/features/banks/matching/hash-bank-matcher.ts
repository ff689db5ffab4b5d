import { pdqWordsFromHex } from '../../../engine/pdq';
import { BankEntryRepository } from '../bank-entry.repository';
import { settingsOfRow } from '../bank-views';
import { HashBankRepository } from '../hash-bank.repository';
import { BankChange, BankChangeSink } from './bank-change';
import { BankMatch, PdqToMatch } from './bank-match';
import { BankSnapshotFiles } from './bank-snapshot-file';
import { LoadedBank } from './loaded-bank';
import { SyncedBanks, actionStrength, describeError } from './synced-banks';

export type { LoadedBankSummary } from './synced-banks';

/** What {@link HashBankMatcher} needs. */
export interface HashBankMatcherOptions {
  readonly banks: HashBankRepository;
  readonly entries: BankEntryRepository;
  /** How often to look for changes made by other processes (ms); 0: never, only changes made here apply. */
  readonly refreshMs: number;
  readonly log?: { warn(line: string): void };
  /**
   * A folder of this process for snapshots of the banks (`<MODERATION_DATA_DIR>/banks`): at start a
   * bank whose revision has not moved since is read from its file instead of the database.
   */
  readonly snapshots?: BankSnapshotFiles;
}

/** Entries read per query while loading a bank. */
const LOAD_CHUNK = 20_000;

/**
 * Every hash bank in memory, one PdqHashIndex per enabled bank, answering "which bank entries is
 * this upload's hash close to" synchronously and cheaply enough to run before the model; kept
 * current as {@link SyncedBanks} describes, and snapshotted to files for the next start.
 */
export class HashBankMatcher extends SyncedBanks<LoadedBank, BankChange> implements BankChangeSink {
  /** The revision each bank's snapshot file holds, for the banks that have one. */
  private readonly snapshotted = new Map<string, number>();

  constructor(private readonly options: HashBankMatcherOptions) {
    super({ revisions: options.banks, refreshMs: options.refreshMs, log: options.log, what: 'hash banks' });
  }

  /**
   * Entries of enabled banks within each bank's threshold of `pdq`, closest first (at most
   * MAX_MATCHES_PER_BANK per bank). A bank skips hashes below its minimum quality; `dihedral`
   * (the upload's eight dihedral hashes, as words) is searched only by banks with dihedral
   * matching on, the others use `pdq.hash`.
   */
  match(pdq: PdqToMatch, dihedral?: readonly Uint32Array[]): BankMatch[] {
    if (this.loaded.size === 0) return [];
    const words = pdqWordsFromHex(pdq.hash);
    const matches: BankMatch[] = [];
    for (const bank of this.loaded.values()) matches.push(...bank.match(words, pdq.quality, dihedral));
    return matches.sort((a, b) => a.distance - b.distance || actionStrength(b.action) - actionStrength(a.action) || a.bankName.localeCompare(b.bankName) || a.entryId - b.entryId);
  }

  /**
   * Writes a snapshot of every loaded bank whose revision has none yet, so the next start of this
   * process reads them from files. Called after start and at shutdown; failures are logged only.
   */
  persist(): Promise<void> {
    const files = this.options.snapshots;
    if (!files) return Promise.resolve();
    return this.enqueue(async () => {
      for (const bank of this.loaded.values()) {
        if (this.snapshotted.get(bank.id) === bank.revision) continue;
        const snapshot = bank.toSnapshot();
        if (!snapshot) continue;
        try {
          await files.write(snapshot);
          this.snapshotted.set(bank.id, bank.revision);
        } catch (error) {
          this.options.log?.warn(`hash bank ${bank.name} not snapshotted: ${describeError(error)}`);
        }
      }
    });
  }

  protected applyInPlace(bank: LoadedBank, change: Exclude<BankChange, { kind: 'reload' | 'deleted' }>): boolean {
    if (change.kind === 'entry-added') bank.add(change.entry);
    else if (change.kind === 'entry-removed') bank.remove(change.entryId);
    // Enabling loads the entries, disabling frees them: both by reading the bank anew.
    else if (change.settings.enabled !== bank.indexed) return false;
    else {
      bank.name = change.name;
      bank.settings = change.settings;
    }
    return true;
  }

  /**
   * Reads one bank afresh, from its snapshot file when that is at the bank's revision, else from
   * the database. The bank's row (and revision) is read before its entries: an entry changed
   * meanwhile makes the revision look older than the entries, and the next poll reloads.
   */
  protected async reload(bankId: string): Promise<void> {
    const row = await this.options.banks.find(bankId);
    if (!row) return this.drop(bankId);
    const fresh = new LoadedBank(row.id, row.name, settingsOfRow(row), row.revision);
    const snapshot = fresh.indexed ? await this.options.snapshots?.read(bankId, row.revision) : undefined;
    if (snapshot) {
      fresh.addSnapshot(snapshot);
      this.snapshotted.set(bankId, row.revision);
    } else if (fresh.indexed) {
      for (let after = 0; ; ) {
        const chunk = await this.options.entries.indexChunk(bankId, after, LOAD_CHUNK);
        for (const entry of chunk) fresh.add(entry);
        if (chunk.length < LOAD_CHUNK) break;
        after = chunk[chunk.length - 1]!.id;
      }
    }
    this.replace(fresh);
  }

  protected override drop(bankId: string): void {
    super.drop(bankId);
    if (this.snapshotted.delete(bankId)) void this.options.snapshots?.remove(bankId).catch(() => undefined);
  }
}
