/** What the hub says a file is: used to verify the bytes once they are on disk. */
export interface AnnouncedContent {
  /** sha256 of the content (LFS files: `X-Linked-Etag`, or a 64-hex ETag). */
  readonly sha256?: string;
  /** git blob sha1 (small files kept in git: a 40-hex ETag). */
  readonly gitSha1?: string;
  /** Full size in bytes. */
  readonly size?: number;
}

/** One response of a redirect chain. */
export interface ResponseHop {
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
}

/** The checksum an ETag value carries: the hub quotes it, proxies may weaken it with `W/`. */
export function parseEtag(value: string | null): Pick<AnnouncedContent, 'sha256' | 'gitSha1'> {
  if (value === null) return {};
  const tag = value.trim().replace(/^W\//, '').replace(/^"|"$/g, '').toLowerCase();
  if (/^[0-9a-f]{64}$/.test(tag)) return { sha256: tag };
  if (/^[0-9a-f]{40}$/.test(tag)) return { gitSha1: tag };
  return {};
}

function parseSize(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

/** The total size a 206 announces in `Content-Range: bytes a-b/total`. */
export function contentRangeTotal(value: string | null): number | undefined {
  const match = value === null ? null : /\/(\d+)\s*$/.exec(value);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The first byte a 206 starts at, from `Content-Range: bytes a-b/total`. */
export function contentRangeStart(value: string | null): number | undefined {
  const match = value === null ? null : /^\s*bytes\s+(\d+)-/.exec(value);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * Reads the announced checksum and size from a resolve chain. The hub puts `X-Linked-Etag` (sha256)
 * and `X-Linked-Size` on its answer for LFS files, including the 302 to the CDN; the CDN's own ETag
 * means nothing to us, so a plain ETag is trusted only from a `/resolve/` answer of the hub itself.
 */
export function announcedContent(hops: readonly ResponseHop[]): AnnouncedContent {
  const last = hops[hops.length - 1];
  const linkedEtag = hops.map((hop) => hop.headers.get('x-linked-etag')).find((value) => value !== null) ?? null;
  const linkedSize = hops.map((hop) => parseSize(hop.headers.get('x-linked-size'))).find((value) => value !== undefined);
  const resolveHop = [...hops].reverse().find((hop) => new URL(hop.url).pathname.includes('/resolve/'));
  const checksum = linkedEtag !== null ? parseEtag(linkedEtag) : parseEtag(resolveHop?.headers.get('etag') ?? null);

  let size = linkedSize;
  if (size === undefined && last !== undefined) {
    const encoded = (last.headers.get('content-encoding') ?? 'identity') !== 'identity';
    if (last.status === 206) size = contentRangeTotal(last.headers.get('content-range'));
    else if (last.status === 200 && !encoded) size = parseSize(last.headers.get('content-length'));
  }
  return { ...checksum, ...(size === undefined ? {} : { size }) };
}
