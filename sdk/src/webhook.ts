import { ModerationApiError } from './errors';
import type { Decision } from './types';

/** The body the server POSTs to a callback URL when an asynchronous decision is made. */
export interface DecisionEvent {
  readonly event: 'decision.created';
  readonly jobId: string;
  readonly decision: Decision;
}

/** Header names, as the server sends them. */
export const SIGNATURE_HEADER = 'x-moderation-signature';

/** Options of {@link verifyWebhook}. */
export interface VerifyWebhookOptions {
  /** Oldest accepted signature, in seconds; older deliveries are refused as replays. Default 300. */
  readonly toleranceSeconds?: number;
  /** The current time, for tests. */
  readonly now?: () => number;
}

type HeaderSource = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * Checks a webhook delivery and returns its typed event. The signature header is
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the shared secret>`. Pass the raw
 * body exactly as received (before any JSON parsing). Throws a {@link ModerationApiError} with
 * code `WEBHOOK_SIGNATURE_INVALID` or `WEBHOOK_TIMESTAMP_STALE` (or `WEBHOOK_BODY_INVALID` for a
 * correctly signed body that is not JSON).
 */
export async function verifyWebhook(rawBody: string | Uint8Array, headers: HeaderSource, secret: string, options: VerifyWebhookOptions = {}): Promise<DecisionEvent> {
  const header = readHeader(headers, SIGNATURE_HEADER);
  const parts = Object.fromEntries((header ?? '').split(',').map((part) => part.trim().split('=', 2) as [string, string]));
  const timestamp = Number(parts.t);
  const signatures = (header ?? '').split(',').map((part) => part.trim()).filter((part) => part.startsWith('v1=')).map((part) => part.slice(3));
  if (!header || !Number.isInteger(timestamp) || signatures.length === 0) {
    throw invalid('WEBHOOK_SIGNATURE_INVALID', `Missing or malformed ${SIGNATURE_HEADER} header`);
  }
  const nowSeconds = Math.floor((options.now?.() ?? Date.now()) / 1000);
  if (Math.abs(nowSeconds - timestamp) > (options.toleranceSeconds ?? 300)) {
    throw invalid('WEBHOOK_TIMESTAMP_STALE', `The signature is ${nowSeconds - timestamp} s old`);
  }
  const body = typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody);
  const expected = await hmacHex(secret, `${timestamp}.${body}`);
  if (!signatures.some((signature) => constantTimeEqual(signature, expected))) {
    throw invalid('WEBHOOK_SIGNATURE_INVALID', 'The signature does not match the body and secret');
  }
  try {
    return JSON.parse(body) as DecisionEvent;
  } catch (error) {
    throw new ModerationApiError({ code: 'WEBHOOK_BODY_INVALID', status: 0, message: 'The signed body is not JSON' }, { cause: error });
  }
}

async function hmacHex(secret: string, message: string): Promise<string> {
  const subtle = await webCrypto();
  const encoder = new TextEncoder();
  const key = await subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = new Uint8Array(await subtle.sign('HMAC', key, encoder.encode(message)));
  return Array.from(signature, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Web Crypto: global in browsers and Node 19+, `node:crypto`'s `webcrypto` on Node 18. */
async function webCrypto(): Promise<SubtleCrypto> {
  if (globalThis.crypto?.subtle) return globalThis.crypto.subtle;
  // A variable specifier keeps browser bundlers from trying to include a Node module.
  const specifier = 'node:crypto';
  const nodeCrypto = (await import(/* @vite-ignore */ specifier)) as { webcrypto: { subtle: SubtleCrypto } };
  return nodeCrypto.webcrypto.subtle;
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (typeof Headers !== 'undefined' && headers instanceof Headers) return headers.get(name) ?? undefined;
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value[0] : (value as string | undefined);
}

function invalid(code: string, message: string): ModerationApiError {
  return new ModerationApiError({ code, status: 0, message });
}
