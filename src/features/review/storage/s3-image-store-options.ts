/** Where an S3-compatible image store is and how to reach it (`MODERATION_S3_*`). */
export interface S3ImageStoreOptions {
  /** The bucket; it must exist. */
  readonly bucket: string;
  /** Address of an S3-compatible service (`http://127.0.0.1:9000`); unset means AWS S3 of the region. */
  readonly endpoint?: string;
  /** Region requests are signed for. Default `us-east-1`. */
  readonly region?: string;
  /** Static credentials; unset means the SDK's default chain (environment, profile, instance role). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** `<endpoint>/<bucket>/<key>` addresses instead of `<bucket>.<endpoint>/<key>`. Default false. */
  readonly forcePathStyle?: boolean;
  /** Prefix of every key written (`moderation/`), so one bucket can serve several deployments. Default none. */
  readonly prefix?: string;
  /** Longest wait for a connection to the service. Default 5000 ms. */
  readonly connectTimeoutMs?: number;
  /** Longest wait for one request's answer. Default 30000 ms. */
  readonly requestTimeoutMs?: number;
}

/** What {@link S3ImageStoreOptions} says, for logs: never the credentials. */
export function describeS3Store(options: S3ImageStoreOptions): string {
  const where = options.endpoint ?? `AWS S3 (${options.region ?? 'us-east-1'})`;
  const credentials = options.credentials ? `access key ${options.credentials.accessKeyId}` : "the SDK's default credentials";
  return `bucket ${options.bucket}${options.prefix ? `, keys under ${options.prefix}` : ''}, at ${where}${options.forcePathStyle ? ' (path-style)' : ''}, with ${credentials}`;
}
