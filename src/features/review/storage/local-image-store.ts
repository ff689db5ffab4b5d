import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ImageStore, isSha256Hex } from './image-store';

/**
 * {@link ImageStore} on the local disk: `<dir>/<first two hex digits>/<sha256>`, so no folder grows
 * past a few thousand entries.
 */
export class LocalImageStore implements ImageStore {
  constructor(
    /** The store's root folder. */
    readonly dir: string,
  ) {}

  async put(sha256: string, bytes: Uint8Array): Promise<void> {
    const path = this.pathOf(sha256);
    if (await this.has(sha256)) return;
    await mkdir(join(path, '..'), { recursive: true });
    // Written aside and renamed, so a reader never sees half an image.
    const temporary = `${path}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  }

  async get(sha256: string): Promise<Uint8Array | null> {
    try {
      return await readFile(this.pathOf(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async has(sha256: string): Promise<boolean> {
    return stat(this.pathOf(sha256)).then(
      () => true,
      () => false,
    );
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  /** Refuses anything but a sha256, so a caller's string can never name a path outside the store. */
  private pathOf(sha256: string): string {
    if (!isSha256Hex(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(this.dir, sha256.slice(0, 2), sha256);
  }
}
