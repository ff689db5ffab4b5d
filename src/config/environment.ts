import { Transform } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { INFERENCE_RUNTIMES, InferenceRuntime } from '../engine/inference/encoder-host';
import { MODEL_DTYPES, ModelDtype } from '../engine/model/model-dtype';
import { AUTH_MODES, AuthMode, LEASE_BOUNDS, LOG_LEVELS, LogLevelName, QUEUE_ORDERS, QUEUE_PROCESSORS_MODES, QUEUE_SPLITS, QueueOrder, QueueProcessorsMode, QueueSplit } from './choices';
import { ALLOWED_HOST_PATTERN, SAMPLE_RATES_PATTERN } from './patterns';
import { IsSourceWebhookMap, parseSourceWebhookMap } from './source-webhook-map';
import { SearchEnvironment } from './search-environment';
import { toHostList, toInteger, toList, toLowerCase, toNumber } from './transforms';

/**
 * Every variable the server, the worker, the CLI and the bench read, checked here once, so
 * operators learn one set of names (README: Configuration). Grouped by what each variable is
 * for; the operations groups (metrics and logs, rate limits, storage, hash banks, search) live in the base classes,
 * one file each, so this file stays readable.
 */
export class Environment extends SearchEnvironment {
  // The engine: model, policies, images, batching, inference and admission.

  /** A local model folder or a Hugging Face hub id. */
  @IsOptional() @IsString() @MinLength(1)
  MODERATION_MODEL?: string;

  /** Weight variant: fp32, fp16, quantized, q8, int8, uint8, q4 or bnb4. */
  @IsOptional() @IsIn(MODEL_DTYPES)
  MODERATION_MODEL_DTYPE?: ModelDtype;

  /** Hub revision (branch, tag or commit) to download. */
  @IsOptional() @IsString() @MinLength(1)
  MODERATION_MODEL_REVISION?: string;

  /** Folder of policy YAML files. */
  @IsOptional() @IsString() @MinLength(1)
  MODERATION_POLICIES?: string;

  /** Downloaded models, prompt embeddings and file digests. */
  @IsOptional() @IsString() @MinLength(1)
  MODERATION_CACHE_DIR?: string;

  /** Largest upload accepted, in bytes. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1)
  MODERATION_MAX_BYTES?: number;

  /** Largest width x height accepted, as declared by the image header. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1)
  MODERATION_MAX_PIXELS?: number;

  /** Frames of an animation that are scored (spread evenly across it). */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(256)
  MODERATION_MAX_FRAMES?: number;

  /** Longest decode of one image before it is refused. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(100)
  MODERATION_DECODE_TIMEOUT_MS?: number;

  /** Comma-separated formats accepted: jpeg, png, webp, gif, avif, heif, tiff. */
  @IsOptional() @Transform(toList) @IsIn(['jpeg', 'png', 'webp', 'gif', 'avif', 'heif', 'tiff'], { each: true })
  MODERATION_ALLOWED_FORMATS?: string[];

  /** Most images in one vision-encoder run. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(256)
  MODERATION_BATCH_SIZE?: number;

  /** Longest wait for a batch to fill. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(10000)
  MODERATION_BATCH_WAIT_MS?: number;

  /** onnxruntime threads per operator; 0 means one per CPU this process may use. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(256)
  MODERATION_THREADS?: number;

  /** Whether idle onnxruntime threads spin (on, the default) or sleep (off). */
  @IsOptional() @Transform(toLowerCase) @IsIn(['on', 'off'])
  MODERATION_SPINNING?: 'on' | 'off';

  /** Where the sessions run: worker-thread (default, keeps the event loop free) or in-thread. */
  @IsOptional() @IsIn(INFERENCE_RUNTIMES)
  MODERATION_INFERENCE_RUNTIME?: InferenceRuntime;

  /** Nice value of the inference threads on Linux (0-19): above 0, the event loop and the decoders get the CPU first. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(19)
  MODERATION_INFERENCE_NICE?: number;

  /** PDQ-hash every image (on, the default) for hash banks; off saves a few CPU-ms per image and decisions carry no hash. */
  @IsOptional() @Transform(toLowerCase) @IsIn(['on', 'off'])
  MODERATION_PDQ?: 'on' | 'off';

  /** Vision sessions, each in its own inference thread; 0 means one per CPU for quantized weights and one for fp32/fp16. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(64)
  MODERATION_INFERENCE_SESSIONS?: number;

  /** Most images the engine holds at once (decoding, waiting, in a batch); more are refused with 503 ENGINE_OVERLOADED. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(100000)
  MODERATION_MAX_QUEUE?: number;

  /** Refuse an image (503 ENGINE_OVERLOADED) that would wait longer than this for inference. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(600000)
  MODERATION_MAX_QUEUE_MS?: number;

  /** Images decoded at once; 0 means one per CPU. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(256)
  MODERATION_DECODE_CONCURRENCY?: number;

  /** Hub address, for mirrors. */
  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true })
  HF_ENDPOINT?: string;

  /** Token for gated or private hub models. */
  @IsOptional() @IsString()
  HF_TOKEN?: string;

  // Webhooks: who may be called back, and how deliveries are signed and retried.

  /**
   * Shared secret for the HMAC-SHA256 signature of every delivery. Required as soon as webhooks
   * can be sent at all (an allow-list or per-source URLs), so no delivery ever goes out unsigned.
   */
  @ValidateIf((env: Environment) => env.MODERATION_WEBHOOK_SECRET !== undefined || env.MODERATION_WEBHOOKS !== undefined || env.MODERATION_WEBHOOK_ALLOWED_HOSTS !== undefined)
  @IsDefined({ message: 'is required when MODERATION_WEBHOOKS or MODERATION_WEBHOOK_ALLOWED_HOSTS is set' })
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  MODERATION_WEBHOOK_SECRET?: string;

  /** Comma-separated hosts a per-request `callbackUrl` may point at (`hooks.example.com`, `*.example.org`, `10.0.0.5:8080`). */
  @IsOptional() @Transform(toHostList) @Matches(ALLOWED_HOST_PATTERN, { each: true, message: 'must list hosts like hooks.example.com, *.example.org or 10.0.0.5:8080' })
  MODERATION_WEBHOOK_ALLOWED_HOSTS?: string[];

  /** JSON object from `source` to a callback URL, e.g. `{"profile-photo":"https://hooks.example.com/moderation"}`. */
  @IsOptional() @Transform(parseSourceWebhookMap) @IsSourceWebhookMap()
  MODERATION_WEBHOOKS?: Record<string, string>;

  /** Attempts per delivery, the first included. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(50)
  MODERATION_WEBHOOK_ATTEMPTS?: number;

  /** First retry delay; each later one doubles. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(3_600_000)
  MODERATION_WEBHOOK_BACKOFF_MS?: number;

  /** Longest wait for a receiver's answer. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(100) @Max(300_000)
  MODERATION_WEBHOOK_TIMEOUT_MS?: number;

  // The job queue and workers. Without REDIS_URL there is no queue: synchronous moderation works, asynchronous requests are refused.

  /** `redis://[:password@]host:6379[/db]` or `rediss://…`; unset means no queue. */
  @IsOptional() @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// or rediss:// URL (leave unset to run without a queue)' })
  REDIS_URL?: string;

  /** Prefix of every Redis key, so several deployments (or test runs) can share one Redis. Default `clip-moderation`. */
  @IsOptional() @Matches(/^[A-Za-z0-9_.{}-]{1,64}$/, { message: 'must be 1 to 64 letters, digits or _ . { } -' })
  MODERATION_QUEUE_PREFIX?: string;

  /** `inline` (default): the server also runs jobs; `off`: it only enqueues, workers run them. */
  @IsOptional() @IsIn(QUEUE_PROCESSORS_MODES)
  MODERATION_QUEUE_PROCESSORS?: QueueProcessorsMode;

  /** Jobs one process runs at once. Default: `MODERATION_BATCH_SIZE` x (vision sessions + 1), so every session has a batch and the next one fills. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(256)
  MODERATION_WORKER_CONCURRENCY?: number;

  /** Attempts per moderation job, the first included, for transient failures. Default 3. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(50)
  MODERATION_JOB_ATTEMPTS?: number;

  /** First retry delay of a moderation job; each later one doubles. Default 1000. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(3_600_000)
  MODERATION_JOB_BACKOFF_MS?: number;

  /** How long finished jobs stay queryable at `GET /v1/jobs/:id`. Default 86400 (a day). */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(60) @Max(31_536_000)
  MODERATION_JOB_RETENTION_SECONDS?: number;

  /** How long failed jobs (and their uploads) are kept for inspection and retry. Default 604800 (a week). */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(60) @Max(31_536_000)
  MODERATION_FAILED_JOB_RETENTION_SECONDS?: number;

  /** A worker's lock on a job; a job whose lock lapses (the worker died) is run again. Default 30000. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(100) @Max(3_600_000)
  MODERATION_QUEUE_LOCK_MS?: number;

  /** How often workers look for jobs whose lock lapsed. Default 30000. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(100) @Max(3_600_000)
  MODERATION_QUEUE_STALLED_INTERVAL_MS?: number;

  /** Longest wait for jobs under way when a worker stops; then they go back to the queue. Default MODERATION_SHUTDOWN_GRACE_MS. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(3_600_000)
  MODERATION_WORKER_SHUTDOWN_TIMEOUT_MS?: number;

  /** On SIGTERM or SIGINT, the longest wait for requests under way before their connections are cut. Default 25000. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(3_600_000)
  MODERATION_SHUTDOWN_GRACE_MS?: number;

  /** How deep a request body or query may nest; deeper input is refused with 400. Default 32. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(4) @Max(1000)
  MODERATION_MAX_INPUT_DEPTH?: number;

  /** How long a client may take to send its request headers. Default 10000. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1000) @Max(600_000)
  MODERATION_HEADERS_TIMEOUT_MS?: number;

  /** How long a client may take to send its whole request, the upload included. Default 60000. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1000) @Max(3_600_000)
  MODERATION_REQUEST_TIMEOUT_MS?: number;

  /** How long a job waits out a database or image-store outage (no attempt used) before failures count. Default 600000. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(86_400_000)
  MODERATION_QUEUE_OUTAGE_WINDOW_MS?: number;

  /**
   * FOR TESTS ONLY: makes every job wait this long before scoring, so a test can kill a worker in
   * the middle of a job. Never set it in production. Default 0.
   */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(600_000)
  MODERATION_TEST_ONLY_JOB_DELAY_MS?: number;

  // The server: database, storage, listening.

  /** `postgres://user@host:5432/db` for PostgreSQL; unset for the embedded SQLite file. */
  @IsOptional() @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// URL (leave unset for the embedded SQLite database)' })
  DATABASE_URL?: string;

  /** Folder for the SQLite file and held uploads. Default `./data`. */
  @IsOptional() @IsString() @MinLength(1)
  MODERATION_DATA_DIR?: string;

  /** Port to listen on. Default 3000. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(65535)
  PORT?: number;

  /** Address to listen on. Default 0.0.0.0. */
  @IsOptional() @IsString() @MinLength(1)
  HOST?: string;

  /** Log verbosity. Default `log`. */
  @IsOptional() @IsIn(LOG_LEVELS)
  LOG_LEVEL?: LogLevelName;

  /** Comma-separated origins allowed to call the API from browsers; unset means no CORS headers. */
  @IsOptional() @Matches(/^\s*https?:\/\/[^,\s]+(\s*,\s*https?:\/\/[^,\s]+)*\s*$/, { message: 'must be a comma-separated list of http(s) origins' })
  MODERATION_CORS_ORIGINS?: string;

  // Review queue, API keys and image retention.

  /** `enabled` (default): every route needs an API key. `disabled`: local development only. */
  @IsOptional() @IsIn(AUTH_MODES)
  MODERATION_AUTH?: AuthMode;

  /** Share of allow and block decisions sampled for quality review, 0 to 1. Default 0.01. */
  @IsOptional() @Transform(toNumber) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1)
  MODERATION_REVIEW_SAMPLE_RATE?: number;

  /** Per-policy sample rates, e.g. `default=0.01,marketplace=0.05`. */
  @IsOptional() @Matches(SAMPLE_RATES_PATTERN, { message: 'must be policy=rate pairs separated by commas, rates from 0 to 1 (e.g. default=0.01,marketplace=0.05)' })
  MODERATION_REVIEW_SAMPLE_RATES?: string;

  /** Review queues: `single` (default), one per `policy`, or one per policy and `category`. */
  @IsOptional() @IsIn(QUEUE_SPLITS)
  MODERATION_REVIEW_QUEUES?: QueueSplit;

  /** Serving order of queues not configured through the API: `priority` (default) or `oldest`. */
  @IsOptional() @IsIn(QUEUE_ORDERS)
  MODERATION_REVIEW_ORDER?: QueueOrder;

  /** Lease of a claimed review item, in seconds. Default 300. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(LEASE_BOUNDS.min) @Max(LEASE_BOUNDS.max)
  MODERATION_REVIEW_LEASE_SECONDS?: number;

  /** Days image bytes are kept after their last review. Default 30. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(36500)
  MODERATION_IMAGE_RETENTION_DAYS?: number;

  /** Minutes between purges of expired image bytes; 0 turns the timer off. Default 60. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(10080)
  MODERATION_IMAGE_PURGE_INTERVAL_MINUTES?: number;

  // Policy versions.

  /** Seconds between reads of which policy version is active or in shadow (promotions by other processes); 0: only at start. Default 10. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(3600)
  MODERATION_POLICY_REFRESH_SECONDS?: number;
}
