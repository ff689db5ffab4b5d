import { popcount32 } from '../pdq/pdq-hash';

/**
 * Multi-index hashing cuts the 256 bits into 16 chunks of 16 bits. Two hashes within distance r
 * differ in r bits spread over 16 chunks, so (pigeonhole) at least one chunk differs in at most
 * floor(r / 16) bits: probing, in every chunk, the buckets within that many bits of the query's
 * chunk finds every hash within r, and a full distance check drops the rest.
 */
export const PDQ_CHUNKS = 16;

/** Buckets per chunk (16-bit keys). */
export const PDQ_CHUNK_KEYS = 1 << 16;

/** Masks are precomputed up to 3 bits a chunk, which covers distances up to 63; larger ones scan the bank. */
export const MAX_INDEXED_DISTANCE = 63;

/** Chunk `chunk` (0..15) of the hash at `offset` in `words`: chunk 2w is word w's high half, 2w + 1 its low half. */
export function pdqChunk(words: Uint32Array, offset: number, chunk: number): number {
  const word = words[offset + (chunk >>> 1)]!;
  return (chunk & 1) === 0 ? word >>> 16 : word & 0xffff;
}

/** Every 16-bit mask of at most 3 bits set, fewest bits first: XOR one onto a key for a neighbouring bucket. */
export const CHUNK_MASKS: Uint16Array = buildMasks();

/** How many of CHUNK_MASKS lie within 0, 1, 2 and 3 bits: 1, 17, 137, 697. */
export const CHUNK_MASK_COUNTS: readonly number[] = [1, 17, 137, 697];

function buildMasks(): Uint16Array {
  const masks: number[] = [];
  for (let bits = 0; bits <= 3; bits += 1) {
    for (let mask = 0; mask < PDQ_CHUNK_KEYS; mask += 1) if (popcount32(mask) === bits) masks.push(mask);
  }
  return Uint16Array.from(masks);
}

/**
 * Buckets a search within r probes (r <= 63). With r = 16 s + a, the first a + 1 chunks are
 * probed s bits wide and the other 15 - a only s - 1 wide (Norouzi et al.): were the first a + 1
 * all s + 1 or more bits off and the rest s or more, the hashes would be 16 s + a + 1 > r apart.
 * So 0..15 probe r + 1 buckets, 31 probes 272, 32 only 392, 47 2,192, 63 11,152.
 */
export function probedBuckets(maxDistance: number): number {
  const spread = maxDistance >>> 4;
  const wider = (maxDistance & 15) + 1;
  return wider * CHUNK_MASK_COUNTS[spread]! + (spread === 0 ? 0 : (PDQ_CHUNKS - wider) * CHUNK_MASK_COUNTS[spread - 1]!);
}
