import { PDQ_WORDS, popcount32 } from '../pdq/pdq-hash';
import { FROZEN_OFFSETS_STRIDE } from './pdq-frozen-chunks';
import { CHUNK_MASKS, CHUNK_MASK_COUNTS, MAX_INDEXED_DISTANCE, PDQ_CHUNKS, PDQ_CHUNK_KEYS, pdqChunk, probedBuckets } from './pdq-index-chunks';
import { DEAD, PdqIndexStore } from './pdq-index-store';

/** Slots within the distance and their distances, side by side; `verified` counts full distance checks. */
export interface SlotMatches {
  readonly slots: number[];
  readonly distances: number[];
  verified: number;
}

export function emptySlotMatches(): SlotMatches {
  return { slots: [], distances: [], verified: 0 };
}

/**
 * Costs in units of one entry of a linear scan (measured on a million random hashes, 2 CPUs): a
 * bucket probed about 1, a candidate checked through the buckets about 8 (a cache miss for its
 * hash, where the scan streams). At 31 the buckets win by 100x; from about 55 on a bank of random
 * hashes (a tenth of it candidates) reading the whole bank is as cheap, and the estimate switches.
 */
const PROBE_COST = 1;
const CANDIDATE_COST = 10;

/** True when probing the buckets within `maxDistance` should cost less than reading `entries` hashes. */
export function indexPays(maxDistance: number, entries: number): boolean {
  if (maxDistance > MAX_INDEXED_DISTANCE) return false;
  const buckets = probedBuckets(maxDistance);
  return buckets * (PROBE_COST + (CANDIDATE_COST * entries) / PDQ_CHUNK_KEYS) < entries;
}

/** Every live slot within `maxDistance` of `query`: through the buckets where that pays, by reading the bank otherwise. */
export function findSlots(store: PdqIndexStore, query: Uint32Array, maxDistance: number, into: SlotMatches): SlotMatches {
  if (store.live === 0) return into;
  if (!indexPays(maxDistance, store.used)) return scanBank(store, query, maxDistance, into);
  store.prepareSearch();
  return probeChunks(store, query, maxDistance, into);
}

/**
 * The hot loop of a search. Everything it touches is a local (inside a vm context such as jest's a
 * global lookup per step costs a hundred times more), and a candidate's distance is summed in two
 * halves: a random hash is ~64 bits off in the first half alone, so most stop there. A slot close
 * to the query sits in several probed buckets; the stamp reports it once, and is only read for
 * the few that match, so the common path touches one hash and nothing else.
 */
function probeChunks(store: PdqIndexStore, query: Uint32Array, maxDistance: number, into: SlotMatches): SlotMatches {
  const { words, ids, stamps, frozen, delta } = store;
  const { offsets, slots: frozenSlots, count: frozenCount } = frozen;
  const { heads, nexts, base: deltaBase } = delta;
  const deltaStride = delta.stride;
  const masks = CHUNK_MASKS;
  const spread = maxDistance >>> 4;
  const widerChunks = (maxDistance & 15) + 1;
  const epoch = store.nextEpoch();
  const q0 = query[0]!, q1 = query[1]!, q2 = query[2]!, q3 = query[3]!;
  const q4 = query[4]!, q5 = query[5]!, q6 = query[6]!, q7 = query[7]!;
  const slotsFound = into.slots;
  const distancesFound = into.distances;
  let verified = 0;
  for (let chunk = 0; chunk < PDQ_CHUNKS; chunk += 1) {
    const radius = chunk < widerChunks ? spread : spread - 1;
    if (radius < 0) break;
    const maskCount = CHUNK_MASK_COUNTS[radius]!;
    const key = pdqChunk(query, 0, chunk);
    const offsetBase = chunk * FROZEN_OFFSETS_STRIDE;
    const frozenRow = chunk * frozenCount;
    const headBase = chunk * PDQ_CHUNK_KEYS;
    const nextBase = chunk * deltaStride - deltaBase;
    for (let mask = 0; mask < maskCount; mask += 1) {
      const bucket = key ^ masks[mask]!;
      const frozenEnd = frozenRow + offsets[offsetBase + bucket + 1]!;
      let at = frozenRow + offsets[offsetBase + bucket]!;
      let chained = heads[headBase + bucket]!;
      // One loop over the bucket's flat run, then its chain; the check is written once, inline
      // (a closure per candidate measured twice as slow).
      for (;;) {
        let slot: number;
        if (at < frozenEnd) {
          slot = frozenSlots[at]!;
          at += 1;
        } else if (chained !== -1) {
          slot = chained;
          chained = nexts[nextBase + slot]!;
        } else {
          break;
        }
        verified += 1;
        const offset = slot * PDQ_WORDS;
        let distance = popcount32(q0 ^ words[offset]!) + popcount32(q1 ^ words[offset + 1]!) + popcount32(q2 ^ words[offset + 2]!) + popcount32(q3 ^ words[offset + 3]!);
        if (distance > maxDistance) continue;
        distance += popcount32(q4 ^ words[offset + 4]!) + popcount32(q5 ^ words[offset + 5]!) + popcount32(q6 ^ words[offset + 6]!) + popcount32(q7 ^ words[offset + 7]!);
        if (distance > maxDistance || ids[slot] === DEAD || stamps[slot] === epoch) continue;
        stamps[slot] = epoch;
        slotsFound.push(slot);
        distancesFound.push(distance);
      }
    }
  }
  into.verified += verified;
  return into;
}

/** The linear fallback: every slot, in order. */
export function scanBank(store: PdqIndexStore, query: Uint32Array, maxDistance: number, into: SlotMatches): SlotMatches {
  const { words, ids, used } = store;
  const q0 = query[0]!, q1 = query[1]!, q2 = query[2]!, q3 = query[3]!;
  const q4 = query[4]!, q5 = query[5]!, q6 = query[6]!, q7 = query[7]!;
  for (let slot = 0, at = 0; slot < used; slot += 1, at += PDQ_WORDS) {
    let distance = popcount32(q0 ^ words[at]!) + popcount32(q1 ^ words[at + 1]!) + popcount32(q2 ^ words[at + 2]!) + popcount32(q3 ^ words[at + 3]!);
    if (distance > maxDistance) continue;
    distance += popcount32(q4 ^ words[at + 4]!) + popcount32(q5 ^ words[at + 5]!) + popcount32(q6 ^ words[at + 6]!) + popcount32(q7 ^ words[at + 7]!);
    if (distance > maxDistance || ids[slot] === DEAD) continue;
    into.slots.push(slot);
    into.distances.push(distance);
  }
  into.verified += used;
  return into;
}
