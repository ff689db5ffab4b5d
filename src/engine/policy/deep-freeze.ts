/**
 * Freezes an object graph of plain objects and arrays. Loaded policies are shared by every
 * request, so a caller mutating one by accident must fail loudly instead of changing decisions.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
