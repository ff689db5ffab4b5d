import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { AppProcess } from '../support/app-process';
import { RED, solidImage } from '../support/colour-images';
import { ModerationFixture, createModerationFixture } from '../support/moderation-fixture';

const GRACE_MS = 5_000;
const CLIENTS = 32;

/** One request of a client: when it was sent and how it ended. */
interface Sent {
  readonly at: number;
  status?: number;
  error?: string;
}

/** Posts an image on a keep-alive connection of `agent`; resolves with how it ended, never rejects. */
function post(port: number, agent: Agent, body: Buffer): Promise<Sent> {
  const sent: Sent = { at: Date.now() };
  return new Promise((resolve) => {
    const call = request(
      { host: '127.0.0.1', port, path: '/v1/moderations?policy=colours&fresh=true', method: 'POST', agent, headers: { 'content-type': 'image/png', 'content-length': body.length } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(Object.assign(sent, { status: response.statusCode })));
        response.on('error', (error) => resolve(Object.assign(sent, { error: error.message })));
      },
    );
    call.on('error', (error) => resolve(Object.assign(sent, { error: (error as NodeJS.ErrnoException).code ?? error.message })));
    call.end(body);
  });
}

/** True while something accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => socket.destroy() ?? resolve(true));
    socket.once('error', () => resolve(false));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('server shutdown on SIGTERM', () => {
  let fixture: ModerationFixture;
  let image: Buffer;

  beforeAll(async () => {
    fixture = await createModerationFixture('shutdown');
    image = await solidImage(RED);
  });

  const environment = (port: number): NodeJS.ProcessEnv => ({
    MODERATION_MODEL: fixture.modelDir,
    MODERATION_POLICIES: fixture.policiesDir,
    MODERATION_CACHE_DIR: fixture.cacheDir,
    MODERATION_DATA_DIR: join(fixture.root, `data-${port}`),
    MODERATION_AUTH: 'disabled',
    MODERATION_SHUTDOWN_GRACE_MS: String(GRACE_MS),
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'log',
  });

  it('under 32 keep-alive clients: stops accepting, answers every request under way, and exits within the grace period', async () => {
    const port = 39_000 + (process.pid % 1000);
    const server = await AppProcess.node('app/main.ts', environment(port), /moderation server \d+ listening/);
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
    const requests: Array<Promise<Sent>> = [];
    let signalledAt = Number.POSITIVE_INFINITY;
    // Each client sends its next request as soon as the last is answered, until the server is gone.
    const clients = Array.from({ length: CLIENTS }, async () => {
      for (;;) {
        const sent = post(port, agent, image);
        requests.push(sent);
        const outcome = await sent;
        if (outcome.error !== undefined || Date.now() > signalledAt + GRACE_MS * 2) return;
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    signalledAt = Date.now();
    const exit = await server.stop('SIGTERM');
    const stoppedIn = Date.now() - signalledAt;
    await Promise.all(clients);
    agent.destroy();

    expect(exit).toEqual({ code: 0, signal: null });
    expect(stoppedIn).toBeLessThan(GRACE_MS);
    expect(await listening(port)).toBe(false);
    const outcomes = await Promise.all(requests);
    const before = outcomes.filter((sent) => sent.at < signalledAt - 20);
    expect(before.length).toBeGreaterThan(CLIENTS);
    // Every request sent before the signal was answered in full.
    expect(before.filter((sent) => sent.status !== 200)).toEqual([]);
    console.log(`SIGTERM under ${CLIENTS} keep-alive clients: exited in ${stoppedIn} ms (grace ${GRACE_MS} ms); ${before.length} requests sent before it, all answered 200`);
    expect(server.printed(/SIGTERM: no new connections/)).toBe(true);
    expect(server.printed(/stopped in \d+ ms/)).toBe(true);
  }, 60_000);

  it('stops the node process when `npm run start:dev` is stopped', async () => {
    const port = 40_000 + (process.pid % 1000);
    const npm = await AppProcess.start('npm', ['run', '--silent', 'start:dev'], environment(port), /moderation server \d+ listening/);
    const pid = Number(/moderation server (\d+) listening/.exec(npm.log)![1]);
    // With `exec` in the script, the shell becomes node: the signal reaches the server itself.
    await npm.stop('SIGTERM');
    const deadline = Date.now() + GRACE_MS;
    while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alive(pid)).toBe(false);
    expect(await listening(port)).toBe(false);
  }, 60_000);
});
