import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { benchLog, runStage } from './child-process-json';
import type { ProbeStageResult } from './probe-stage';
import { closedLoopLoad, pollLatencies } from './http-load';
import type { LoopDelayReport } from './loop-delay-probe';
import { CompiledServer, prepareCompiledServer } from './compiled-server';

/**
 * The server's image bound for this bench (MODERATION_MAX_QUEUE): as many as the saturating
 * phase has connections, so that phase fills the engine without a refusal, and any request more
 * is refused.
 */
const MAX_QUEUE = 64;
/**
 * Clients keeping the bound full while the probe asks beyond it: more than the bound, so that some
 * always wait out a Retry-After and every freed place is taken at once. They honour Retry-After as
 * the SDK does; autocannon resends refusals at once, which would turn this phase into a retry
 * storm (measured apart, below).
 */
const FILLING_CONNECTIONS = MAX_QUEUE + 16;
/** One probe request beyond the bound this often: a few hundred per run, enough for a p99 that is not just the slowest one. */
const PROBE_INTERVAL_MS = 20;

export interface HttpPhase {
  readonly label: string;
  readonly set: 'photos' | 'web';
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly health?: { readonly p50: number; readonly p99: number };
  readonly loopDelayP99Ms?: number;
}

export interface HttpBenchResult {
  readonly phases: readonly HttpPhase[];
  /** One probe request every PROBE_INTERVAL_MS while the bound is full: how fast the refusals come. */
  readonly beyondBound: ProbeStageResult & {
    /** The clients keeping the bound full: their answers per second, and how often they were refused and waited. */
    readonly filling: { readonly connections: number; readonly answeredPerSecond: number; readonly refused: number };
  };
  /** Clients that resend at once, ignoring Retry-After: what a retry storm does to the server. */
  readonly storm: { readonly connections: number; readonly answeredPerSecond: number; readonly refusedPerSecond: number; readonly refusedP50: number; readonly refusedP99: number; readonly health: { readonly p99: number } };
  readonly maxQueue: number;
  readonly serverPeakRssMiB: number;
}

interface Options {
  readonly modelDir: string;
  readonly cacheDir: string;
  readonly seconds: number;
  readonly photos: readonly { bytes: Buffer }[];
  readonly web: readonly { bytes: Buffer }[];
}

/** The real server in its own process, driven from this one, so the two never share an event loop. */
export async function runHttpBench(options: Options): Promise<HttpBenchResult> {
  const dataDir = mkdtempSync(join(__dirname, '..', '.models', 'http-data-'));
  benchLog('HTTP: building the server when dist/ is older than the sources (npm run build)');
  const compiled = prepareCompiledServer(join(dataDir, 'bench'));
  const port = 38000 + Math.floor(Math.random() * 1000);
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer(compiled, port, {
    MODERATION_MODEL: options.modelDir,
    MODERATION_CACHE_DIR: options.cacheDir,
    MODERATION_DATA_DIR: dataDir,
    MODERATION_MAX_QUEUE: String(MAX_QUEUE),
    // As `npm start` runs the server (see the README's deployment notes).
    MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? '131072',
  });
  const loopDelay = (): Promise<LoopDelayReport> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the server did not report its event-loop delay')), 5000);
      server.once('message', (message: { loopDelay?: LoopDelayReport }) => {
        clearTimeout(timer);
        if (message.loopDelay) resolve(message.loopDelay);
        else reject(new Error('unexpected message from the server'));
      });
      server.send('loop-delay');
    });
  try {
    const path = '/v1/moderations?fresh=true';
    const photos = options.photos.map((file) => file.bytes);
    const web = options.web.map((file) => file.bytes);
    await autocannon({ url: base, connections: 16, amount: 64, requests: requests(path, photos) });
    const phases: HttpPhase[] = [];
    for (const [label, set, connections, bodies, probeHealth] of [
      ['photos, 16 connections', 'photos', 16, photos, false],
      ['web-sized, 16 connections', 'web', 16, web, false],
      [`photos, ${MAX_QUEUE} connections`, 'photos', MAX_QUEUE, photos, true],
    ] as const) {
      benchLog(`HTTP: ${label}`);
      await loopDelay();
      const stopped = autocannon({ url: base, connections, duration: options.seconds, requests: requests(path, bodies) });
      // Polled only where asked: on the throughput phases the probe's own requests would be counted against the server.
      const health = probeHealth ? pollLatencies(`${base}/health/live`, 25, stopped) : undefined;
      const result = await stopped;
      const delay = await loopDelay();
      const probe = await health;
      await settle();
      phases.push({
        label, set,
        requestsPerSecond: result.requests.total / (result.duration || options.seconds),
        p50: result.latency.p50,
        p99: result.latency.p99,
        non2xx: result.non2xx,
        health: probe ? { p50: probe.p50, p99: probe.p99 } : undefined,
        loopDelayP99Ms: delay.p99Ms,
      });
    }

    benchLog(`HTTP: beyond the bound (${FILLING_CONNECTIONS} clients that honour Retry-After keep it full, one more request every ${PROBE_INTERVAL_MS} ms)`);
    const filling = closedLoopLoad(`${base}${path}`, photos, FILLING_CONNECTIONS, options.seconds, 'honour-retry-after');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const probes = await runStage<ProbeStageResult>('probe-stage.ts', { url: `${base}${path}`, seconds: options.seconds - 3, intervalMs: PROBE_INTERVAL_MS });
    const filled = await filling;
    await settle();

    benchLog('HTTP: retry storm, 200 connections resending at once');
    const stopStorm = new Promise((resolve) => setTimeout(resolve, options.seconds * 1000));
    const stormHealth = pollLatencies(`${base}/health/live`, 25, stopStorm);
    const storm = await closedLoopLoad(`${base}${path}`, photos, 200, options.seconds);
    const stormProbe = await stormHealth;
    const { peakRssMiB } = await loopDelay();
    return {
      phases,
      beyondBound: {
        ...probes,
        filling: { connections: FILLING_CONNECTIONS, answeredPerSecond: (filled.byStatus['200']?.count ?? 0) / filled.seconds, refused: filled.byStatus['503']?.count ?? 0 },
      },
      storm: {
        connections: 200,
        answeredPerSecond: (storm.byStatus['200']?.count ?? 0) / storm.seconds,
        refusedPerSecond: (storm.byStatus['503']?.count ?? 0) / storm.seconds,
        refusedP50: storm.byStatus['503']?.p50 ?? Number.NaN,
        refusedP99: storm.byStatus['503']?.p99 ?? Number.NaN,
        health: { p99: stormProbe.p99 },
      },
      maxQueue: MAX_QUEUE,
      serverPeakRssMiB: peakRssMiB,
    };
  } finally {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Waits for the requests a phase left behind (its clients hung up, but images already in a batch
 * still finish), so the next phase starts on an idle server instead of above its bound.
 */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 3000));
}

function requests(path: string, bodies: readonly Buffer[]): autocannon.Request[] {
  return bodies.map((body) => ({ method: 'POST' as const, path, headers: { 'content-type': 'image/jpeg' }, body }));
}

async function startServer(compiled: CompiledServer, port: number, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...compiled.args], {
    // Auth off: the bench measures scoring and storage, not key lookups (the server warns about it).
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error', MODERATION_AUTH: 'disabled' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  for (let attempt = 0; attempt < 240; attempt++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then((response) => response.ok, () => false);
    if (ready) return child;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGKILL');
  throw new Error('server did not become ready');
}
