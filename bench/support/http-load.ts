import { Agent, request } from 'node:http';
import { quantile } from '../latency-stats';

/** What a closed-loop client saw, split by status so refusals and answers are timed apart. */
export interface StatusLatencies {
  readonly byStatus: Readonly<Record<string, { readonly count: number; readonly p50: number; readonly p99: number }>>;
  readonly errors: number;
  readonly seconds: number;
}

/** How a closed-loop client treats a 503 with `Retry-After`. */
export type RefusalHandling = 'resend-at-once' | 'honour-retry-after';

/**
 * `connections` keep-alive connections, each sending the next request as soon as the last one is
 * answered, for `seconds`. autocannon reports one latency histogram for every status together;
 * this keeps one per status, to time the 503s of an overloaded server on their own. With
 * 'honour-retry-after', a refused client waits as long as the server asked (as the SDK does)
 * before it sends again; with 'resend-at-once' it is a retry storm.
 */
export async function closedLoopLoad(
  url: string,
  bodies: readonly Buffer[],
  connections: number,
  seconds: number,
  refusals: RefusalHandling = 'resend-at-once',
  contentType = 'image/jpeg',
): Promise<StatusLatencies> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const samples = new Map<string, number[]>();
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const body = bodies[next++ % bodies.length]!;
        const t0 = performance.now();
        const answer = await send(url, body, contentType, agent).catch(() => undefined);
        if (answer === undefined) {
          errors++;
          continue;
        }
        const list = samples.get(String(answer.status)) ?? [];
        list.push(performance.now() - t0);
        samples.set(String(answer.status), list);
        if (refusals === 'honour-retry-after' && answer.status === 503 && answer.retryAfterSeconds > 0) {
          await new Promise((resolve) => setTimeout(resolve, Math.min(answer.retryAfterSeconds * 1000, Math.max(0, deadline - performance.now()))));
        }
      }
    }),
  );
  agent.destroy();
  const byStatus = Object.fromEntries([...samples].map(([status, list]) => [status, { count: list.length, p50: quantile(list, 0.5), p99: quantile(list, 0.99) }]));
  return { byStatus, errors, seconds: (performance.now() - started) / 1000 };
}

function send(url: string, body: Buffer, contentType: string, agent: Agent): Promise<{ status: number; retryAfterSeconds: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': contentType, 'content-length': String(body.length) } }, (response) => {
      response.resume();
      const retryAfterSeconds = Number(response.headers['retry-after'] ?? 0) || 0;
      response.on('end', () => resolve({ status: response.statusCode ?? 0, retryAfterSeconds }));
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Polls a URL every `intervalMs` on its own connection until `stop` resolves; returns the latencies. */
export async function pollLatencies(url: string, intervalMs: number, stop: Promise<unknown>): Promise<{ p50: number; p99: number; max: number; count: number; failures: number }> {
  const latencies: number[] = [];
  let failures = 0;
  let done = false;
  void stop.then(() => (done = true));
  while (!done) {
    const t0 = performance.now();
    const ok = await fetch(url).then((response) => response.ok, () => false);
    latencies.push(performance.now() - t0);
    if (!ok) failures++;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: Math.max(...latencies), count: latencies.length, failures };
}
