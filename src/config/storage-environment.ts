import { Transform } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, IsString, IsUrl, Matches, MinLength, ValidateIf } from 'class-validator';
import { RateLimitEnvironment } from './rate-limit-environment';
import { toLowerCase } from './transforms';

/** Where review images are kept: the local folder, the decision database, or an S3-compatible bucket. */
export const IMAGE_STORE_KINDS = ['local', 'database', 's3'] as const;

/** One of {@link IMAGE_STORE_KINDS}. */
export type ImageStoreKind = (typeof IMAGE_STORE_KINDS)[number];

/** Where the bytes of asynchronous uploads wait for their job: in Redis, or in the image store. */
export const UPLOAD_STORE_KINDS = ['redis', 'images'] as const;

/** One of {@link UPLOAD_STORE_KINDS}. */
export type UploadStoreKind = (typeof UPLOAD_STORE_KINDS)[number];

/** `folder/`, `a/b` or empty: key prefixes S3 accepts everywhere, with no `..` or leading slash. */
const S3_PREFIX_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*\/?$/;

/** Variables of where review images and async uploads are kept (README: Configuration), checked with the rest of {@link Environment}. */
export class StorageEnvironment extends RateLimitEnvironment {
  /** `local` (default): `<data>/images` on this machine; `database`: the decision database; `s3`: an S3-compatible bucket. */
  @IsOptional() @Transform(toLowerCase) @IsIn(IMAGE_STORE_KINDS)
  MODERATION_IMAGE_STORE?: ImageStoreKind;

  /** Address of an S3-compatible service (MinIO, Ceph, R2, …); unset means AWS S3 of the region. */
  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  MODERATION_S3_ENDPOINT?: string;

  /** The bucket; required when `MODERATION_IMAGE_STORE=s3`. */
  @ValidateIf((env: StorageEnvironment) => env.MODERATION_IMAGE_STORE === 's3' || env.MODERATION_S3_BUCKET !== undefined)
  @IsDefined({ message: 'is required when MODERATION_IMAGE_STORE=s3' })
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'must be a bucket name: 3 to 63 lowercase letters, digits, dots or hyphens' })
  MODERATION_S3_BUCKET?: string;

  /** Region to sign requests for. Default `us-east-1` (what most S3-compatible servers expect). */
  @IsOptional() @IsString() @MinLength(1)
  MODERATION_S3_REGION?: string;

  /** Access key id; with the secret below. Unset (both): the SDK's default chain (environment, profile, instance role). */
  @ValidateIf((env: StorageEnvironment) => env.MODERATION_S3_SECRET_ACCESS_KEY !== undefined || env.MODERATION_S3_ACCESS_KEY_ID !== undefined)
  @IsDefined({ message: 'is required when MODERATION_S3_SECRET_ACCESS_KEY is set' })
  @IsString()
  @MinLength(1)
  MODERATION_S3_ACCESS_KEY_ID?: string;

  /** Secret access key; never logged. */
  @ValidateIf((env: StorageEnvironment) => env.MODERATION_S3_ACCESS_KEY_ID !== undefined || env.MODERATION_S3_SECRET_ACCESS_KEY !== undefined)
  @IsDefined({ message: 'is required when MODERATION_S3_ACCESS_KEY_ID is set' })
  @IsString()
  @MinLength(1)
  MODERATION_S3_SECRET_ACCESS_KEY?: string;

  /** `true`: `<endpoint>/<bucket>/<key>` addresses (most self-hosted servers); `false` (default): `<bucket>.<endpoint>`. */
  @IsOptional() @Transform(toLowerCase) @IsIn(['true', 'false'])
  MODERATION_S3_FORCE_PATH_STYLE?: 'true' | 'false';

  /** Prefix of every key this deployment writes, e.g. `moderation/`, so a bucket can be shared. */
  @IsOptional() @Matches(S3_PREFIX_PATTERN, { message: 'must be a key prefix like moderation/ or team/moderation (letters, digits, _ . - and /, no leading slash)' })
  MODERATION_S3_PREFIX?: string;

  /** `redis` (default): async uploads wait in Redis memory; `images`: in the image store, so Redis stays small. */
  @IsOptional() @Transform(toLowerCase) @IsIn(UPLOAD_STORE_KINDS)
  MODERATION_UPLOAD_STORE?: UploadStoreKind;
}
