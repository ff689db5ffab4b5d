/**
 * Bench stage: one more request every `intervalMs` while other clients keep the server's bound
 * full, from a process of its own so the load generator's busy event loop does not delay the timing.
 * Each probe has its own connection and does not wait for the one before (an admitted probe
 * waits seconds for its batch); refusals are timed on their own.
 */
import { request } from 'node:http';
import { benchJpegs } from '../bench-images';
import { quantile } from '../latency-stats';
import { finishStage, stageInput } from './child-process-json';

interface Input {
  readonly url: string;
  readonly seconds: number;
  readonly intervalMs: number;
}

export interface ProbeStageResult {
  readonly probes: number;
  readonly refused: number;
  readonly refusedP50: number;
  readonly refusedP99: number;
  readonly admitted: number;
}

async function main(): Promise<void> {
  const { url, seconds, intervalMs } = stageInput<Input>();
  const body = (await benchJpegs(1))[0]!.bytes;
  const outcomes: Promise<{ status: number; ms: number }>[] = [];
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline) {
    const t0 = performance.now();
    outcomes.push(send(url, body).then((status) => ({ status, ms: performance.now() - t0 }), () => ({ status: 0, ms: performance.now() - t0 })));
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  const settled = await Promise.all(outcomes);
  const refused = settled.filter((outcome) => outcome.status === 503).map((outcome) => outcome.ms);
  finishStage({
    probes: settled.length,
    refused: refused.length,
    refusedP50: quantile(refused, 0.5),
    refusedP99: quantile(refused, 0.99),
    admitted: settled.filter((outcome) => outcome.status === 200).length,
  } satisfies ProbeStageResult);
}

function send(url: string, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'image/jpeg', 'content-length': String(body.length) } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

void main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
