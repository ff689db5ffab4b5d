import { PDQ_WORDS } from '../pdq/pdq-hash';
import { PDQ_CHUNKS, PDQ_CHUNK_KEYS, pdqChunk } from './pdq-index-chunks';

const NONE = -1;
const MIN_CAPACITY = 1024;

/**
 * Entries added since the last rebuild of FrozenChunks: per chunk and key the newest such slot
 * (`heads[c * 65536 + k]`), and per slot the next one in its chain (`nexts[c * capacity + slot - base]`).
 * Linking is O(16) and moves nothing; the index folds these into FrozenChunks once they would
 * pass an eighth of the bank, so chains stay short where the bank is large.
 */
export class DeltaChains {
  /** The first slot filed here (FrozenChunks holds the ones before). */
  base = 0;
  /** Slots base..base + count - 1 are filed here. */
  count = 0;
  readonly heads = new Int32Array(PDQ_CHUNKS * PDQ_CHUNK_KEYS).fill(NONE);
  nexts = new Int32Array(PDQ_CHUNKS * MIN_CAPACITY);
  private capacity = MIN_CAPACITY;

  get byteLength(): number {
    return this.heads.byteLength + this.nexts.byteLength;
  }

  /** Chains stride: chunk c's nexts start at c * stride. */
  get stride(): number {
    return this.capacity;
  }

  /** Files `slot` (must be base + count) under its sixteen chunks of `words`. */
  link(words: Uint32Array, slot: number): void {
    const index = slot - this.base;
    if (index === this.capacity) this.grow();
    const { heads, nexts, capacity } = this;
    const offset = slot * PDQ_WORDS;
    for (let chunk = 0; chunk < PDQ_CHUNKS; chunk += 1) {
      const head = chunk * PDQ_CHUNK_KEYS + pdqChunk(words, offset, chunk);
      nexts[chunk * capacity + index] = heads[head]!;
      heads[head] = slot;
    }
    this.count += 1;
  }

  /** Empties the chains; the next slot filed is `base`. Gives back what a large batch of adds grew. */
  reset(base: number): void {
    if (this.count > 0) this.heads.fill(NONE);
    if (this.capacity > MIN_CAPACITY) {
      this.capacity = MIN_CAPACITY;
      this.nexts = new Int32Array(PDQ_CHUNKS * MIN_CAPACITY);
    }
    this.base = base;
    this.count = 0;
  }

  private grow(): void {
    const capacity = Math.ceil(this.capacity * 1.5);
    const nexts = new Int32Array(PDQ_CHUNKS * capacity);
    for (let chunk = 0; chunk < PDQ_CHUNKS; chunk += 1) nexts.set(this.nexts.subarray(chunk * this.capacity, chunk * this.capacity + this.count), chunk * capacity);
    this.nexts = nexts;
    this.capacity = capacity;
  }
}
