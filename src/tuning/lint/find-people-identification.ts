/** A prompt that reads as identifying a particular person. */
export interface IdentificationMatch {
  readonly reason: string;
  readonly words: string;
}

const PATTERNS: ReadonlyArray<{ readonly pattern: RegExp; readonly reason: string }> = [
  { pattern: /\b(?:recogni[sz](?:e|es|ed|ing)|identif(?:y|ies|ied|ying|ication)|identity)\b/i, reason: 'asks to recognise or identify someone' },
  { pattern: /\bface of [A-Z]/, reason: 'targets a particular face' },
  { pattern: /\b[A-Z][\p{L}-]*['’]s face\b/u, reason: 'targets a particular face' },
  {
    pattern: /\b(?:celebrit(?:y|ies)|famous (?:person|people|man|woman|actor|actress|singer|athlete)|public figures?|politicians?|look-?alikes?|doppelg[aä]ngers?)\b/i,
    reason: 'targets well-known people',
  },
  { pattern: /\b(?:a|this|that) (?:specific|particular) (?:person|man|woman|individual)\b|\b(?:named|called) [A-Z]/, reason: 'targets a particular person' },
];

/** Capitalised words in a row (Barack Obama, SS): a name, or a proper adjective such as "Ku Klux Klan". */
const CAPITALISED_RUN = /(?:\p{Lu}[\p{Ll}'’.-]+|\p{Lu}{2,})(?:\s+(?:\p{Lu}[\p{Ll}'’.-]+|\p{Lu}{2,}))+/gu;

/** Capitalised words that start sentences and captions rather than names. */
const LEADING_WORDS: ReadonlySet<string> = new Set(['A', 'An', 'The', 'This', 'That', 'Some', 'My', 'Our', 'Photo', 'Image', 'Picture']);

/** Last words that make a capitalised run a place, building or organisation rather than a person. */
const NON_PERSON_HEADS: ReadonlySet<string> = new Set([
  'tower', 'bridge', 'street', 'road', 'avenue', 'square', 'park', 'building', 'church', 'cathedral', 'temple', 'mosque',
  'synagogue', 'palace', 'castle', 'museum', 'station', 'airport', 'stadium', 'hall', 'house', 'river', 'lake', 'mountain',
  'island', 'city', 'state', 'states', 'kingdom', 'republic', 'university', 'college', 'school', 'hospital', 'company', 'inc',
  'ltd', 'party', 'army', 'navy', 'force', 'club', 'flag', 'day', 'christmas', 'klan',
]);

/**
 * Words that may follow a person's name in a caption. A capitalised run followed by any other
 * lowercase word is read as a proper adjective ("a Ku Klux Klan rally", "a Nazi SS insignia")
 * and left alone; followed by one of these, by punctuation or by nothing, it reads as a name.
 */
const AFTER_NAME: ReadonlySet<string> = new Set([
  'on', 'in', 'at', 'with', 'and', 'or', 'by', 'from', 'during', 'as', 'is', 'was', 'who', 'being', 'wearing', 'holding', 'smiling',
  'speaking', 'giving', 'standing', 'sitting', 'walking', 'posing', 'playing', 'performing', 'dressed', 'looking', 'singing', 'dancing',
]);

/**
 * Heuristics for prompts that identify people: phrases about recognising faces or identities,
 * celebrities and look-alikes, and what looks like a person's name (two or more capitalised words
 * in a row, read as a name unless a plain noun follows or the last word names a place or an
 * organisation, as in "the Eiffel Tower"). Names of organisations, places and
 * symbols can trip it; it is a prompt for a second look, not a verdict.
 */
export function findPeopleIdentification(text: string): IdentificationMatch[] {
  const matches: IdentificationMatch[] = [];
  for (const { pattern, reason } of PATTERNS) {
    const found = pattern.exec(text);
    if (found) matches.push({ reason, words: found[0] });
  }
  for (const found of text.matchAll(CAPITALISED_RUN)) {
    const words = found[0].split(/\s+/);
    while (words.length > 0 && LEADING_WORDS.has(words[0]!)) words.shift();
    if (words.length < 2 || NON_PERSON_HEADS.has(words[words.length - 1]!.toLowerCase())) continue;
    const rest = text.slice(found.index! + found[0].length);
    const next = /^\s*([\p{Ll}]+)/u.exec(rest)?.[1];
    const possessive = /^['’]s\b/.test(rest) || /['’]s$/.test(words[words.length - 1]!);
    if (next === undefined || AFTER_NAME.has(next) || possessive) matches.push({ reason: 'looks like a person’s name', words: words.join(' ') });
  }
  return matches;
}
