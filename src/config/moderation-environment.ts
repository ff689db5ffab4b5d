import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';
import { INFERENCE_RUNTIMES, InferenceRuntime } from '../engine/inference/encoder-host';
import { MODEL_DTYPES, ModelDtype } from '../engine/model/model-dtype';

const toInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const toLowerCase = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.split(',').map((item) => item.trim().toLowerCase()).filter(Boolean) : value;

/**
 * The configuration vocabulary shared by the server, the worker, the CLI and the bench: every
 * variable is read and checked here, once, so operators learn one set of names.
 */
export class ModerationEnvironment {
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

  /** Nice value of the inference thread on Linux (0-19): above 0, the event loop and the decoders get the CPU first. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(19)
  MODERATION_INFERENCE_NICE?: number;

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
}
