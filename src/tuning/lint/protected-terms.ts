/** The protected characteristics the linter looks for. */
export type ProtectedCharacteristic = 'race or ethnicity' | 'religion' | 'sexual orientation or gender identity' | 'disability';

/**
 * Words (singular, lowercase; phrases space-separated) that name a protected characteristic on
 * their own. Deliberately short and conservative: each one is a strong signal, so a warning is
 * worth reading. Words that mostly mean something else (colours such as "black" or "white",
 * "native", "blind" as in window blinds) are in {@link PERSON_QUALIFIERS} instead and only count
 * next to a word for people.
 */
export const PROTECTED_TERMS: Readonly<Record<ProtectedCharacteristic, readonly string[]>> = Object.freeze({
  'race or ethnicity': [
    'race', 'racial', 'ethnic', 'ethnicity', 'african', 'african american', 'afro', 'asian', 'caucasian', 'hispanic', 'latino',
    'latina', 'latinx', 'arab', 'arabic', 'middle eastern', 'indigenous', 'aboriginal', 'native american', 'roma', 'gypsy',
    'romani', 'mixed race', 'mixed-race', 'biracial', 'nonwhite', 'non-white', 'negro', 'oriental',
  ],
  religion: [
    'religion', 'religious person', 'muslim', 'moslem', 'islamic', 'christian', 'catholic', 'protestant', 'jew', 'jewish',
    'hindu', 'buddhist', 'sikh', 'mormon', 'atheist', 'orthodox jew', 'hijab', 'niqab', 'burqa', 'turban', 'kippah', 'yarmulke',
  ],
  'sexual orientation or gender identity': [
    'gay', 'lesbian', 'bisexual', 'homosexual', 'heterosexual', 'queer', 'lgbt', 'lgbtq', 'lgbtqia', 'transgender', 'trans',
    'transsexual', 'nonbinary', 'non-binary', 'intersex', 'same-sex couple', 'same sex couple', 'drag queen',
  ],
  disability: [
    'disabled', 'disability', 'handicapped', 'cripple', 'crippled', 'wheelchair user', 'amputee', 'down syndrome',
    'in a wheelchair', 'autistic', 'autism', 'mentally ill', 'mental illness', 'paraplegic', 'quadriplegic', 'dwarf', 'dwarfism', 'retarded',
  ],
});

/** Words that describe a protected characteristic only when they qualify a word for people ("a black man"). */
export const PERSON_QUALIFIERS: Readonly<Record<string, ProtectedCharacteristic>> = Object.freeze({
  black: 'race or ethnicity',
  white: 'race or ethnicity',
  brown: 'race or ethnicity',
  yellow: 'race or ethnicity',
  native: 'race or ethnicity',
  foreign: 'race or ethnicity',
  immigrant: 'race or ethnicity',
  religious: 'religion',
  veiled: 'religion',
  blind: 'disability',
  deaf: 'disability',
  mute: 'disability',
  wheelchair: 'disability',
  disfigured: 'disability',
});

/** Words for people (singular): what a qualifier above must stand next to, and what makes a contrast prompt about people. */
export const PERSON_WORDS: ReadonlySet<string> = new Set([
  'person', 'people', 'man', 'men', 'woman', 'women', 'boy', 'girl', 'child', 'children', 'kid', 'baby', 'teen',
  'teenager', 'adult', 'family', 'couple', 'guy', 'lady', 'individual', 'crowd', 'group', 'worshipper', 'believer',
  'face', 'student', 'worker', 'immigrant', 'refugee', 'community', 'citizen', 'user', 'patient', 'neighbour', 'neighbor',
]);
