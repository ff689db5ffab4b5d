import { BANK_ACTIONS, BankAction } from '../bank-types';
import { BankRevision } from '../bank-revision';

/** What {@link SyncedBanks} needs of a bank it holds. */
export interface SyncedBank {
  readonly id: string;
  name: string;
  revision: number;
  readonly size: number;
  readonly settings: { readonly enabled: boolean };
  clear(): void;
}

/** A change this process committed: applied in place (those with a revision) or by reloading the bank. */
export type SyncedBankChange = { readonly revision: BankRevision } | { readonly kind: 'reload'; readonly bankId: string } | { readonly kind: 'deleted'; readonly bankId: string };

/** Where the current revisions come from: a few rows, read on every poll. */
export interface BankRevisions {
  revisions(): Promise<ReadonlyArray<{ readonly id: string; readonly revision: number }>>;
}

/** A bank as a matcher holds it, for status pages and tests. */
export interface LoadedBankSummary {
  readonly bankId: string;
  readonly name: string;
  readonly revision: number;
  readonly enabled: boolean;
  readonly entries: number;
}

/** How {@link SyncedBanks} keeps current. */
export interface BankSyncOptions {
  readonly revisions: BankRevisions;
  /** How often to look for changes made by other processes (ms); 0: never, only changes made here apply. */
  readonly refreshMs: number;
  readonly log?: { warn(line: string): void };
  /** What the banks are, for log lines ("hash banks"). */
  readonly what: string;
}

/**
 * The banks of one kind that a process holds in memory, kept current two ways: a change made
 * through this process is applied at once (its service awaits {@link apply} before answering),
 * and a timer polls every bank's revision, reloading only a bank whose revision moved, so changes
 * made by another server, worker or the command line apply within `refreshMs` plus the reload.
 * Reloads and changes run one at a time. Subclasses say how a bank is read and changed in place.
 */
export abstract class SyncedBanks<TBank extends SyncedBank, TChange extends SyncedBankChange> {
  protected readonly loaded = new Map<string, TBank>();
  private timer: NodeJS.Timeout | undefined;
  /** The latest refresh or change; the next one waits for it. */
  private queue: Promise<void> = Promise.resolve();

  protected constructor(private readonly sync: BankSyncOptions) {}

  /** True while no bank is held: nothing can match. */
  get empty(): boolean {
    return this.loaded.size === 0;
  }

  /** The banks held, by name. */
  banks(): LoadedBankSummary[] {
    return [...this.loaded.values()]
      .map((bank) => ({ bankId: bank.id, name: bank.name, revision: bank.revision, enabled: bank.settings.enabled, entries: bank.size }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Loads every bank, then polls for changes every `refreshMs` until {@link stop}. */
  async start(): Promise<void> {
    await this.refresh();
    this.stop();
    if (this.sync.refreshMs <= 0) return;
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) => {
        // A refresh still under way when the process stops (and closes the database) is no news.
        if (this.timer) this.sync.log?.warn(`${this.sync.what} not refreshed: ${describeError(error)}`);
      });
    }, this.sync.refreshMs);
    // The timer must never keep a process alive on its own.
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Reads every bank's revision and reloads the banks that changed, appeared or went away. */
  refresh(): Promise<void> {
    return this.enqueue(async () => {
      const revisions = await this.sync.revisions.revisions();
      const present = new Set(revisions.map((row) => row.id));
      for (const id of [...this.loaded.keys()]) if (!present.has(id)) this.drop(id);
      for (const { id, revision } of revisions) {
        if (this.loaded.get(id)?.revision !== revision) await this.reload(id);
      }
    });
  }

  /** Applies a change this process committed: in place when this process holds the bank at the revision it started from, else by reloading the bank. */
  apply(change: TChange): Promise<void> {
    return this.enqueue(async () => {
      if (!('revision' in change)) return change.kind === 'deleted' ? this.drop(change.bankId) : this.reload(change.bankId);
      const bank = this.loaded.get(change.revision.bankId);
      // Already at (or past) the change: a poll got there first.
      if (bank && bank.revision >= change.revision.after) return;
      if (!bank || bank.revision !== change.revision.before || !this.applyInPlace(bank, change as TChange & { readonly revision: BankRevision })) return this.reload(change.revision.bankId);
      bank.revision = change.revision.after;
    });
  }

  /** Runs `work` after everything queued before it. */
  protected enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.queue.catch(() => undefined).then(work);
    this.queue = next;
    return next;
  }

  /** Puts a freshly read bank in place of the one in use (matching never sees half a bank). */
  protected replace(bank: TBank): void {
    this.loaded.get(bank.id)?.clear();
    this.loaded.set(bank.id, bank);
  }

  protected drop(bankId: string): void {
    this.loaded.get(bankId)?.clear();
    this.loaded.delete(bankId);
  }

  /** Reads one bank afresh (or drops it when it is gone) and {@link replace}s it. */
  protected abstract reload(bankId: string): Promise<void>;

  /** Applies a change to a bank held at the change's starting revision; false when only a reload will do. */
  protected abstract applyInPlace(bank: TBank, change: TChange & { readonly revision: BankRevision }): boolean;
}

/** On an equal distance or similarity, the stronger action first: block, then review, then report. */
export function actionStrength(action: BankAction): number {
  return BANK_ACTIONS.length - BANK_ACTIONS.indexOf(action);
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
