import { AppErrorCode } from '../../../src/shared/errors/app-error-code';
import { isDependencyOutage } from '../../../src/features/jobs/queue/dependency-outage';
import { resolveImageStorage } from '../../../src/features/review/storage/resolve-image-storage';

const SHA = 'ab'.repeat(32);

describe('an image store that fails', () => {
  it('reports IMAGE_STORE_UNAVAILABLE with the cause, which queue workers wait out', async () => {
    const failing = {
      put: async () => {
        throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      },
      get: async () => null,
      has: async () => false,
      delete: async () => undefined,
    };
    const { store } = resolveImageStorage({ store: failing });
    const error = await store.put(SHA, new Uint8Array([1])).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: AppErrorCode.ImageStoreUnavailable, details: { operation: 'put' } });
    expect((error as Error).message).toContain('no space left on device');
    expect((error as Error & { cause: unknown }).cause).toMatchObject({ code: 'ENOSPC' });
    expect(isDependencyOutage(error)).toBe(true);
    // What the store answers normally passes through.
    expect(await store.get(SHA)).toBeNull();
  });
});
