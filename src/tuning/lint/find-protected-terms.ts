import { PERSON_QUALIFIERS, PERSON_WORDS, PROTECTED_TERMS, ProtectedCharacteristic } from './protected-terms';
import { promptWords, singular } from './prompt-words';

/** A protected characteristic named in a text. */
export interface ProtectedTermMatch {
  readonly characteristic: ProtectedCharacteristic;
  /** The words as written in the prompt (lowercased). */
  readonly words: string;
  /** The text is about people with the characteristic, not only a symbol, place or object. */
  readonly aboutPeople: boolean;
}

/** How far (in words) a word for people may be from a term for the term to be about people. */
const PEOPLE_WINDOW = 3;

const TERMS: ReadonlyArray<{ readonly characteristic: ProtectedCharacteristic; readonly words: readonly string[] }> = Object.entries(PROTECTED_TERMS).flatMap(
  ([characteristic, terms]) => terms.map((term) => ({ characteristic: characteristic as ProtectedCharacteristic, words: term.split(' ') })),
);

/**
 * Finds protected characteristics named in a prompt, by word list: whole words, plurals folded
 * ("muslims" is "muslim"), phrases matched word by word. A colour or other everyday word counts
 * only directly before a word for people ("a black man", not "a black handgun"). Each match says
 * whether it is about people (a word for people nearby, or a plural that names them), which is
 * what decides whether a contrast prompt is a problem.
 */
export function findProtectedTerms(text: string): ProtectedTermMatch[] {
  const words = promptWords(text);
  const singulars = words.map(singular);
  const isPersonWord = (index: number): boolean => index >= 0 && index < words.length && (PERSON_WORDS.has(words[index]!) || PERSON_WORDS.has(singulars[index]!));
  const matches: ProtectedTermMatch[] = [];
  for (const term of TERMS) {
    for (let start = 0; start + term.words.length <= words.length; start++) {
      const matched = term.words.every((word, offset) => words[start + offset] === word || singulars[start + offset] === word);
      if (!matched) continue;
      const end = start + term.words.length - 1;
      const plural = words[end] !== singulars[end] && singulars[end] === term.words[term.words.length - 1];
      let nearby = false;
      for (let index = start - PEOPLE_WINDOW; index <= end + PEOPLE_WINDOW && !nearby; index++) nearby = (index < start || index > end) && isPersonWord(index);
      matches.push({ characteristic: term.characteristic, words: words.slice(start, end + 1).join(' '), aboutPeople: nearby || plural });
    }
  }
  words.forEach((word, index) => {
    const characteristic = PERSON_QUALIFIERS[word];
    // Adjectives come before their noun: "a black man", "blind old women".
    if (characteristic && (isPersonWord(index + 1) || isPersonWord(index + 2))) {
      matches.push({ characteristic, words: words.slice(index, isPersonWord(index + 1) ? index + 2 : index + 3).join(' '), aboutPeople: true });
    }
  });
  return matches;
}
