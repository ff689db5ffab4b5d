const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EMPTY = -1;

/** The four 32-bit words of a lowercase UUID, or null for text that is not one. */
export function uuidWords(id: string): [number, number, number, number] | null {
  if (!UUID.test(id)) return null;
  const hex = id.replace(/-/g, '');
  return [parseInt(hex.slice(0, 8), 16), parseInt(hex.slice(8, 16), 16), parseInt(hex.slice(16, 24), 16), parseInt(hex.slice(24, 32), 16)];
}

const word = (value: number): string => (value >>> 0).toString(16).padStart(8, '0');

/**
 * Decision ids (UUIDs) and the dense numeric keys the embedding index takes: key n is the n-th id
 * added. The ids are kept as 16 bytes each in one typed array and found again through an
 * open-addressing hash table of keys, about 24 bytes a decision in all, where a Map of the id
 * strings would take over 100. Ids are never taken out (a removed decision keeps its key), so the
 * table needs no tombstones.
 */
export class DecisionKeyTable {
  private words: Uint32Array;
  private slots: Int32Array;
  private count = 0;

  constructor(capacity = 1024) {
    this.words = new Uint32Array(Math.max(16, capacity) * 4);
    this.slots = new Int32Array(slotCountFor(Math.max(16, capacity))).fill(EMPTY);
  }

  /** Keys handed out: every key is below this. */
  get size(): number {
    return this.count;
  }

  get byteLength(): number {
    return this.words.byteLength + this.slots.byteLength;
  }

  /** The key of `id`, or -1 when it has none (or is not a UUID). */
  find(id: string): number {
    const words = uuidWords(id);
    return words === null ? EMPTY : this.findWords(words);
  }

  /** The key of `id`, handing out the next one when it has none; throws a RangeError for text that is not a lowercase UUID. */
  keyOf(id: string): number {
    const words = uuidWords(id);
    if (words === null) throw new RangeError(`${JSON.stringify(id)} is not a lowercase UUID`);
    const found = this.findWords(words);
    if (found !== EMPTY) return found;
    const key = this.count;
    this.reserve(key + 1);
    this.words.set(words, key * 4);
    this.count += 1;
    this.place(key);
    return key;
  }

  /** The id of a key handed out. */
  idOf(key: number): string {
    const at = key * 4;
    const hex = word(this.words[at]!) + word(this.words[at + 1]!) + word(this.words[at + 2]!) + word(this.words[at + 3]!);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** The ids' words, key by key (a copy), for a snapshot. */
  exportWords(): Uint32Array {
    return this.words.slice(0, this.count * 4);
  }

  /** A table holding `words` (4 a key, in key order), as {@link exportWords} gave them; throws on a repeated id. */
  static fromWords(words: Uint32Array): DecisionKeyTable {
    const count = words.length / 4;
    const table = new DecisionKeyTable(count);
    table.words.set(words);
    table.count = count;
    for (let key = 0; key < count; key += 1) {
      if (table.findWords(words.subarray(key * 4, key * 4 + 4)) !== EMPTY) throw new RangeError(`the id ${table.idOf(key)} appears twice`);
      table.place(key);
    }
    return table;
  }

  private findWords(words: ArrayLike<number>): number {
    const mask = this.slots.length - 1;
    for (let slot = hashOf(words[0]!, words[3]!) & mask; ; slot = (slot + 1) & mask) {
      const key = this.slots[slot]!;
      if (key === EMPTY) return EMPTY;
      const at = key * 4;
      if (this.words[at] === words[0] && this.words[at + 1] === words[1] && this.words[at + 2] === words[2] && this.words[at + 3] === words[3]) return key;
    }
  }

  /** Puts `key` (whose words are stored) into the first free slot of its probe sequence. */
  private place(key: number): void {
    const mask = this.slots.length - 1;
    let slot = hashOf(this.words[key * 4]!, this.words[key * 4 + 3]!) & mask;
    while (this.slots[slot] !== EMPTY) slot = (slot + 1) & mask;
    this.slots[slot] = key;
  }

  private reserve(count: number): void {
    if (count * 4 > this.words.length) {
      const grown = new Uint32Array(Math.max(count * 4, this.words.length * 2));
      grown.set(this.words.subarray(0, this.count * 4));
      this.words = grown;
    }
    if (slotCountFor(count) > this.slots.length) {
      this.slots = new Int32Array(slotCountFor(count) * 2).fill(EMPTY);
      for (let key = 0; key < this.count; key += 1) this.place(key);
    }
  }
}

/** Slots for `count` keys: a power of two, at most half full. */
function slotCountFor(count: number): number {
  let slots = 32;
  while (slots < count * 2) slots *= 2;
  return slots;
}

/** Mixes the first and last words: random in v4 UUIDs, and the last is random in time-ordered ones too. */
function hashOf(first: number, last: number): number {
  return Math.imul((first ^ Math.imul(last, 0x85ebca6b)) >>> 0, 0x9e3779b1) >>> 0;
}
