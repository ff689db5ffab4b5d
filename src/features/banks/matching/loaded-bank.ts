import { PdqHashIndex } from '../../../engine/matching';
import { PDQ_WORDS, pdqWordsFromHex } from '../../../engine/pdq';
import { BankSnapshot } from './bank-snapshot-file';
import { BankAction, BankSettings } from '../bank-types';
import { IndexedEntry } from '../bank-entry.repository';
import { BankMatch } from './bank-match';

/**
 * Most matches reported per bank: enough to explain a decision, and a bound on what a flat,
 * featureless upload (close to many entries at once) can make a decision carry.
 */
export const MAX_MATCHES_PER_BANK = 10;

/**
 * One bank as a process holds it in memory: its settings, the revision they and the entries are
 * at, and (while enabled) its hashes in a PdqHashIndex with the labels beside it. Changes are
 * applied in place, so one added or removed entry never costs a reload of a million.
 */
export class LoadedBank {
  /** The labels of entries that have one, by entry id. */
  private readonly labels = new Map<number, string>();
  private readonly index: PdqHashIndex | null;

  constructor(
    readonly id: string,
    public name: string,
    public settings: BankSettings,
    public revision: number,
  ) {
    this.index = settings.enabled ? new PdqHashIndex() : null;
  }

  /** Hashes held (0 while disabled: a disabled bank's entries are not loaded). */
  get size(): number {
    return this.index?.size ?? 0;
  }

  /** True when the bank's entries are in memory, i.e. it was loaded enabled. */
  get indexed(): boolean {
    return this.index !== null;
  }

  add(entry: IndexedEntry): void {
    if (!this.index) return;
    this.index.add(entry.id, pdqWordsFromHex(entry.hash));
    if (entry.label === null) this.labels.delete(entry.id);
    else this.labels.set(entry.id, entry.label);
  }

  /** Adds the entries of a snapshot taken at this bank's revision. */
  addSnapshot(snapshot: BankSnapshot): void {
    if (!this.index) return;
    for (let entry = 0; entry < snapshot.ids.length; entry++) {
      this.index.add(snapshot.ids[entry]!, snapshot.words.subarray(entry * PDQ_WORDS, entry * PDQ_WORDS + PDQ_WORDS));
    }
    for (const [id, label] of snapshot.labels) this.labels.set(id, label);
  }

  /** The entries as a snapshot at this bank's revision (undefined while disabled: nothing is loaded). */
  toSnapshot(): BankSnapshot | undefined {
    if (!this.index) return undefined;
    const ids = new Float64Array(this.index.size);
    const words = new Uint32Array(this.index.size * PDQ_WORDS);
    let entry = 0;
    this.index.forEachEntry((id, hash) => {
      ids[entry] = id;
      words.set(hash, entry * PDQ_WORDS);
      entry++;
    });
    return { bankId: this.id, revision: this.revision, ids, words, labels: [...this.labels] };
  }

  remove(entryId: number): void {
    this.index?.remove(entryId);
    this.labels.delete(entryId);
  }

  /**
   * Entries within the bank's threshold of an upload, closest first: none while disabled or when
   * the upload's quality is below the bank's minimum. `variants` (the upload's dihedral hashes)
   * are used only when the bank matches rotations and mirror images.
   */
  match(words: Uint32Array, quality: number, variants: readonly Uint32Array[] | undefined): BankMatch[] {
    const { threshold, minQuality, dihedral, action } = this.settings;
    if (!this.index || !this.settings.enabled || quality < minQuality || this.index.size === 0) return [];
    if (dihedral && variants && variants.length > 0) {
      return this.index.searchDihedral(variants, threshold, MAX_MATCHES_PER_BANK).map((match) => ({ ...this.toMatch(match.id, match.distance, action), variant: match.variant }));
    }
    return this.index.search(words, threshold, MAX_MATCHES_PER_BANK).map((match) => this.toMatch(match.id, match.distance, action));
  }

  clear(): void {
    this.index?.clear();
    this.labels.clear();
  }

  private toMatch(entryId: number, distance: number, action: BankAction): BankMatch {
    return { bankId: this.id, bankName: this.name, action, entryId, label: this.labels.get(entryId) ?? null, distance, threshold: this.settings.threshold };
  }
}
