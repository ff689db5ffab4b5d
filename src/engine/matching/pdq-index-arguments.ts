import { PDQ_BITS, PDQ_WORDS } from '../pdq/pdq-hash';

/** Throws unless `words` is a Uint32Array of 8 words (one PDQ hash). */
export function checkPdqWords(words: unknown, name: string): asserts words is Uint32Array {
  // The tag, not instanceof: a Uint32Array from another realm (a vm context, a test runner) is still one.
  if (!ArrayBuffer.isView(words) || (words as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] !== 'Uint32Array') {
    throw new TypeError(`${name} must be a Uint32Array of ${PDQ_WORDS} words (one PDQ hash, see pdqWordsFromHex)`);
  }
  if ((words as Uint32Array).length !== PDQ_WORDS) throw new TypeError(`${name} must hold ${PDQ_WORDS} words (one PDQ hash); got ${(words as Uint32Array).length}`);
}

/** Throws unless `id` is a non-negative safe integer. */
export function checkPdqId(id: unknown): asserts id is number {
  if (typeof id !== 'number') throw new TypeError(`A PDQ index id must be a number; got ${typeof id}`);
  if (!Number.isSafeInteger(id) || id < 0) throw new RangeError(`A PDQ index id must be a non-negative safe integer; got ${id}`);
}

/** Throws unless `maxDistance` is an integer number of bits, 0..256. */
export function checkMaxDistance(maxDistance: unknown): asserts maxDistance is number {
  if (typeof maxDistance !== 'number') throw new TypeError(`maxDistance must be a number of bits; got ${typeof maxDistance}`);
  if (!Number.isInteger(maxDistance) || maxDistance < 0 || maxDistance > PDQ_BITS) {
    throw new RangeError(`maxDistance must be an integer from 0 to ${PDQ_BITS}; got ${maxDistance}`);
  }
}

/** The most matches to return: a non-negative integer, or Infinity (the default) for all. */
export function checkLimit(limit: unknown): number {
  if (limit === undefined) return Number.POSITIVE_INFINITY;
  if (typeof limit !== 'number') throw new TypeError(`limit must be a number; got ${typeof limit}`);
  if (limit !== Number.POSITIVE_INFINITY && (!Number.isInteger(limit) || limit < 0)) {
    throw new RangeError(`limit must be a non-negative integer (or Infinity); got ${limit}`);
  }
  return limit;
}
