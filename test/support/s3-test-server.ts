import { DeleteObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { join } from 'node:path';
import { AppProcess } from './app-process';
import { freePort } from './free-port';
import { REPO_ROOT } from './paths';
import { tempDir } from './temp-dir';

/** The credentials s3rver accepts (any other key is refused with 403). */
export const S3RVER_CREDENTIALS = Object.freeze({ accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });

/**
 * A real S3-compatible server (the s3rver package) in a process of the test's own, on 127.0.0.1 and
 * a port of its own, with one bucket. The test may stop it (an outage) and start it again on the
 * same port with the same objects (they are files in its folder).
 */
export class S3TestServer {
  private process: AppProcess | undefined;
  private readonly inspector: S3Client;

  private constructor(
    readonly port: number,
    readonly bucket: string,
    private readonly directory: string,
  ) {
    this.inspector = new S3Client({
      endpoint: this.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { ...S3RVER_CREDENTIALS },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  static async start(bucket = 'moderation-images'): Promise<S3TestServer> {
    const server = new S3TestServer(await freePort(), bucket, tempDir('s3rver'));
    await server.resume();
    return server;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The variables that point the product at this server. */
  env(prefix = ''): NodeJS.ProcessEnv {
    return {
      MODERATION_IMAGE_STORE: 's3',
      MODERATION_S3_ENDPOINT: this.endpoint,
      MODERATION_S3_BUCKET: this.bucket,
      MODERATION_S3_REGION: 'us-east-1',
      MODERATION_S3_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      MODERATION_S3_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      MODERATION_S3_FORCE_PATH_STYLE: 'true',
      ...(prefix ? { MODERATION_S3_PREFIX: prefix } : {}),
    };
  }

  /** Starts the server (again, after {@link stop}, with the objects it had). */
  async resume(): Promise<void> {
    const cli = join(REPO_ROOT, 'node_modules', 's3rver', 'bin', 's3rver.js');
    const args = [cli, '--directory', this.directory, '--address', '127.0.0.1', '--port', String(this.port), '--configure-bucket', this.bucket, '--no-vhost-buckets'];
    this.process = await AppProcess.start(process.execPath, args, {}, /S3rver listening on/, 20_000);
  }

  /** Kills the server at once: requests to it are refused from now on. */
  async stop(): Promise<void> {
    const running = this.process;
    this.process = undefined;
    await running?.stop('SIGKILL');
  }

  /** The keys under `prefix`, sorted. */
  async keys(prefix = ''): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.inspector.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  /** Deletes every object under `prefix`. */
  async clear(prefix = ''): Promise<void> {
    for (const Key of await this.keys(prefix)) await this.inspector.send(new DeleteObjectCommand({ Bucket: this.bucket, Key }));
  }

  /** Stops the server and closes the inspecting client. */
  async remove(): Promise<void> {
    await this.stop();
    this.inspector.destroy();
  }
}
