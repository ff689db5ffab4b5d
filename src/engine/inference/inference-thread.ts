import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ModerationError } from '../errors/moderation-error';
import { ModerationErrorCode } from '../errors/moderation-error-code';
import { EmbeddingMatrix } from '../model/encoders';
import { TokenizedBatch } from '../tokenizer/clip-tokenizer';
import { EncodedRows, InferenceReply, InferenceRequest, InferenceThreadData, OpenedTower, SerializedError, Tower } from './inference-messages';

/** A request before it is given its id. */
type RequestBody = InferenceRequest extends infer R ? (R extends InferenceRequest ? Omit<R, 'id'> : never) : never;

interface PendingReply {
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The owning side of the inference thread. Written here rather than taken from a worker-pool
 * library because what pools add is wrong for this job: the sessions hold hundreds of MB and must
 * stay in one long-lived thread, and terminating a thread while onnxruntime runs aborts the whole
 * process (measured with onnxruntime-node 1.30), so a pool's "abort by terminating the worker" and
 * idle recycling must never happen. What is needed is a request/reply channel to one thread that
 * is replaced, its sessions reopened, when it dies.
 */
export class InferenceThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, PendingReply>();
  private readonly idleWaiters: (() => void)[] = [];
  /** Sessions a replacement thread must reopen. */
  private readonly towers = new Map<Tower, string>();
  private nextId = 1;
  private closing: Promise<void> | undefined;
  private restartCount = 0;
  /** Off after a replacement failed to reopen its sessions: the next request tries again instead. */
  private replaceEagerly = true;

  constructor(
    private readonly data: InferenceThreadData,
    private readonly log: (message: string) => void,
  ) {}

  /** Requests sent to the thread and not answered yet. */
  get busy(): number {
    return this.pending.size;
  }

  /** Times the thread died and was replaced. */
  get restarts(): number {
    return this.restartCount;
  }

  /** Opens a tower's session in the thread; reports the size its graph fixes. */
  async open(tower: Tower, path: string): Promise<OpenedTower> {
    const opened = await this.call<OpenedTower>({ kind: 'open', tower, path });
    this.towers.set(tower, path);
    return opened;
  }

  /** Frees a tower's session. */
  async release(tower: Tower): Promise<void> {
    this.towers.delete(tower);
    if (this.worker && !this.closing) await this.call({ kind: 'release', tower });
  }

  /** Encodes a packed batch of CHW images; `pixels` is moved to the thread and unusable here afterwards. */
  encodeImages(pixels: Float32Array, count: number, height: number, width: number): Promise<EmbeddingMatrix> {
    return this.call<EncodedRows>({ kind: 'encode-images', pixels, count, height, width }, movable(pixels));
  }

  /** Encodes tokenised prompts. */
  encodePrompts(batch: TokenizedBatch): Promise<EmbeddingMatrix> {
    const { ids, attentionMask, rows, contextLength } = batch;
    return this.call<EncodedRows>({ kind: 'encode-prompts', ids, attentionMask, rows, contextLength });
  }

  /** Waits for the requests already sent, frees the sessions and ends the thread. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.towers.clear();
    if (this.pending.size > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    await this.post(worker, { kind: 'shutdown' }).catch(() => undefined);
    // Only reached when the thread ignores the shutdown. Nothing runs in it by now, so ending it is safe.
    const stuck = setTimeout(() => void worker.terminate(), 10_000);
    await exited;
    clearTimeout(stuck);
  }

  private call<T>(body: RequestBody, transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.closing) return Promise.reject(new ModerationError(ModerationErrorCode.EngineClosed, 'The moderation engine is closed.'));
    return this.post<T>(this.worker ?? this.replace(), body, transfer);
  }

  private post<T>(worker: Worker, body: RequestBody, transfer: ArrayBuffer[] = []): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      // Only a thread with work in hand keeps the process alive: an engine nobody closed does not
      // hold a CLI open, and the process never exits in the middle of a run.
      worker.ref();
      worker.postMessage({ ...body, id } as InferenceRequest, transfer);
    });
  }

  /** Starts a thread and queues the reopening of every session; the thread runs requests in order. */
  private replace(): Worker {
    const worker = spawnInferenceWorker(this.data);
    this.worker = worker;
    worker.unref();
    worker.on('message', (reply: InferenceReply) => this.settle(reply));
    worker.on('error', (error) => this.log(`inference thread failed: ${error.stack ?? error.message}`));
    worker.on('exit', (exitCode) => this.onExit(worker, exitCode));
    for (const [tower, path] of this.towers) {
      this.post(worker, { kind: 'open', tower, path }).then(
        () => {
          this.replaceEagerly = true;
        },
        (error: unknown) => {
          this.replaceEagerly = false;
          this.log(`inference thread could not reopen the ${tower} session (${error instanceof Error ? error.message : String(error)}); the next request tries a new thread`);
          if (this.worker === worker) void this.post(worker, { kind: 'shutdown' }).catch(() => undefined);
        },
      );
    }
    return worker;
  }

  private settle(reply: InferenceReply): void {
    const entry = this.pending.get(reply.id);
    if (!entry) return;
    this.pending.delete(reply.id);
    if (reply.ok) entry.resolve(reply.result);
    else entry.reject(deserializeError(reply.error));
    this.afterSettle();
  }

  private afterSettle(): void {
    if (this.pending.size > 0) return;
    this.worker?.unref();
    for (const wake of this.idleWaiters.splice(0)) wake();
  }

  private onExit(worker: Worker, exitCode: number): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    const failure = new ModerationError(
      ModerationErrorCode.InferenceFailed,
      `The inference thread stopped (exit code ${exitCode}) while holding this request; it is being replaced, and the request can be retried.`,
      { exitCode },
    );
    for (const entry of waiting) entry.reject(failure);
    this.afterSettle();
    if (this.closing) return;
    this.restartCount++;
    this.log(`inference thread exited with code ${exitCode}; ${waiting.length} request(s) failed; ${this.replaceEagerly ? 'starting a new one' : 'a new one starts with the next request'}`);
    // Replaced now, so the sessions load before the next request needs them.
    if (this.replaceEagerly && this.towers.size > 0) this.replace();
  }
}

/**
 * Starts the thread from the compiled `.js` entry, or from the `.ts` source through the SWC hook
 * that the development scripts and the tests use.
 */
function spawnInferenceWorker(data: InferenceThreadData): Worker {
  const extension = extname(__filename);
  const entry = join(__dirname, `inference-worker${extension}`);
  const execArgv = extension === '.ts' ? ['--require', require.resolve('@swc-node/register')] : [];
  return new Worker(entry, { workerData: data, execArgv });
}

/** The buffer behind `array`, when moving it moves nothing else. */
function movable(array: Float32Array): ArrayBuffer[] {
  return array.buffer instanceof ArrayBuffer && array.byteOffset === 0 && array.byteLength === array.buffer.byteLength ? [array.buffer] : [];
}

function deserializeError(error: SerializedError): ModerationError {
  if (error.code && (Object.values(ModerationErrorCode) as string[]).includes(error.code)) {
    return new ModerationError(error.code as ModerationErrorCode, error.message, error.details ?? {});
  }
  return new ModerationError(ModerationErrorCode.InferenceFailed, `Inference failed: ${error.message}`, {});
}
