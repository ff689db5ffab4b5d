import { ScrapeRead } from '../../../src/core/metrics/scrape-read';

describe('a value read at scrape time', () => {
  it('reuses a value younger than the period and reads again after it', async () => {
    let now = 1_000;
    let reads = 0;
    const read = new ScrapeRead(async () => ++reads, { ttlMs: 5000, timeoutMs: 1000 }, () => now);
    expect(await read.get()).toBe(1);
    now += 4999;
    expect(await read.get()).toBe(1);
    now += 1;
    expect(await read.get()).toBe(2);
    expect(reads).toBe(2);
  });

  it('gives up on a read that does not answer in time, and joins it instead of starting another', async () => {
    let reads = 0;
    let answer: (value: string) => void = () => undefined;
    const read = new ScrapeRead(() => {
      reads++;
      return new Promise<string>((resolve) => {
        answer = resolve;
      });
    }, { ttlMs: 5000, timeoutMs: 50 });
    const started = Date.now();
    expect(await read.get()).toBeNull();
    expect(await read.get()).toBeNull();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(reads).toBe(1);
    answer('late');
    await new Promise((resolve) => setImmediate(resolve));
    // The late answer is kept for the next scrapes.
    expect(await read.get()).toBe('late');
    expect(reads).toBe(1);
  });

  it('starts a new read once one has hung for ten timeouts, and ignores the hung one if it answers late', async () => {
    let now = 0;
    const answers: Array<(value: string) => void> = [];
    const read = new ScrapeRead(() => new Promise<string>((resolve) => answers.push(resolve)), { ttlMs: 1000, timeoutMs: 20 }, () => now);
    expect(await read.get()).toBeNull();
    now += 200;
    expect(await read.get()).toBeNull();
    expect(answers).toHaveLength(1);
    now += 1;
    expect(await read.get()).toBeNull();
    expect(answers).toHaveLength(2);
    answers[1]!('fresh');
    answers[0]!('stale');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await read.get()).toBe('fresh');
  });

  it('answers null for a failed read, and tries again only after the period', async () => {
    let now = 0;
    let reads = 0;
    const read = new ScrapeRead(
      async () => {
        reads++;
        if (reads === 1) throw new Error('Redis is down');
        return 'back';
      },
      { ttlMs: 2000, timeoutMs: 1000 },
      () => now,
    );
    expect(await read.get()).toBeNull();
    expect(await read.get()).toBeNull();
    now += 2000;
    expect(await read.get()).toBe('back');
    expect(reads).toBe(2);
  });
});
