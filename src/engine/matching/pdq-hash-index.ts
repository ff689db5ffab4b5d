import { checkLimit, checkMaxDistance, checkPdqId, checkPdqWords } from './pdq-index-arguments';
import { emptySlotMatches, findSlots } from './pdq-index-probe';
import { DEAD, PdqIndexStore } from './pdq-index-store';
import { PDQ_WORDS } from '../pdq/pdq-hash';

/** One bank entry within the distance asked for. */
export interface PdqIndexMatch {
  readonly id: number;
  /** Bits that differ, 0..256. */
  readonly distance: number;
}

/** A match of one of several hashes of the same image (its rotations and mirror images). */
export interface PdqDihedralMatch extends PdqIndexMatch {
  /** Index into the variants searched of the one closest to this entry (the first, on a tie). */
  readonly variant: number;
}

export interface PdqHashIndexOptions {
  /** Slots to allocate up front (default 1,024); the index grows by half as it fills either way. */
  readonly initialCapacity?: number;
}

/**
 * An in-memory bank of PDQ hashes under numeric ids, searched by Hamming distance.
 *
 * Multi-index hashing (Norouzi et al.): each hash is filed under its sixteen 16-bit chunks, and a
 * search within r probes, per chunk, the buckets within about r / 16 bits of the query's chunk
 * (see probedBuckets: 272 buckets in all at 31), then checks each candidate's full distance. In a
 * million random hashes a search at 31 checks about 4,200 candidates instead of a million. Where
 * probing would cost more than reading every hash (past about 54 bits on a million, past 63
 * always) it reads every hash instead. `npm run bench:banks` measures it.
 *
 * Hand-written rather than a dependency: the npm packages around perceptual hashes compute the
 * distance between two hashes (`hamming-distance`, `imghash`, `sharp-phash`) and none keeps a
 * well-kept index of a bank for radius search; nearest-neighbour libraries index float vectors,
 * and a BK-tree holds a JS object per entry and still visits much of the tree at PDQ's usual
 * thresholds. This is a few hundred lines over typed arrays (see PdqIndexStore for the layout).
 *
 * add() only appends; the next search files what was added, rebuilding the flat buckets of the
 * whole bank once the new entries pass an eighth of it (0.3 s a million on 2 CPUs). A loader
 * that wants that off a request's path searches once after loading. Synchronous and
 * single-threaded: a search never sees a half-done add.
 */
export class PdqHashIndex {
  private readonly store: PdqIndexStore;
  private lastVerified = 0;

  constructor(options: PdqHashIndexOptions = {}) {
    const capacity = options.initialCapacity ?? 0;
    if (!Number.isSafeInteger(capacity) || capacity < 0) throw new RangeError(`initialCapacity must be a non-negative integer; got ${capacity}`);
    this.store = new PdqIndexStore(capacity);
  }

  /** Files `words` (one hash, copied) under `id`; an id already there gets the new hash. */
  add(id: number, words: Uint32Array): void {
    checkPdqId(id);
    checkPdqWords(words, 'words');
    this.store.add(id, words);
  }

  /** Forgets `id` at once (later searches never return it); false when it was not there. */
  remove(id: number): boolean {
    checkPdqId(id);
    return this.store.remove(id);
  }

  has(id: number): boolean {
    checkPdqId(id);
    return this.store.slotOf(id) !== -1;
  }

  /** Calls `visit` with every live entry's id and hash (a view: copy it to keep it), in slot order. */
  forEachEntry(visit: (id: number, words: Uint32Array) => void): void {
    const { store } = this;
    for (let slot = 0; slot < store.used; slot++) {
      const id = store.ids[slot]!;
      if (id !== DEAD) visit(id, store.words.subarray(slot * PDQ_WORDS, slot * PDQ_WORDS + PDQ_WORDS));
    }
  }

  get size(): number {
    return this.store.live;
  }

  /** Bytes held in the index's typed arrays (the hashes, ids, chains and id table). */
  get byteLength(): number {
    return this.store.byteLength;
  }

  /** Full distance checks the last search made (its cost; a linear scan makes one per entry). */
  get lastSearchCandidates(): number {
    return this.lastVerified;
  }

  /** Entries within `maxDistance` bits of `words`, closest first, then by id; at most `limit` of them. */
  search(words: Uint32Array, maxDistance: number, limit?: number): PdqIndexMatch[] {
    checkPdqWords(words, 'words');
    checkMaxDistance(maxDistance);
    const most = checkLimit(limit);
    const found = findSlots(this.store, words, maxDistance, emptySlotMatches());
    this.lastVerified = found.verified;
    const ids = this.store.ids;
    const matches: PdqIndexMatch[] = found.slots.map((slot, index) => ({ id: ids[slot]!, distance: found.distances[index]! }));
    return closestFirst(matches, most);
  }

  /**
   * Entries within `maxDistance` of any of `variants` (typically the eight dihedral hashes of one
   * image, so rotated and mirrored copies match too), each once with its smallest distance.
   */
  searchDihedral(variants: readonly Uint32Array[], maxDistance: number, limit?: number): PdqDihedralMatch[] {
    if (!Array.isArray(variants) || variants.length === 0) throw new TypeError('variants must be a non-empty array of hashes (Uint32Array of 8 words each)');
    variants.forEach((variant, index) => checkPdqWords(variant, `variants[${index}]`));
    checkMaxDistance(maxDistance);
    const most = checkLimit(limit);
    const ids = this.store.ids;
    const best = new Map<number, { id: number; distance: number; variant: number }>();
    let verified = 0;
    variants.forEach((variant, index) => {
      // A symmetric picture has equal variants; searching one of them again finds nothing new.
      if (variants.findIndex((other) => sameWords(other, variant)) < index) return;
      // Only the first findSlots may rebuild (move slots); later ones find nothing left to file,
      // so the slots in `best` stay valid.
      const found = findSlots(this.store, variant, maxDistance, emptySlotMatches());
      verified += found.verified;
      found.slots.forEach((slot, at) => {
        const distance = found.distances[at]!;
        const held = best.get(slot);
        if (held === undefined) best.set(slot, { id: ids[slot]!, distance, variant: index });
        else if (distance < held.distance) Object.assign(held, { distance, variant: index });
      });
    });
    this.lastVerified = verified;
    return closestFirst([...best.values()], most);
  }

  /** Forgets every entry and gives the memory back. */
  clear(): void {
    this.store.clear();
  }
}

function closestFirst<Match extends PdqIndexMatch>(matches: Match[], limit: number): Match[] {
  matches.sort((a, b) => a.distance - b.distance || a.id - b.id);
  return matches.length > limit ? matches.slice(0, limit) : matches;
}

function sameWords(a: Uint32Array, b: Uint32Array): boolean {
  for (let word = 0; word < a.length; word += 1) if (a[word] !== b[word]) return false;
  return true;
}
