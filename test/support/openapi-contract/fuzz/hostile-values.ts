import fc from 'fast-check';

/** Longest generated string: long enough to hit column and field limits, short enough to stay under Node's 16 KiB request-line limit. */
const LONG = 6000;

/**
 * Strings that have broken parsers, databases and logs before: empty and blank, NUL and other
 * control characters, traversal and encoded separators, injection shapes, unicode that changes
 * direction or length under normalisation, lone surrogates, numbers spelled oddly, and long runs.
 */
export function hostileString(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      '', ' ', '\u0000', 'a\u0000b', '\u0007\u001b[31m', '\r\nX-Injected: 1', '\t',
      '../../etc/passwd', '..', '.', '%00', '%2F', '%', '\\', '/',
      "' OR '1'='1", '"; DROP TABLE decisions; --', '${jndi:ldap://x}', '<script>alert(1)</script>', '{{7*7}}',
      '\u{1F642}', '\u202Eevil', 'e\u0301', '\uFFFF', '\uD800', 'İ', 'ß',
      'null', 'undefined', 'true', 'NaN', 'Infinity', '-0', '1e999', '0x10', ' 5 ', '-1', '0', '9007199254740993',
      '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '__proto__', 'constructor',
    ),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.integer({ min: 256, max: LONG }).map((length) => 'a'.repeat(length)),
    // Twelve bytes each once percent-encoded in a URL.
    fc.integer({ min: 64, max: 500 }).map((length) => '\u{1F642}'.repeat(length)),
  );
}

/** A value nested `depth` levels deep in arrays or objects, past any sane depth limit. */
export function deeplyNested(): fc.Arbitrary<unknown> {
  return fc.tuple(fc.integer({ min: 33, max: 3000 }), fc.boolean()).map(([depth, useArrays]) => {
    let value: unknown = 1;
    for (let level = 0; level < depth; level++) value = useArrays ? [value] : { a: value };
    return value;
  });
}

/** Any JSON value that is the wrong shape almost everywhere: scalars, containers, hostile strings, prototype keys, deep and wide values. */
export function junkJsonValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, '', [], {}),
    hostileString(),
    deeplyNested(),
    // JSON.parse keeps `__proto__` as an own key, so it is really sent.
    fc.constant(JSON.parse('{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"polluted":1}}}') as unknown),
    fc.integer({ min: 1000, max: 20_000 }).map((length) => new Array<number>(length).fill(0)),
    fc.jsonValue({ maxDepth: 3 }),
  );
}
