import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, sep } from 'node:path';

/**
 * A local stand-in for the Hugging Face hub, serving folders the way huggingface.co serves repos, so the
 * hub client is tested over real HTTP without the internet:
 *
 * - `GET /api/models/{owner}/{name}/revision/{rev}` lists the repo (`sha`, `siblings`; with
 *   `?blobs=true` also `size`, `blobId` and `lfs: { sha256, size }`, as the hub does);
 * - `GET /{owner}/{name}/resolve/{rev}/{path}` serves small "git" files directly with the git blob sha1 as
 *   ETag, and answers LFS files (`.onnx` and their external data) with a 302 to `/cdn/{sha256}` carrying
 *   `X-Linked-Etag` / `X-Linked-Size`, like the hub's redirect to its CDN;
 * - `/cdn/{sha256}` serves the bytes with an ETag that is *not* a content hash (as CDNs do), from a
 *   second port, so the CDN is another origin as on the real hub (the token must not follow);
 * - both honour `Range: bytes=N-` with 206, and answer 416 past the end.
 *
 * `faults` injects failures; `requests` records what the client sent.
 */

/** A folder to serve as `id` (`owner/name`). */
export interface FakeHubRepo {
  readonly id: string;
  readonly dir: string;
}

/** Failures to inject; mutate `hub.faults` between calls. */
export interface FakeHubFaults {
  /** Send only `bytes` bytes of `path`'s body, then cut the connection; `times` times (default 1). */
  dropAfter?: { path: string; bytes: number; times?: number };
  /** Serve `path` with flipped bytes (same length) while announcing the real checksum. */
  corrupt?: { path: string };
  /**
   * Answer `code` instead, `times` times (default: every time), for requests of a kind (`'api'`,
   * `'resolve'`, `'cdn'`) or for one repo file path (on its resolve and CDN requests).
   */
  status?: { match: string; code: number; times?: number; headers?: Record<string, string> };
}

/** What the client sent. */
export interface RecordedRequest {
  readonly method: string;
  /** `'api'`, `'resolve'`, `'cdn'` or `'other'`. */
  readonly kind: string;
  /** URL path, decoded. */
  readonly path: string;
  /** The repo file concerned, for resolve and CDN requests. */
  readonly file?: string;
  readonly range?: string;
  readonly authorization?: string;
}

/** A served file. */
export interface FakeHubFile {
  readonly path: string;
  readonly bytes: Buffer;
  readonly sha256: string;
  readonly gitSha1: string;
  readonly lfs: boolean;
}

/** A running fake hub. */
export interface FakeHub {
  /** Base URL, e.g. `http://127.0.0.1:41234`, to pass as `endpoint`. */
  readonly url: string;
  /** Base URL of the CDN the hub redirects LFS files to (another port, so another origin). */
  readonly cdnUrl: string;
  readonly requests: RecordedRequest[];
  faults: FakeHubFaults;
  /** The fake commit sha of a repo. */
  sha(repoId: string): string;
  /** The files of a repo, by path. */
  files(repoId: string): ReadonlyMap<string, FakeHubFile>;
  close(): Promise<void>;
}

/** Options for {@link startFakeHub}. */
export interface FakeHubOptions {
  /** Which files are "LFS" (redirected to the CDN, checksummed by sha256); default `.onnx` and their data. */
  readonly lfs?: RegExp;
  /** Honour `?blobs=true` with sizes and hashes in the listing; default true. */
  readonly listingMetadata?: boolean;
}

interface ServedRepo {
  readonly sha: string;
  readonly files: Map<string, FakeHubFile>;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

async function loadRepo(dir: string, lfs: RegExp): Promise<ServedRepo> {
  const files = new Map<string, FakeHubFile>();
  for (const path of await listFiles(dir)) {
    const bytes = await readFile(join(dir, path));
    const gitSha1 = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    files.set(path, { path, bytes, sha256, gitSha1, lfs: lfs.test(path) });
  }
  // Like a commit id: changes whenever any file or name changes.
  const commit = createHash('sha1');
  for (const file of files.values()) commit.update(`${file.path}\0${file.gitSha1}\n`);
  return { sha: commit.digest('hex'), files };
}

function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'invalid' | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d+)-(\d*)$/.exec(header.trim());
  if (match === null) return undefined;
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'invalid';
  return { start, end };
}

/** Starts the fake hub on 127.0.0.1 at a random port. */
export async function startFakeHub(repos: readonly FakeHubRepo[], options: FakeHubOptions = {}): Promise<FakeHub> {
  const lfs = options.lfs ?? /\.onnx(?:_data(?:_\d+)?|\.data)?$/;
  const served = new Map<string, ServedRepo>();
  for (const repo of repos) served.set(repo.id, await loadRepo(repo.dir, lfs));
  const requests: RecordedRequest[] = [];

  const servers: Server[] = [];
  const hub: FakeHub = {
    url: '',
    cdnUrl: '',
    requests,
    faults: {},
    sha: (repoId) => required(served.get(repoId), repoId).sha,
    files: (repoId) => required(served.get(repoId), repoId).files,
    close: async () => {
      const closing = servers.splice(0).map(
        (server) =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      );
      await Promise.all(closing);
    },
  };

  /** True (and counts it) when the status fault applies to this request. */
  function statusFault(kind: string, file: string | undefined, res: ServerResponse): boolean {
    const fault = hub.faults.status;
    if (fault === undefined || (fault.match !== kind && fault.match !== file)) return false;
    if (fault.times !== undefined) {
      if (fault.times <= 0) return false;
      fault.times -= 1;
    }
    res.writeHead(fault.code, { 'content-type': 'application/json', ...fault.headers });
    res.end(JSON.stringify({ error: `injected ${fault.code}` }));
    return true;
  }

  function notFound(res: ServerResponse, code: string): void {
    res.writeHead(404, { 'content-type': 'application/json', 'x-error-code': code });
    res.end(JSON.stringify({ error: code }));
  }

  function resolveRevision(repo: ServedRepo, revision: string): boolean {
    return revision === 'main' || revision === repo.sha;
  }

  function listing(res: ServerResponse, url: URL, parts: string[]): void {
    const [owner, name, word, ...revisionParts] = parts;
    const id = `${owner}/${name}`;
    const repo = served.get(id);
    if (repo === undefined) return notFound(res, 'RepoNotFound');
    if (word !== 'revision' || !resolveRevision(repo, decodeURIComponent(revisionParts.join('/')))) {
      return notFound(res, 'RevisionNotFound');
    }
    const blobs = url.searchParams.get('blobs') === 'true' && options.listingMetadata !== false;
    const siblings = [...repo.files.values()].map((file) =>
      blobs
        ? {
            rfilename: file.path,
            size: file.bytes.length,
            blobId: file.gitSha1,
            ...(file.lfs ? { lfs: { sha256: file.sha256, size: file.bytes.length, pointerSize: 134 } } : {}),
          }
        : { rfilename: file.path },
    );
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ _id: id, id, modelId: id, sha: repo.sha, private: false, siblings }));
  }

  /** Sends `file` (or a range of it) with the given headers, applying drop and corruption faults. */
  function sendBytes(req: IncomingMessage, res: ServerResponse, file: FakeHubFile, headers: Record<string, string>): void {
    const size = file.bytes.length;
    const range = parseRange(req.headers.range, size);
    if (range === 'invalid') {
      res.writeHead(416, { ...headers, 'content-range': `bytes */${size}` });
      res.end();
      return;
    }
    let body = file.bytes;
    if (hub.faults.corrupt?.path === file.path) {
      body = Buffer.from(body);
      for (let i = 0; i < body.length; i += 997) body[i] = (body[i] ?? 0) ^ 0xff;
    }
    const start = range?.start ?? 0;
    const end = range?.end ?? size - 1;
    const slice = body.subarray(start, end + 1);
    const status = range === undefined ? 200 : 206;
    res.writeHead(status, {
      ...headers,
      'accept-ranges': 'bytes',
      'content-type': 'application/octet-stream',
      'content-length': String(slice.length),
      ...(status === 206 ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
    });
    const drop = hub.faults.dropAfter;
    if (drop !== undefined && drop.path === file.path && (drop.times ?? 1) > 0 && drop.bytes < slice.length) {
      drop.times = (drop.times ?? 1) - 1;
      // Flush part of the body, then cut the socket: the client sees a connection closed mid-file.
      res.write(slice.subarray(0, drop.bytes), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    if (req.method === 'HEAD') res.end();
    else res.end(slice);
  }

  function resolveFile(req: IncomingMessage, res: ServerResponse, parts: string[]): void {
    const [owner, name, , revision = '', ...pathParts] = parts;
    const repo = served.get(`${owner}/${name}`);
    const path = pathParts.map(decodeURIComponent).join('/');
    if (statusFault('resolve', path, res)) return;
    if (repo === undefined) return notFound(res, 'RepoNotFound');
    if (!resolveRevision(repo, decodeURIComponent(revision))) return notFound(res, 'RevisionNotFound');
    const file = repo.files.get(path);
    if (file === undefined) return notFound(res, 'EntryNotFound');
    const common = { 'x-repo-commit': repo.sha };
    if (file.lfs) {
      res.writeHead(302, {
        ...common,
        location: `${hub.cdnUrl}/cdn/${file.sha256}?name=${encodeURIComponent(path)}`,
        etag: `"${file.sha256}"`,
        'x-linked-etag': `"${file.sha256}"`,
        'x-linked-size': String(file.bytes.length),
      });
      res.end();
      return;
    }
    sendBytes(req, res, file, { ...common, etag: `"${file.gitSha1}"` });
  }

  function cdnFile(req: IncomingMessage, res: ServerResponse, sha256: string): void {
    const file = [...served.values()].flatMap((repo) => [...repo.files.values()]).find((f) => f.sha256 === sha256);
    if (statusFault('cdn', file?.path, res)) return;
    if (file === undefined) {
      res.writeHead(404);
      res.end();
      return;
    }
    // A CDN's own ETag is not the content's sha256: the client must not verify against it.
    sendBytes(req, res, file, { etag: `"cdn-${sha256.slice(0, 8)}-1"` });
  }

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const parts = url.pathname.split('/').filter((part) => part !== '');
    const kind = parts[0] === 'api' ? 'api' : parts[0] === 'cdn' ? 'cdn' : parts[2] === 'resolve' ? 'resolve' : 'other';
    const file =
      kind === 'resolve'
        ? parts.slice(4).map(decodeURIComponent).join('/')
        : kind === 'cdn'
          ? (url.searchParams.get('name') ?? undefined)
          : undefined;
    requests.push({
      method: req.method ?? 'GET',
      kind,
      path: decodeURIComponent(url.pathname),
      ...(file === undefined ? {} : { file }),
      ...(req.headers.range === undefined ? {} : { range: req.headers.range }),
      ...(req.headers.authorization === undefined ? {} : { authorization: req.headers.authorization }),
    });
    if (kind === 'api') {
      if (statusFault('api', undefined, res)) return;
      if (parts[1] === 'models') return listing(res, url, parts.slice(2));
    } else if (kind === 'resolve') {
      return resolveFile(req, res, parts);
    } else if (kind === 'cdn' && parts[1] !== undefined) {
      return cdnFile(req, res, parts[1]);
    }
    res.writeHead(404);
    res.end();
  };

  const listen = async (): Promise<string> => {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  // One handler on both ports keeps the routing in one place; only the origin differs.
  return Object.assign(hub, { url: await listen(), cdnUrl: await listen() });
}

function required<T>(value: T | undefined, repoId: string): T {
  if (value === undefined) throw new Error(`The fake hub does not serve ${repoId}`);
  return value;
}
