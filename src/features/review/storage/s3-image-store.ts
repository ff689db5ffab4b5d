import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { ImageStore, isSha256Hex } from './image-store';
import { S3ImageStoreOptions } from './s3-image-store-options';

/** Defaults of the waits in {@link S3ImageStoreOptions}. */
const CONNECT_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The client for an S3-compatible service. Checksums are sent and checked only where S3 requires
 * them: several S3-compatible servers refuse the newer default checksum headers.
 */
export function createS3Client(options: S3ImageStoreOptions): S3Client {
  return new S3Client({
    region: options.region ?? 'us-east-1',
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle ?? false,
    credentials: options.credentials ? { accessKeyId: options.credentials.accessKeyId, secretAccessKey: options.credentials.secretAccessKey } : undefined,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // One retry, not the SDK's three with backoff: a caller meeting an outage gets 503 soon, and queue workers wait it out.
    maxAttempts: 2,
    requestHandler: {
      connectionTimeout: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
      requestTimeout: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
  });
}

/**
 * {@link ImageStore} in an S3-compatible bucket (`MODERATION_IMAGE_STORE=s3`): the object
 * `<keyPrefix><sha256>`. A missing object is null (or false); every other failure (the service
 * unreachable, a 5xx, refused credentials, a missing bucket) is thrown with the S3 error's name and
 * HTTP status, and becomes IMAGE_STORE_UNAVAILABLE in reportingUnavailability. Credentials never
 * appear in a message.
 */
export class S3ImageStore implements ImageStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    /** `moderation/images/`: the deployment's prefix and this store's area. */
    readonly keyPrefix: string,
  ) {}

  async put(sha256: string, bytes: Uint8Array): Promise<void> {
    const Key = this.keyOf(sha256);
    // Objects are named by content: writing one again stores the same bytes, so no HEAD first.
    await this.send('put', Key, () =>
      this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key, Body: bytes, ContentLength: bytes.byteLength, ContentType: 'application/octet-stream' })),
    );
  }

  async get(sha256: string): Promise<Uint8Array | null> {
    const Key = this.keyOf(sha256);
    return this.send('get', Key, async () => {
      try {
        const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key }));
        return object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
      } catch (error) {
        if (error instanceof S3ServiceException && error.name === 'NoSuchKey') return null;
        throw error;
      }
    });
  }

  async has(sha256: string): Promise<boolean> {
    const Key = this.keyOf(sha256);
    return this.send('has', Key, async () => {
      try {
        await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key }));
        return true;
      } catch (error) {
        // A HEAD answer has no body, so S3 can only say 404.
        if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404 && error.name !== 'NoSuchBucket') return false;
        throw error;
      }
    });
  }

  async delete(sha256: string): Promise<void> {
    const Key = this.keyOf(sha256);
    // S3 answers 204 for a key that is not there, so deleting twice is fine.
    await this.send('delete', Key, () => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key })));
  }

  private keyOf(sha256: string): string {
    if (!isSha256Hex(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return `${this.keyPrefix}${sha256}`;
  }

  /** Runs one request; a failure is rethrown as one line naming the object, the S3 error and its status. */
  private async send<T>(operation: string, key: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw new Error(`S3 ${operation} of s3://${this.bucket}/${key} failed: ${describeFailure(error)}`, { cause: error });
    }
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof S3ServiceException) return `${error.name} (HTTP ${error.$metadata.httpStatusCode ?? '?'}): ${error.message}`;
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return `${code ?? error.name}: ${error.message || 'no answer'}`;
  }
  return String(error);
}
