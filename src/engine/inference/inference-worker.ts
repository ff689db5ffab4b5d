import { setPriority } from 'node:os';
import { MessagePort, parentPort, workerData } from 'node:worker_threads';
import { isModerationError } from '../errors/moderation-error';
import { ClipTextEncoder } from '../model/clip-text-encoder';
import { ClipVisionEncoder } from '../model/clip-vision-encoder';
import { EmbeddingMatrix } from '../model/encoders';
import { EncodedRows, InferenceReply, InferenceRequest, InferenceThreadData, OpenedTower, SerializedError, Tower } from './inference-messages';

/**
 * The inference thread: it owns the onnxruntime sessions, whose `run()` is synchronous, so a batch
 * blocks this thread and never the event loop that answers requests. One request runs at a time;
 * the owning thread sends the next batch when the last one is back.
 */

const KINDS = new Set<string>(['open', 'encode-images', 'encode-prompts', 'release', 'shutdown']);
const port: MessagePort = parentPort ?? notAWorker();
const settings = workerData as InferenceThreadData;
lowerPriority(settings.nice);

let vision: ClipVisionEncoder | undefined;
let text: ClipTextEncoder | undefined;
/** Requests run strictly in arrival order: a reopened session is ready before the batch sent after it. */
let queue: Promise<void> = Promise.resolve();

port.on('message', (request: InferenceRequest) => {
  // A request this side does not understand means the two sides disagree: the thread dies (and is
  // replaced, its callers told) rather than guessing.
  if (!KINDS.has((request as { kind?: unknown }).kind as string)) throw new TypeError(`Unknown inference request ${JSON.stringify(request)}`);
  queue = queue.then(() =>
    handle(request).then(
      ({ result, transfer }) => port.postMessage({ id: request.id, ok: true, result } satisfies InferenceReply, transfer),
      (error: unknown) => port.postMessage({ id: request.id, ok: false, error: serializeError(error) } satisfies InferenceReply),
    ),
  );
});

async function handle(request: InferenceRequest): Promise<{ result: OpenedTower | EncodedRows | null; transfer: ArrayBuffer[] }> {
  switch (request.kind) {
    case 'open':
      return { result: await open(request.tower, request.path), transfer: [] };
    case 'encode-images':
      return transferable(await opened(vision, 'vision').encode(request.pixels, request.count, request.height, request.width));
    case 'encode-prompts':
      return transferable(await opened(text, 'text').encode(request));
    case 'release':
      await release(request.tower);
      return { result: null, transfer: [] };
    case 'shutdown':
      await Promise.all([release('vision'), release('text')]);
      // Nothing else keeps this thread alive: it ends once the reply is out.
      setImmediate(() => port.close());
      return { result: null, transfer: [] };
  }
}

async function open(tower: Tower, path: string): Promise<OpenedTower> {
  await release(tower);
  if (tower === 'vision') {
    vision = await ClipVisionEncoder.open(path, settings.tuning);
    return { fixedSize: vision.imageSize };
  }
  text = await ClipTextEncoder.open(path, settings.tuning);
  return { fixedSize: text.contextLength };
}

async function release(tower: Tower): Promise<void> {
  const encoder = tower === 'vision' ? vision : text;
  if (tower === 'vision') vision = undefined;
  else text = undefined;
  await encoder?.close();
}

function opened<T>(encoder: T | undefined, tower: Tower): T {
  if (!encoder) throw new Error(`The ${tower} session is not open in the inference thread`);
  return encoder;
}

/** The rows in a buffer of their own, so it can be moved (not copied) to the owning thread. */
function transferable(matrix: EmbeddingMatrix): { result: EncodedRows; transfer: ArrayBuffer[] } {
  const whole = matrix.data.byteOffset === 0 && matrix.data.byteLength === matrix.data.buffer.byteLength && matrix.data.buffer instanceof ArrayBuffer;
  const data = whole ? matrix.data : matrix.data.slice();
  return { result: { data, rows: matrix.rows, dim: matrix.dim }, transfer: [data.buffer as ArrayBuffer] };
}

function notAWorker(): never {
  throw new Error('inference-worker runs only as a worker thread');
}

function serializeError(error: unknown): SerializedError {
  if (isModerationError(error)) return { code: error.code, message: error.message, details: error.details };
  return { message: error instanceof Error ? error.message : String(error) };
}

/**
 * Linux applies a nice value to the calling thread alone, and threads started later inherit it.
 * Elsewhere it would change the whole process, so the thread keeps the default priority there.
 */
function lowerPriority(nice: number): void {
  if (nice <= 0 || process.platform !== 'linux') return;
  try {
    setPriority(nice);
  } catch {
    // Not allowed in this sandbox: inference simply competes at the default priority.
  }
}
