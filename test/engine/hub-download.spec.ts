import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { ModerationError } from '../../src/engine/errors/moderation-error';
import { ModerationErrorCode } from '../../src/engine/errors/moderation-error-code';
import { type HubDownloadOptions, downloadHubModel, isHubModelId, parseHubModelId } from '../../src/engine/hub';
import { type FakeHub, startFakeHub } from '../support/fake-hub-server';
import { writeTinyClipModel } from '../support/onnx/tiny-clip-model';

const HF_REPO = 'tiny/clip-hf';
const OPEN_CLIP_REPO = 'tiny/clip-openclip';
const TMP = join(__dirname, '..', '.tmp');

let root: string;
let hfDir: string;
let openClipDir: string;
let hub: FakeHub;
let logs: string[];

/** Repo files a CLIP folder does not need: they are served but must never be downloaded. */
async function addDistractors(dir: string): Promise<void> {
  await writeFile(join(dir, 'README.md'), '# tiny clip\n');
  await writeFile(join(dir, '.gitattributes'), '*.onnx filter=lfs diff=lfs merge=lfs -text\n');
  await mkdir(join(dir, 'onnx'), { recursive: true });
  await writeFile(join(dir, 'onnx', 'model.onnx'), randomBytes(4096));
}

beforeAll(async () => {
  root = await mkdtemp(join(TMP, 'hub-download-'));
  hfDir = join(root, 'repo-hf');
  openClipDir = join(root, 'repo-open-clip');
  await writeTinyClipModel(hfDir, { layout: 'huggingface', dtypes: ['fp32', 'fp16'] });
  await writeFile(join(hfDir, 'tokenizer_config.json'), JSON.stringify({ model_max_length: 77 }));
  await writeFile(join(hfDir, 'special_tokens_map.json'), JSON.stringify({ bos_token: '<|startoftext|>' }));
  // External weights next to one variant's graph, as large ONNX exports ship them.
  await writeFile(join(hfDir, 'onnx', 'vision_model_fp16.onnx_data'), randomBytes(64 * 1024));
  await addDistractors(hfDir);
  await writeTinyClipModel(openClipDir, { layout: 'open-clip' });
  hub = await startFakeHub([
    { id: HF_REPO, dir: hfDir },
    { id: OPEN_CLIP_REPO, dir: openClipDir },
  ]);
});

afterAll(async () => {
  await hub?.close();
  if (root !== undefined) await rm(root, { recursive: true, force: true });
});

beforeEach(() => {
  hub.faults = {};
  hub.requests.length = 0;
  logs = [];
});

async function freshCache(): Promise<string> {
  return mkdtemp(join(root, 'cache-'));
}

function options(cacheDir: string, extra: Partial<HubDownloadOptions> = {}): HubDownloadOptions {
  return {
    cacheDir,
    dtype: 'fp32',
    endpoint: hub.url,
    token: '',
    progress: false,
    retryBaseDelayMs: 5,
    logger: (message) => logs.push(message),
    ...extra,
  };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

async function sha256Of(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

/** Every downloaded file is byte-identical to the one the hub serves. */
async function expectSameBytes(snapshot: string, repoId: string): Promise<void> {
  const served = hub.files(repoId);
  for (const path of await filesUnder(snapshot)) {
    expect(await sha256Of(join(snapshot, path))).toBe(served.get(path)?.sha256);
  }
}

async function rejection(promise: Promise<unknown>): Promise<ModerationError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ModerationError);
  return error as ModerationError;
}

describe('downloadHubModel', () => {
  it('downloads the CLIP files of the dtype into a snapshot laid out like the repo', async () => {
    const cacheDir = await freshCache();
    const snapshot = await downloadHubModel(HF_REPO, options(cacheDir, { token: 'hf_secret' }));

    const sha = hub.sha(HF_REPO);
    expect(snapshot).toBe(join(cacheDir, 'models', 'tiny--clip-hf', 'snapshots', sha));
    expect(await filesUnder(snapshot)).toEqual([
      'config.json',
      'onnx/text_model.onnx',
      'onnx/vision_model.onnx',
      'preprocessor_config.json',
      'special_tokens_map.json',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    await expectSameBytes(snapshot, HF_REPO);
    expect((await readFile(join(cacheDir, 'models', 'tiny--clip-hf', 'refs', 'main'), 'utf8')).trim()).toBe(sha);

    // Files are fetched at the resolved commit; LFS files through the redirect to the CDN.
    const resolves = hub.requests.filter((request) => request.kind === 'resolve');
    expect(resolves.every((request) => request.path.includes(`/resolve/${sha}/`))).toBe(true);
    expect(hub.requests.filter((request) => request.kind === 'cdn').map((request) => request.file).sort()).toEqual([
      'onnx/text_model.onnx',
      'onnx/vision_model.onnx',
    ]);
    // The token goes to the hub, never to the CDN.
    for (const request of hub.requests) {
      expect(request.authorization).toBe(request.kind === 'cdn' ? undefined : 'Bearer hf_secret');
    }
    expect(logs.some((line) => line.includes('Downloading onnx/vision_model.onnx'))).toBe(true);
  });

  it('reuses a complete snapshot, and falls back to it when the hub is unreachable', async () => {
    const cacheDir = await freshCache();
    const first = await downloadHubModel(HF_REPO, options(cacheDir));

    hub.requests.length = 0;
    expect(await downloadHubModel(HF_REPO, options(cacheDir))).toBe(first);
    expect(hub.requests.map((request) => request.kind)).toEqual(['api']);

    // A hub of our own, so closing it does not disturb the other tests.
    const lonely = await startFakeHub([{ id: HF_REPO, dir: hfDir }]);
    const endpoint = lonely.url;
    await lonely.close();
    logs = [];
    expect(await downloadHubModel(HF_REPO, options(cacheDir, { endpoint, retries: 1 }))).toBe(first);
    expect(logs.some((line) => line.includes('using the cached snapshot'))).toBe(true);
    await expectSameBytes(first, HF_REPO);

    // Nothing cached for this dtype: the offline failure says so.
    const error = await rejection(downloadHubModel(HF_REPO, options(cacheDir, { endpoint, retries: 0, dtype: 'fp16' })));
    expect(error.code).toBe(ModerationErrorCode.ModelDownloadFailed);
    expect(error.message).toMatch(/no complete fp16 copy/);
  });

  it('resumes an interrupted download with a Range request', async () => {
    const cacheDir = await freshCache();
    hub.faults.dropAfter = { path: 'onnx/text_model.onnx', bytes: 100_000 };
    const snapshot = await downloadHubModel(HF_REPO, options(cacheDir));

    const cdn = hub.requests.filter((request) => request.kind === 'cdn' && request.file === 'onnx/text_model.onnx');
    expect(cdn.map((request) => request.range)).toEqual([undefined, 'bytes=100000-']);
    await expectSameBytes(snapshot, HF_REPO);
    expect(logs.some((line) => line.includes('Resuming onnx/text_model.onnx'))).toBe(true);
  });

  it('keeps the partial file when retries run out, and the next run resumes it', async () => {
    const cacheDir = await freshCache();
    const sha = hub.sha(HF_REPO);
    hub.faults.dropAfter = { path: 'tokenizer.json', bytes: 300_000 };
    const error = await rejection(downloadHubModel(HF_REPO, options(cacheDir, { retries: 0 })));
    expect(error.code).toBe(ModerationErrorCode.ModelDownloadFailed);

    const partial = join(cacheDir, 'models', 'tiny--clip-hf', 'snapshots', sha, 'tokenizer.json.incomplete');
    expect((await stat(partial)).size).toBe(300_000);
    expect(existsSync(join(cacheDir, 'models', 'tiny--clip-hf', 'snapshots', sha, 'tokenizer.json'))).toBe(false);

    hub.requests.length = 0;
    const snapshot = await downloadHubModel(HF_REPO, options(cacheDir));
    const tokenizer = hub.requests.filter((request) => request.file === 'tokenizer.json');
    expect(tokenizer.map((request) => request.range)).toEqual(['bytes=300000-']);
    await expectSameBytes(snapshot, HF_REPO);
    expect((await filesUnder(snapshot)).some((path) => path.endsWith('.incomplete') || path.endsWith('.lock'))).toBe(false);
  });

  it('places a partial file that already holds every byte after verifying it', async () => {
    const cacheDir = await freshCache();
    const snapshotDir = join(cacheDir, 'models', 'tiny--clip-hf', 'snapshots', hub.sha(HF_REPO));
    await mkdir(snapshotDir, { recursive: true });
    const tokenizer = hub.files(HF_REPO).get('tokenizer.json');
    await writeFile(join(snapshotDir, 'tokenizer.json.incomplete'), tokenizer?.bytes ?? Buffer.alloc(0));

    await expectSameBytes(await downloadHubModel(HF_REPO, options(cacheDir)), HF_REPO);
    // The server answered the range past the end with 416; nothing was fetched again.
    const ranges = hub.requests.filter((request) => request.file === 'tokenizer.json').map((request) => request.range);
    expect(ranges).toEqual([`bytes=${tokenizer?.bytes.length}-`]);
  });

  it('throws ModelChecksumMismatch for corrupt LFS bytes and leaves no corrupt file behind', async () => {
    const cacheDir = await freshCache();
    hub.faults.corrupt = { path: 'onnx/vision_model.onnx' };
    const error = await rejection(downloadHubModel(HF_REPO, options(cacheDir)));

    expect(error.code).toBe(ModerationErrorCode.ModelChecksumMismatch);
    expect(error.details).toMatchObject({ file: 'onnx/vision_model.onnx', algorithm: 'sha256' });
    expect(error.details.expected).toBe(hub.files(HF_REPO).get('onnx/vision_model.onnx')?.sha256);
    expect(error.details.actual).not.toBe(error.details.expected);
    const snapshot = join(cacheDir, 'models', 'tiny--clip-hf', 'snapshots', hub.sha(HF_REPO));
    const left = await filesUnder(snapshot);
    expect(left.filter((path) => path.startsWith('onnx/vision_model'))).toEqual([]);
    expect(existsSync(join(cacheDir, 'models', 'tiny--clip-hf', 'manifests'))).toBe(false);

    // Without the fault the same cache completes.
    hub.faults = {};
    await expectSameBytes(await downloadHubModel(HF_REPO, options(cacheDir)), HF_REPO);
  });

  it('checks small git files against the git blob sha1 in their ETag', async () => {
    const cacheDir = await freshCache();
    hub.faults.corrupt = { path: 'config.json' };
    const error = await rejection(downloadHubModel(HF_REPO, options(cacheDir)));
    expect(error.code).toBe(ModerationErrorCode.ModelChecksumMismatch);
    expect(error.details).toMatchObject({ file: 'config.json', algorithm: 'git-sha1', expected: hub.files(HF_REPO).get('config.json')?.gitSha1 });
    expect(existsSync(join(cacheDir, 'models', 'tiny--clip-hf', 'snapshots', hub.sha(HF_REPO), 'config.json'))).toBe(false);
  });

  it('verifies from the resolve headers alone when the listing carries no sizes or hashes', async () => {
    const bare = await startFakeHub([{ id: HF_REPO, dir: hfDir }], { listingMetadata: false });
    try {
      bare.faults.corrupt = { path: 'onnx/text_model.onnx' };
      const cacheDir = await freshCache();
      const error = await rejection(downloadHubModel(HF_REPO, options(cacheDir, { endpoint: bare.url })));
      expect(error.code).toBe(ModerationErrorCode.ModelChecksumMismatch);
      expect(error.details).toMatchObject({ file: 'onnx/text_model.onnx', algorithm: 'sha256' });

      bare.faults = {};
      const snapshot = await downloadHubModel(HF_REPO, options(cacheDir, { endpoint: bare.url }));
      await expectSameBytes(snapshot, HF_REPO);
    } finally {
      await bare.close();
    }
  });

  it('maps 404 to ModelNotFound', async () => {
    const cacheDir = await freshCache();
    hub.faults.status = { match: 'api', code: 404, headers: { 'x-error-code': 'RepoNotFound' } };
    expect((await rejection(downloadHubModel(HF_REPO, options(cacheDir)))).code).toBe(ModerationErrorCode.ModelNotFound);

    hub.faults = {};
    const missing = await rejection(downloadHubModel('tiny/no-such-model', options(cacheDir)));
    expect(missing.code).toBe(ModerationErrorCode.ModelNotFound);
    const revision = await rejection(downloadHubModel(`${HF_REPO}@v9`, options(cacheDir)));
    expect(revision.code).toBe(ModerationErrorCode.ModelNotFound);
    expect(revision.message).toMatch(/revision 'v9'/);
  });

  it('maps 401 to ModelDownloadFailed that mentions HF_TOKEN', async () => {
    const cacheDir = await freshCache();
    hub.faults.status = { match: 'api', code: 401, headers: { 'x-error-code': 'RepoNotFound' } };
    const error = await rejection(downloadHubModel(HF_REPO, options(cacheDir)));
    expect(error.code).toBe(ModerationErrorCode.ModelDownloadFailed);
    expect(error.message).toMatch(/HF_TOKEN/);

    hub.faults.status = { match: 'onnx/vision_model.onnx', code: 403, headers: { 'x-error-code': 'GatedRepo' } };
    const gated = await rejection(downloadHubModel(HF_REPO, options(cacheDir)));
    expect(gated.code).toBe(ModerationErrorCode.ModelDownloadFailed);
    expect(gated.message).toMatch(/gated.*HF_TOKEN/);
    // Nothing about a failed access is retried.
    expect(hub.requests.filter((request) => request.file === 'onnx/vision_model.onnx')).toHaveLength(1);
  });

  it('picks the _fp16 variant and its external data for dtype fp16', async () => {
    const cacheDir = await freshCache();
    const snapshot = await downloadHubModel(HF_REPO, options(cacheDir, { dtype: 'fp16' }));
    const onnx = (await filesUnder(snapshot)).filter((path) => path.startsWith('onnx/'));
    expect(onnx).toEqual(['onnx/text_model_fp16.onnx', 'onnx/vision_model_fp16.onnx', 'onnx/vision_model_fp16.onnx_data']);
    await expectSameBytes(snapshot, HF_REPO);

    // fp32 afterwards: the same snapshot folder gains the fp32 pair, the fp16 files are reused.
    hub.requests.length = 0;
    expect(await downloadHubModel(HF_REPO, options(cacheDir, { dtype: 'fp32' }))).toBe(snapshot);
    const fetched = hub.requests.filter((request) => request.kind === 'resolve').map((request) => request.file);
    expect(fetched.sort()).toEqual(['onnx/text_model.onnx', 'onnx/vision_model.onnx']);
  });

  it('names the variants that exist when the dtype is missing', async () => {
    const error = await rejection(downloadHubModel(HF_REPO, options(await freshCache(), { dtype: 'q4' })));
    expect(error.code).toBe(ModerationErrorCode.ModelNotFound);
    expect(error.message).toMatch(/no q4 weights/);
    expect(error.message).toMatch(/fp16, fp32 \(huggingface layout\)/);
    expect(hub.requests.filter((request) => request.kind !== 'api')).toEqual([]);
  });

  it('retries 503 answers until the hub recovers', async () => {
    const cacheDir = await freshCache();
    hub.faults.status = { match: 'api', code: 503, times: 2 };
    const snapshot = await downloadHubModel(HF_REPO, options(cacheDir));
    expect(hub.requests.filter((request) => request.kind === 'api')).toHaveLength(3);
    await expectSameBytes(snapshot, HF_REPO);

    const again = await freshCache();
    hub.requests.length = 0;
    hub.faults.status = { match: 'onnx/vision_model.onnx', code: 503, times: 2, headers: { 'retry-after': '0' } };
    await expectSameBytes(await downloadHubModel(HF_REPO, options(again)), HF_REPO);
    expect(hub.requests.filter((request) => request.kind === 'resolve' && request.file === 'onnx/vision_model.onnx')).toHaveLength(3);
    expect(logs.some((line) => /retry 1 of 3/.test(line))).toBe(true);

    // A hub that stays down exhausts the retries.
    hub.faults.status = { match: 'api', code: 503 };
    const error = await rejection(downloadHubModel(HF_REPO, options(await freshCache(), { retries: 2 })));
    expect(error.code).toBe(ModerationErrorCode.ModelDownloadFailed);
    expect(hub.requests.filter((request) => request.kind === 'api').length).toBeGreaterThanOrEqual(3);
  });

  it('downloads an open_clip layout repo', async () => {
    const cacheDir = await freshCache();
    const snapshot = await downloadHubModel(OPEN_CLIP_REPO, options(cacheDir));
    expect(snapshot).toBe(join(cacheDir, 'models', 'tiny--clip-openclip', 'snapshots', hub.sha(OPEN_CLIP_REPO)));
    expect(await filesUnder(snapshot)).toEqual(['textual.onnx', 'visual.onnx']);
    await expectSameBytes(snapshot, OPEN_CLIP_REPO);
  });

  it('lets two concurrent starts share one cache without corrupting it', async () => {
    const cacheDir = await freshCache();
    const [a, b] = await Promise.all([
      downloadHubModel(HF_REPO, options(cacheDir)),
      downloadHubModel(HF_REPO, options(cacheDir)),
    ]);
    expect(a).toBe(b);
    await expectSameBytes(a, HF_REPO);
    // Each file crossed the wire once: the second start waited on the lock and found it in place.
    const fetched = hub.requests.filter((request) => request.kind === 'resolve').map((request) => request.file);
    expect(new Set(fetched).size).toBe(fetched.length);
    expect((await filesUnder(a)).some((path) => path.endsWith('.incomplete') || path.endsWith('.lock'))).toBe(false);
  });

  it('breaks the lock of a download that died', async () => {
    const cacheDir = await freshCache();
    const snapshotDir = join(cacheDir, 'models', 'tiny--clip-hf', 'snapshots', hub.sha(HF_REPO));
    const lock = join(snapshotDir, 'onnx', 'vision_model.onnx.lock');
    await mkdir(dirname(lock), { recursive: true });
    await writeFile(lock, JSON.stringify({ token: 'gone', host: 'elsewhere', pid: 1 }));
    const longAgo = new Date(Date.now() - 10 * 60_000);
    await utimes(lock, longAgo, longAgo);

    await expectSameBytes(await downloadHubModel(HF_REPO, options(cacheDir)), HF_REPO);
    expect(existsSync(lock)).toBe(false);
  });

  it('draws a progress bar on stderr when asked', async () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      await downloadHubModel(HF_REPO, options(await freshCache(), { progress: true }));
    } finally {
      spy.mockRestore();
    }
    const output = written.join('');
    expect(output).toMatch(/onnx\/text_model\.onnx \|.*\| 100% \| [\d.]+ MB\/[\d.]+ MB/);
  });

  it('takes the revision from owner/name@revision and pins a commit sha without the network', async () => {
    const cacheDir = await freshCache();
    const sha = hub.sha(HF_REPO);
    const snapshot = await downloadHubModel(`${HF_REPO}@${sha}`, options(cacheDir));
    expect(snapshot.endsWith(sha)).toBe(true);
    // A commit needs no ref file: it is its own.
    expect(existsSync(join(cacheDir, 'models', 'tiny--clip-hf', 'refs'))).toBe(false);

    hub.requests.length = 0;
    expect(await downloadHubModel(HF_REPO, options(cacheDir, { revision: sha }))).toBe(snapshot);
    expect(hub.requests).toEqual([]);

    const conflict = await rejection(downloadHubModel(`${HF_REPO}@main`, options(cacheDir, { revision: sha })));
    expect(conflict.code).toBe(ModerationErrorCode.ConfigInvalid);
  });

  it('rejects ids that are not owner/name', async () => {
    const error = await rejection(downloadHubModel('not-a-hub-id', options(await freshCache())));
    expect(error.code).toBe(ModerationErrorCode.ConfigInvalid);
  });
});

describe('isHubModelId', () => {
  it('accepts owner/name with an optional @revision', () => {
    expect(isHubModelId('Xenova/clip-vit-base-patch32')).toBe(true);
    expect(isHubModelId('openai/clip-vit-base-patch32@main')).toBe(true);
    expect(isHubModelId('owner/name@refs/pr/1')).toBe(true);
    expect(parseHubModelId('owner/name@refs/pr/1')).toEqual({ repoId: 'owner/name', owner: 'owner', name: 'name', revision: 'refs/pr/1' });
  });

  it('rejects paths and malformed ids', () => {
    for (const ref of ['', 'clip', './models/clip', '../clip/x', '/opt/models/clip', '~/models', 'a/b/c', 'owner/na me', 'owner/-bad', 'a--b/c', 'owner/name@', 'owner/name@../x', 'C:\\models\\clip']) {
      expect([ref, isHubModelId(ref)]).toEqual([ref, false]);
    }
  });

  it('prefers an existing local folder of the same shape', () => {
    expect(existsSync(join(process.cwd(), 'test', 'support'))).toBe(true);
    expect(isHubModelId('test/support')).toBe(false);
  });
});
