import { MicroBatcher } from '../../src/engine/batching/micro-batcher';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('MicroBatcher', () => {
  it('runs up to maxBatchSize inputs together and one batch at a time', async () => {
    const batches: number[][] = [];
    let running = 0;
    let overlapped = false;
    const batcher = new MicroBatcher<number, number>({ maxBatchSize: 4, maxWaitMs: 5 }, async (inputs) => {
      running++;
      overlapped ||= running > 1;
      batches.push([...inputs]);
      await sleep(10);
      running--;
      return inputs.map((input) => input * 2);
    });
    const receipts = await Promise.all(Array.from({ length: 10 }, (_, i) => batcher.submit(i)));
    expect(receipts.map((receipt) => receipt.output)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(batches.map((batch) => batch.length)).toEqual([4, 4, 2]);
    expect(overlapped).toBe(false);
    expect(receipts[0]!.batchSize).toBe(4);
  });

  it('runs a partial batch once maxWaitMs has passed', async () => {
    const batcher = new MicroBatcher<number, number>({ maxBatchSize: 8, maxWaitMs: 20 }, async (inputs) => inputs);
    const started = performance.now();
    const receipt = await batcher.submit(1);
    expect(receipt.batchSize).toBe(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(18);
    expect(receipt.queueMs).toBeGreaterThanOrEqual(18);
  });

  it('holds a partial batch while more inputs are known to be coming, up to maxHoldMs', async () => {
    let coming = 1;
    const sizes: number[] = [];
    const batcher = new MicroBatcher<number, number>(
      { maxBatchSize: 8, maxWaitMs: 5, maxHoldMs: 200 },
      async (inputs) => {
        sizes.push(inputs.length);
        return inputs;
      },
      () => coming,
    );
    const first = batcher.submit(1);
    await sleep(40);
    expect(sizes).toEqual([]);
    coming = 0;
    const second = batcher.submit(2);
    await Promise.all([first, second]);
    expect(sizes).toEqual([2]);

    coming = 3;
    const started = performance.now();
    await batcher.submit(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('rejects every input of a failed batch and keeps serving later ones', async () => {
    let fail = true;
    const batcher = new MicroBatcher<number, number>({ maxBatchSize: 2, maxWaitMs: 1 }, async (inputs) => {
      if (fail) throw new Error('model broke');
      return inputs;
    });
    const results = await Promise.allSettled([batcher.submit(1), batcher.submit(2)]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(batcher.submit(3)).resolves.toMatchObject({ output: 3 });
  });

  it('drains queued work on close and refuses new work', async () => {
    const batcher = new MicroBatcher<number, number>({ maxBatchSize: 4, maxWaitMs: 1000 }, async (inputs) => inputs);
    const pending = batcher.submit(7);
    await batcher.drain();
    await expect(pending).resolves.toMatchObject({ output: 7 });
    await expect(batcher.submit(8)).rejects.toThrow('closed');
  });
});
