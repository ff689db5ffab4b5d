import { DecodeSlots } from '../../src/engine/admission/decode-slots';
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

  it('with two batches in flight, hands a full batch over while one runs, but never a partial one, and times each run on its own', async () => {
    const handed: number[][] = [];
    const gates: (() => void)[] = [];
    // A runner that works through batches one after another, like the inference thread; each run ends when its gate opens.
    let previous: Promise<void> = Promise.resolve();
    const batcher = new MicroBatcher<number, number>({ maxBatchSize: 2, maxWaitMs: 20, maxBatchesInFlight: 2 }, async (inputs) => {
      handed.push([...inputs]);
      const gate = new Promise<void>((resolve) => gates.push(resolve));
      const turn = previous.then(() => gate);
      previous = turn;
      await turn;
      return inputs;
    });
    const first = [batcher.submit(1), batcher.submit(2)];
    await sleep(5);
    const second = [batcher.submit(3), batcher.submit(4)];
    const partial = batcher.submit(5);
    await sleep(40);
    // The full second batch is already at the runner; the partial third waits until nothing is in flight.
    expect(handed).toEqual([[1, 2], [3, 4]]);
    gates[0]!();
    await Promise.all(first);
    const firstDone = performance.now();
    await sleep(40);
    expect(handed).toEqual([[1, 2], [3, 4]]);
    await sleep(30);
    gates[1]!();
    const secondReceipts = await Promise.all(second);
    // The second batch waited behind the first: its run counts from when the first came back, not from its hand-over.
    expect(secondReceipts[0]!.runMs).toBeGreaterThanOrEqual(60);
    expect(secondReceipts[0]!.runMs).toBeLessThanOrEqual(performance.now() - firstDone + 2);
    await sleep(40);
    expect(handed).toEqual([[1, 2], [3, 4], [5]]);
    gates[2]!();
    await expect(partial).resolves.toMatchObject({ output: 5, batchSize: 1 });
  });

  it('with two runs side by side, hands two full batches over at once and times a third from when a run frees', async () => {
    const handed: number[][] = [];
    const gates = new Map<number, () => void>();
    const batcher = new MicroBatcher<number, number>({ maxBatchSize: 2, maxWaitMs: 20, maxBatchesInFlight: 3, parallelRuns: 2 }, async (inputs) => {
      handed.push([...inputs]);
      await new Promise<void>((resolve) => gates.set(inputs[0]!, resolve));
      return inputs;
    });
    const first = [batcher.submit(1), batcher.submit(2)];
    const second = [batcher.submit(3), batcher.submit(4)];
    const third = [batcher.submit(5), batcher.submit(6)];
    const handedAt = performance.now();
    await sleep(30);
    expect(handed).toEqual([[1, 2], [3, 4], [5, 6]]);
    await sleep(30);
    gates.get(3)!();
    const secondReceipts = await Promise.all(second);
    const secondDone = performance.now();
    // Ran from its hand-over: a run was free.
    expect(secondReceipts[0]!.runMs).toBeGreaterThanOrEqual(55);
    expect(secondReceipts[0]!.queueMs).toBeLessThan(15);
    await sleep(40);
    gates.get(5)!();
    const thirdReceipts = await Promise.all(third);
    // Waited for a run until the second batch came back, and ran from then.
    expect(thirdReceipts[0]!.queueMs).toBeGreaterThanOrEqual(secondDone - handedAt - 5);
    expect(thirdReceipts[0]!.runMs).toBeGreaterThanOrEqual(35);
    expect(thirdReceipts[0]!.runMs).toBeLessThan(performance.now() - handedAt - 50);
    gates.get(1)!();
    await expect(Promise.all(first)).resolves.toHaveLength(2);
  });

  it('takes an aborted input out of the queue before its batch runs, and runs the rest', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number, number>({ maxBatchSize: 4, maxWaitMs: 50 }, async (inputs) => {
      batches.push([...inputs]);
      return inputs;
    });
    const controller = new AbortController();
    const dropped = batcher.submit(1, controller.signal);
    const kept = batcher.submit(2);
    controller.abort();
    await expect(dropped).rejects.toMatchObject({ code: 'REQUEST_ABORTED' });
    await expect(kept).resolves.toMatchObject({ output: 2, batchSize: 1 });
    expect(batches).toEqual([[2]]);
    await expect(batcher.submit(3, AbortSignal.abort())).rejects.toMatchObject({ code: 'REQUEST_ABORTED' });
  });

  it('keeps an input whose caller aborts once its batch has started', async () => {
    const controller = new AbortController();
    const batcher = new MicroBatcher<number, number>({ maxBatchSize: 1, maxWaitMs: 0 }, async (inputs) => {
      controller.abort();
      await sleep(5);
      return inputs;
    });
    await expect(batcher.submit(4, controller.signal)).resolves.toMatchObject({ output: 4 });
  });
});

describe('DecodeSlots', () => {
  it('grants as many slots as it has, in order, and hands a freed slot to the next waiter', async () => {
    const slots = new DecodeSlots(2);
    const order: string[] = [];
    const first = await slots.acquire();
    const second = await slots.acquire();
    const third = slots.acquire().then((release) => {
      order.push('third');
      return release;
    });
    const fourth = slots.acquire().then((release) => {
      order.push('fourth');
      return release;
    });
    await sleep(5);
    expect(order).toEqual([]);
    expect(slots.queued).toBe(2);
    first();
    first();
    (await third)();
    second();
    (await fourth)();
    expect(order).toEqual(['third', 'fourth']);
    expect(slots.queued).toBe(0);
  });

  it('drops a waiter whose caller aborts, and never grants it the slot', async () => {
    const slots = new DecodeSlots(1);
    const held = await slots.acquire();
    const controller = new AbortController();
    const aborted = slots.acquire(controller.signal);
    const next = slots.acquire();
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'REQUEST_ABORTED' });
    held();
    const release = await next;
    expect(slots.queued).toBe(0);
    release();
    await expect(slots.acquire(AbortSignal.abort())).rejects.toMatchObject({ code: 'REQUEST_ABORTED' });
  });
});
