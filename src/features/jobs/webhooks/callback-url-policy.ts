import { ModerationError } from '../../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../../engine/errors/moderation-error-code';
import { AppError, AppErrorCode } from '../../../shared/errors/app-error-code';

/** One parsed allow-list entry. */
interface AllowedHost {
  /** Lowercase host name, IPv4 address or bracketed IPv6 address. */
  readonly host: string;
  /** True for `*.suffix`: any subdomain of `host`, not `host` itself. */
  readonly subdomains: boolean;
  /** Only this port, or any port when undefined. */
  readonly port?: number;
}

/**
 * Decides whether a caller-supplied callback URL may be called. The server POSTs to these URLs
 * from inside the network, so an open choice would let any caller make it reach internal services
 * (SSRF); only hosts the operator listed are accepted, over http(s), without credentials.
 *
 * The check is on the host name as written: a listed name that resolves to an internal address is
 * the operator's responsibility (list names you control).
 */
export class CallbackUrlPolicy {
  private readonly allowed: readonly AllowedHost[];

  /** `entries` as in `MODERATION_WEBHOOK_ALLOWED_HOSTS`: `host`, `host:port`, `*.suffix`, `*.suffix:port`. */
  constructor(entries: readonly string[]) {
    this.allowed = entries.map(parseEntry);
  }

  /** True when no callback URL can be accepted at all. */
  get isEmpty(): boolean {
    return this.allowed.length === 0;
  }

  /** Returns the URL normalised; throws ModerationError CALLBACK_URL_NOT_ALLOWED otherwise. */
  check(text: string): string {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw refused(text, 'it is not an absolute URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refused(text, `the scheme ${url.protocol} is not http: or https:`);
    if (url.username !== '' || url.password !== '') throw refused(text, 'it carries credentials');
    if (this.isEmpty) throw refused(text, 'no callback hosts are allowed (set MODERATION_WEBHOOK_ALLOWED_HOSTS)');
    const host = url.hostname.toLowerCase();
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    if (!this.allowed.some((entry) => matches(entry, host, port))) throw refused(text, `the host ${url.host} is not on the allow-list`);
    return url.toString();
  }
}

function matches(entry: AllowedHost, host: string, port: number): boolean {
  if (entry.port !== undefined && entry.port !== port) return false;
  return entry.subdomains ? host.endsWith(`.${entry.host}`) : host === entry.host;
}

function parseEntry(entry: string): AllowedHost {
  const text = entry.trim().toLowerCase();
  const subdomains = text.startsWith('*.');
  const rest = subdomains ? text.slice(2) : text;
  // The port is what follows the last colon, unless that colon is inside an IPv6 address.
  const portMatch = /^(.*[^:\]]|\[[0-9a-f:.]+\]):(\d{1,5})$/.exec(rest);
  const host = portMatch ? portMatch[1]! : rest;
  const port = portMatch ? Number(portMatch[2]) : undefined;
  if (host === '' || (port !== undefined && (port < 1 || port > 65535))) {
    throw new ModerationError(ModerationErrorCode.ConfigInvalid, `Invalid allowed callback host "${entry}"`, {
      problems: [{ key: 'MODERATION_WEBHOOK_ALLOWED_HOSTS', reason: `"${entry}" is not host, host:port or *.suffix` }],
    });
  }
  return { host, subdomains, port };
}

function refused(url: string, reason: string): AppError {
  return new ModerationError(AppErrorCode.CallbackUrlNotAllowed, `The callback URL is not allowed: ${reason}`, { callbackUrl: url, reason });
}
