/**
 * Id -> row lookup for the embedding index: one Int32Array of row numbers (open addressing,
 * linear probing, at most half full), the ids themselves read from the rows' `ids` array.
 * A Map of a million numbers holds about 28 MB of heap that `memoryBytes` could only guess;
 * this holds 8 to 16 bytes an entry, exactly counted. Deletion shifts later entries back instead
 * of leaving tombstones, so lookups do not slow down as decisions come and go.
 */
const EMPTY = -1;
const MIN_SLOTS = 1024;
const TWO_TO_32 = 4294967296;

/** Home slot of a safe-integer id: both 32-bit halves mixed (Murmur3's finalizer). */
function homeOf(id: number, mask: number): number {
  let hash = (id >>> 0) ^ Math.imul(Math.floor(id / TWO_TO_32), 0x9e3779b1);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) & mask;
}

export class EmbeddingIdTable {
  private slots = new Int32Array(MIN_SLOTS).fill(EMPTY);
  private mask = MIN_SLOTS - 1;
  private count = 0;

  get size(): number {
    return this.count;
  }

  get byteLength(): number {
    return this.slots.byteLength;
  }

  /** The row holding `id`, or -1. */
  find(id: number, ids: Float64Array): number {
    const slot = this.slotOf(id, ids);
    return slot === EMPTY ? EMPTY : this.slots[slot]!;
  }

  /** Records that `id` (already written at ids[row]) is at `row`; returns false when the id was there already. */
  insert(id: number, row: number, ids: Float64Array): boolean {
    if ((this.count + 1) * 2 > this.slots.length) this.resize(this.slots.length * 2, ids);
    const slots = this.slots;
    const mask = this.mask;
    for (let slot = homeOf(id, mask); ; slot = (slot + 1) & mask) {
      const held = slots[slot]!;
      if (held === EMPTY) {
        slots[slot] = row;
        this.count += 1;
        return true;
      }
      if (ids[held] === id) return false;
    }
  }

  /** Points `id`, which must be present, at `row` (after the row moved). */
  move(id: number, row: number, ids: Float64Array): void {
    const slot = this.slotOf(id, ids);
    if (slot === EMPTY) throw new Error(`embedding index: id ${id} is not in the id table`);
    this.slots[slot] = row;
  }

  /** Forgets `id`; returns the row it had, or -1. */
  delete(id: number, ids: Float64Array): number {
    const slots = this.slots;
    const mask = this.mask;
    let hole = this.slotOf(id, ids);
    if (hole === EMPTY) return EMPTY;
    const row = slots[hole]!;
    // Backward-shift deletion: move up every later entry of the probe run whose home allows it.
    for (let slot = (hole + 1) & mask; slots[slot] !== EMPTY; slot = (slot + 1) & mask) {
      const home = homeOf(ids[slots[slot]!]!, mask);
      const fits = hole <= slot ? home <= hole || home > slot : home <= hole && home > slot;
      if (fits) {
        slots[hole] = slots[slot]!;
        hole = slot;
      }
    }
    slots[hole] = EMPTY;
    this.count -= 1;
    return row;
  }

  /** Empties the table and sizes it for `expected` entries. */
  clear(expected: number): void {
    let length = MIN_SLOTS;
    while (length < expected * 2) length *= 2;
    this.slots = new Int32Array(length).fill(EMPTY);
    this.mask = length - 1;
    this.count = 0;
  }

  private slotOf(id: number, ids: Float64Array): number {
    const slots = this.slots;
    const mask = this.mask;
    for (let slot = homeOf(id, mask); ; slot = (slot + 1) & mask) {
      const held = slots[slot]!;
      if (held === EMPTY) return EMPTY;
      if (ids[held] === id) return slot;
    }
  }

  private resize(length: number, ids: Float64Array): void {
    const old = this.slots;
    this.slots = new Int32Array(length).fill(EMPTY);
    this.mask = length - 1;
    for (const row of old) {
      if (row === EMPTY) continue;
      let slot = homeOf(ids[row]!, this.mask);
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.slots[slot] = row;
    }
  }
}
