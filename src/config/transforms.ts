/** class-transformer steps for environment variables: text in, the value to validate out. */

type Step = ({ value }: { value: unknown }) => unknown;

/** `"42"` → 42; anything else is left for the validator to refuse. */
export const toInteger: Step = ({ value }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value);

/** `"0.25"` → 0.25. */
export const toNumber: Step = ({ value }) => (typeof value === 'string' && /^\s*(?:\d+(?:\.\d*)?|\.\d+)\s*$/.test(value) ? Number(value.trim()) : value);

/** Trimmed and lower-cased. */
export const toLowerCase: Step = ({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

/** `"jpeg, PNG"` → `['jpeg', 'png']`. */
export const toList: Step = ({ value }) => (typeof value === 'string' ? value.split(',').map((item) => item.trim().toLowerCase()).filter(Boolean) : value);

/** Comma-separated hosts, lower-cased. */
export const toHostList: Step = toList;
