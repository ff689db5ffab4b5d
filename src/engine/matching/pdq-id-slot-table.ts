/**
 * Id -> slot lookup for the PDQ index as one Int32Array of slots (open addressing, linear
 * probing), the ids themselves read from the index's own `ids` array. A JS Map of a million
 * numbers costs about 28 MB of heap and 100 ms to fill; this costs 8 to 16 bytes an entry.
 * Deletion shifts later entries back (no tombstones), so lookups never slow down with churn.
 */
const EMPTY = -1;
const MIN_SIZE = 1024;
const TWO_TO_32 = 4294967296;
const imul = Math.imul;

export class IdSlotTable {
  private table = new Int32Array(MIN_SIZE).fill(EMPTY);
  private mask = MIN_SIZE - 1;
  private count = 0;

  get size(): number {
    return this.count;
  }

  get byteLength(): number {
    return this.table.byteLength;
  }

  /** The slot holding `id`, or -1. */
  find(id: number, ids: Float64Array): number {
    const index = this.indexOf(id, ids);
    return index === EMPTY ? EMPTY : this.table[index]!;
  }

  /** Points `id` (already written at ids[slot]) at `slot`; returns the slot it had, or -1. */
  set(id: number, slot: number, ids: Float64Array): number {
    if ((this.count + 1) * 2 > this.table.length) this.resize(this.table.length * 2, ids);
    const table = this.table;
    const mask = this.mask;
    for (let index = homeOf(id, mask); ; index = (index + 1) & mask) {
      const held = table[index]!;
      if (held === EMPTY) {
        table[index] = slot;
        this.count += 1;
        return EMPTY;
      }
      if (ids[held] === id) {
        table[index] = slot;
        return held;
      }
    }
  }

  /** Forgets `id` (its slot must still hold it in `ids`); returns its slot, or -1. */
  delete(id: number, ids: Float64Array): number {
    let hole = this.indexOf(id, ids);
    if (hole === EMPTY) return EMPTY;
    const table = this.table;
    const mask = this.mask;
    const slot = table[hole]!;
    // Every later entry of the run whose home is not past the hole moves back into it.
    for (let index = (hole + 1) & mask; table[index] !== EMPTY; index = (index + 1) & mask) {
      const held = table[index]!;
      if (((index - homeOf(ids[held]!, mask)) & mask) >= ((index - hole) & mask)) {
        table[hole] = held;
        hole = index;
      }
    }
    table[hole] = EMPTY;
    this.count -= 1;
    return slot;
  }

  /** Empties the table; with `liveSlots`, refills it from those slots' ids (after the index moved them). */
  rebuild(ids: Float64Array, liveSlots = 0): void {
    let size = MIN_SIZE;
    while (size < liveSlots * 2) size *= 2;
    this.table = new Int32Array(size).fill(EMPTY);
    this.mask = size - 1;
    this.count = 0;
    for (let slot = 0; slot < liveSlots; slot += 1) this.set(ids[slot]!, slot, ids);
  }

  private indexOf(id: number, ids: Float64Array): number {
    const table = this.table;
    const mask = this.mask;
    for (let index = homeOf(id, mask); ; index = (index + 1) & mask) {
      const held = table[index]!;
      if (held === EMPTY) return EMPTY;
      if (ids[held] === id) return index;
    }
  }

  private resize(size: number, ids: Float64Array): void {
    const old = this.table;
    this.table = new Int32Array(size).fill(EMPTY);
    this.mask = size - 1;
    this.count = 0;
    for (let index = 0; index < old.length; index += 1) {
      const slot = old[index]!;
      if (slot !== EMPTY) this.set(ids[slot]!, slot, ids);
    }
  }
}

/** Where `id` starts probing: its low and high 32 bits mixed (ids are safe integers, up to 2^53). */
function homeOf(id: number, mask: number): number {
  let hash = imul((id >>> 0) ^ imul((id / TWO_TO_32) >>> 0, 0x85ebca6b), 0x9e3779b1);
  hash ^= hash >>> 15;
  return hash & mask;
}
