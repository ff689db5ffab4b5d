import { BankRevision } from '../bank-revision';
import { BankSettings } from '../bank-types';
import { IndexedEntry } from '../bank-entry.repository';

/**
 * A change this process just committed, for its matcher to apply at once. A matcher that holds the
 * bank at the revision the change started from applies it in place; otherwise it reloads the bank.
 */
export type BankChange =
  | { readonly kind: 'entry-added'; readonly revision: BankRevision; readonly entry: IndexedEntry }
  | { readonly kind: 'entry-removed'; readonly revision: BankRevision; readonly entryId: number }
  | { readonly kind: 'settings'; readonly revision: BankRevision; readonly name: string; readonly settings: BankSettings }
  /** Many entries at once (an import), or a new bank: reloaded whole. */
  | { readonly kind: 'reload'; readonly bankId: string }
  | { readonly kind: 'deleted'; readonly bankId: string };

/** Where a service reports the changes it committed: the process's matcher (the CLI, which matches nothing, reports nowhere). */
export interface BankChangeSink {
  apply(change: BankChange): Promise<void>;
}

/** A sink for processes that hold no matcher. */
export const NO_BANK_CHANGE_SINK: BankChangeSink = Object.freeze({ apply: () => Promise.resolve() });
