/**
 * Past this many elements a scratch array is not kept between calls: one huge picture should not
 * pin megabytes for the life of the process. PDQ's own pictures (at most 512 x 512) stay far below.
 */
const RETAIN_LIMIT = 1 << 18;

/**
 * A source of scratch typed arrays, one kept between calls so that hashing allocates next to
 * nothing. Hashing is synchronous and each pool serves one purpose, so one kept array is enough;
 * the array handed out may be longer than asked and holds stale values until written.
 */
export function scratchPool<T extends { readonly length: number }>(create: (length: number) => T): (length: number) => T {
  let kept = create(0);
  return (length) => {
    if (kept.length >= length) return kept;
    const fresh = create(length);
    if (length <= RETAIN_LIMIT) kept = fresh;
    return fresh;
  };
}
