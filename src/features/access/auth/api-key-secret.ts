import { createHash, randomBytes } from 'node:crypto';

/** Every key starts with this, so a leaked key is recognisable (secret scanners, log filters). */
export const API_KEY_PREFIX = 'mod_';

/** Characters of the secret kept in the clear, to tell keys apart in listings. */
const VISIBLE_PREFIX_LENGTH = 12;

/** Longest header value looked at; anything longer cannot be one of our keys. */
const MAX_PRESENTED_LENGTH = 200;

/** A new key: the secret (shown once) and what is stored instead of it. */
export interface NewApiKeySecret {
  readonly secret: string;
  readonly hash: string;
  readonly prefix: string;
}

/**
 * A new random key: 32 bytes from the CSPRNG (256 bits), base64url. With that much entropy a plain
 * sha256 is a safe way to store it; slow password hashes are for secrets people choose.
 */
export function generateApiKeySecret(): NewApiKeySecret {
  const secret = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { secret, hash: hashApiKeySecret(secret), prefix: secret.slice(0, VISIBLE_PREFIX_LENGTH) };
}

/** Lowercase hex sha256 of a presented key, as stored. */
export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** What a request presented: nothing, a key, or something that cannot be a key. */
export type PresentedKey = { readonly kind: 'none' } | { readonly kind: 'key'; readonly secret: string } | { readonly kind: 'malformed' };

/**
 * The key a request presents, from `Authorization: Bearer <key>` or `X-Api-Key: <key>`. Both set
 * to different keys is malformed rather than "pick one", so a proxy adding a header cannot
 * silently change who is calling.
 */
export function readPresentedKey(headers: Readonly<Record<string, string | string[] | undefined>>): PresentedKey {
  const authorization = single(headers['authorization']);
  const apiKey = single(headers['x-api-key']);
  if (authorization === null || apiKey === null) return { kind: 'malformed' };
  let fromAuthorization: string | undefined;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) return { kind: 'malformed' };
    fromAuthorization = match[1];
  }
  const fromApiKey = apiKey?.trim();
  if (fromAuthorization !== undefined && fromApiKey !== undefined && fromAuthorization !== fromApiKey) return { kind: 'malformed' };
  const secret = fromAuthorization ?? fromApiKey;
  if (secret === undefined || secret === '') return { kind: 'none' };
  if (secret.length > MAX_PRESENTED_LENGTH || !/^[\x21-\x7e]+$/.test(secret)) return { kind: 'malformed' };
  return { kind: 'key', secret };
}

/** One header value; null when the header was sent more than once. */
function single(value: string | string[] | undefined): string | undefined | null {
  if (Array.isArray(value)) return value.length === 1 ? value[0] : null;
  return value;
}
