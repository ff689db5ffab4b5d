import { ModerationError } from '../engine/errors/moderation-error';
import { validationFailed } from '../engine/errors/validation-failed';
import { AppErrorCode } from '../shared/errors/app-error-code';
import { ApiKeyView } from '../features/access/auth/api-key.repository';

/** Fewest hex digits of a key id the CLI takes for the whole id: 32 bits, so two keys rarely share them. */
export const MIN_KEY_ID_PREFIX = 8;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The id of the key `given` names, among `keys`: a whole id, or the start of one (at least
 * {@link MIN_KEY_ID_PREFIX} hex digits, as `keys list` prints ids) that no other key shares. An
 * operator types `6f1c2a9e`, not 36 characters; an ambiguous start is refused with every match
 * listed, so the wrong key is never revoked. API_KEY_NOT_FOUND when no key starts so.
 */
export function resolveKeyId(given: string, keys: readonly ApiKeyView[]): string {
  const text = given.trim().toLowerCase();
  if (UUID.test(text)) return text;
  const digits = text.replace(/-/g, '').length;
  if (!/^[0-9a-f][0-9a-f-]*$/.test(text) || digits < MIN_KEY_ID_PREFIX) {
    const reason = `must be a key id, or its first ${MIN_KEY_ID_PREFIX} or more hex digits (as \`moderate keys list\` prints it)`;
    throw validationFailed(`Key id "${given}" ${reason}`, [{ field: 'id', reasons: [reason] }]);
  }
  const matches = keys.filter((key) => key.id.startsWith(text));
  if (matches.length === 1) return matches[0]!.id;
  if (matches.length === 0) throw new ModerationError(AppErrorCode.ApiKeyNotFound, `No API key id starts with "${text}"`, { id: text });
  const listed = matches.map((key) => `${key.id} (${key.role} "${key.name}", ${key.revokedAt === null ? 'active' : 'revoked'})`);
  const reason = `matches ${matches.length} keys; give more of the id`;
  throw validationFailed(`Key id prefix "${text}" ${reason}: ${listed.join(', ')}`, [{ field: 'id', reasons: [reason] }], { matches: matches.map((key) => key.id) });
}
