import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Keeps the bytes of uploads that wait for review, named by their sha256 so the same image is
 * stored once. A storage interface rather than a folder so that object storage can replace it.
 */
export interface HeldUploadStore {
  /** Stores the bytes under their hash; storing the same content twice is a no-op. */
  hold(sha256: string, bytes: Uint8Array): Promise<void>;
  /** Whether bytes with this hash are held. */
  has(sha256: string): Promise<boolean>;
}

/** {@link HeldUploadStore} on the local disk: `<dir>/<first two hex>/<sha256>`. */
export class LocalHeldUploadStore implements HeldUploadStore {
  constructor(private readonly dir: string) {}

  async hold(sha256: string, bytes: Uint8Array): Promise<void> {
    const path = this.pathOf(sha256);
    if (await this.has(sha256)) return;
    await mkdir(join(path, '..'), { recursive: true });
    // Written aside and renamed, so a reader never sees half an image.
    const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  }

  async has(sha256: string): Promise<boolean> {
    return stat(this.pathOf(sha256)).then(
      () => true,
      () => false,
    );
  }

  private pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(this.dir, sha256.slice(0, 2), sha256);
  }
}
