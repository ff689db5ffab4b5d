import { PDQ_WORDS } from '../pdq/pdq-hash';
import { DeltaChains } from './pdq-delta-chains';
import { FrozenChunks } from './pdq-frozen-chunks';
import { IdSlotTable } from './pdq-id-slot-table';

const NONE = -1;
/** Marks a slot whose entry was removed or replaced (ids are non-negative). */
export const DEAD = -1;
const MIN_CAPACITY = 1024;
/** Stale slots (added since the last rebuild, or dead) tolerated before a search rebuilds: this many, or an eighth of the bank. */
const MIN_STALE = 4096;

/**
 * The PDQ index's memory: a few typed arrays, whatever the size of the bank, so a million hashes
 * are a handful of objects for the garbage collector rather than millions.
 *
 * - `words`: the hash in slot s at s * 8 (32 bytes a slot);
 * - `ids`: the id in slot s, or DEAD (8 bytes; a Float64Array holds any safe integer);
 * - `stamps`: the last search that reported slot s, so a slot found through several chunks is
 *   reported once (4 bytes);
 * - the buckets: FrozenChunks for the slots up to the last rebuild (64 bytes a slot plus 4 MiB),
 *   DeltaChains for the ones after (64 bytes a slot plus 4 MiB);
 * - IdSlotTable, id -> slot (8 to 16 bytes an entry).
 *
 * Slots are appended. Removing or replacing an entry marks its slot dead, and searches skip it at
 * once; the next rebuild packs the live slots, so dead ones cost memory only until then. Entries
 * added since the last search are in no bucket yet: the search files them first (prepareSearch).
 */
export class PdqIndexStore {
  capacity = 0;
  /** Slots handed out, dead ones included. */
  used = 0;
  /** Live entries. */
  live = 0;
  words = new Uint32Array(0);
  ids = new Float64Array(0);
  stamps = new Uint32Array(0);
  readonly frozen = new FrozenChunks();
  readonly delta = new DeltaChains();
  private dead = 0;
  private epoch = 0;
  private readonly slotsById = new IdSlotTable();

  constructor(initialCapacity = MIN_CAPACITY) {
    this.resize(Math.max(MIN_CAPACITY, initialCapacity));
  }

  get byteLength(): number {
    return this.words.byteLength + this.ids.byteLength + this.stamps.byteLength + this.frozen.byteLength + this.delta.byteLength + this.slotsById.byteLength;
  }

  slotOf(id: number): number {
    return this.slotsById.find(id, this.ids);
  }

  /** Stores `hash` (8 words) under `id`, replacing the hash the id had. */
  add(id: number, hash: Uint32Array): void {
    const previous = this.slotOf(id);
    if (previous !== NONE && sameHash(this.words, previous * PDQ_WORDS, hash)) return;
    if (this.used === this.capacity) this.resize(Math.max(this.capacity + MIN_CAPACITY, Math.ceil(this.capacity * 1.5)));
    const slot = this.used;
    this.used += 1;
    const words = this.words;
    for (let word = 0, at = slot * PDQ_WORDS; word < PDQ_WORDS; word += 1) words[at + word] = hash[word]!;
    this.ids[slot] = id;
    this.slotsById.set(id, slot, this.ids);
    if (previous === NONE) {
      this.live += 1;
    } else {
      this.ids[previous] = DEAD;
      this.dead += 1;
    }
  }

  /** Forgets `id`; false when it was not there. */
  remove(id: number): boolean {
    const slot = this.slotsById.delete(id, this.ids);
    if (slot === NONE) return false;
    this.ids[slot] = DEAD;
    this.live -= 1;
    this.dead += 1;
    return true;
  }

  clear(): void {
    this.used = 0;
    this.live = 0;
    this.dead = 0;
    this.resize(MIN_CAPACITY);
    this.frozen.clear();
    this.delta.reset(0);
    this.slotsById.rebuild(this.ids);
  }

  /**
   * Files what was added since the last search (searches call this). Adding only appends; the
   * filing waits for a search, so loading a bank of a million is one flat build at its first
   * search rather than a million chain insertions. Once the chained or dead slots would pass an
   * eighth of the bank, everything is rebuilt flat instead.
   */
  prepareSearch(): void {
    const { delta, frozen } = this;
    if (this.used - frozen.count + this.dead > Math.max(MIN_STALE, this.live >>> 3)) this.rebuild();
    else for (let slot = delta.base + delta.count; slot < this.used; slot += 1) delta.link(this.words, slot);
  }

  /** A stamp no slot carries yet: the mark of one pass over the buckets. */
  nextEpoch(): number {
    if (this.epoch === 0xffffffff) {
      this.stamps.fill(0);
      this.epoch = 0;
    }
    this.epoch += 1;
    return this.epoch;
  }

  /** Packs the live slots to the front, files them all in FrozenChunks, and empties the chains. */
  rebuild(): void {
    const { words, ids } = this;
    let kept = 0;
    for (let slot = 0; slot < this.used; slot += 1) {
      if (ids[slot] === DEAD) continue;
      if (kept !== slot) {
        ids[kept] = ids[slot]!;
        words.copyWithin(kept * PDQ_WORDS, slot * PDQ_WORDS, (slot + 1) * PDQ_WORDS);
      }
      kept += 1;
    }
    const moved = kept !== this.used;
    this.used = kept;
    this.dead = 0;
    if (this.capacity > 2 * Math.max(MIN_CAPACITY, kept)) this.resize(Math.max(MIN_CAPACITY, Math.ceil(kept * 1.5)));
    else this.ids.fill(DEAD, kept);
    this.frozen.build(this.words, kept);
    this.delta.reset(kept);
    if (moved) this.slotsById.rebuild(this.ids, kept);
  }

  /** New slot arrays of `capacity` slots keeping slots 0..used. */
  private resize(capacity: number): void {
    const words = new Uint32Array(capacity * PDQ_WORDS);
    words.set(this.words.subarray(0, this.used * PDQ_WORDS));
    const ids = new Float64Array(capacity).fill(DEAD);
    ids.set(this.ids.subarray(0, this.used));
    this.words = words;
    this.ids = ids;
    // A fresh search epoch never matches zero, so the stamps need not be copied.
    this.stamps = new Uint32Array(capacity);
    this.capacity = capacity;
  }
}

function sameHash(words: Uint32Array, offset: number, hash: Uint32Array): boolean {
  for (let word = 0; word < PDQ_WORDS; word += 1) if (words[offset + word] !== hash[word]) return false;
  return true;
}
