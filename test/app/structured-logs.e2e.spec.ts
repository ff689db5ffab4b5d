import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { AppProcess } from '../support/app-process';
import { RED, solidImage } from '../support/colour-images';
import { freePort } from '../support/free-port';
import { ModerationFixture, createModerationFixture } from '../support/moderation-fixture';
import { TestPostgresDatabase, createTestPostgresDatabase } from '../support/postgres-database';
import { runModerate } from '../support/run-moderate';
import { TEST_REDIS_URL, deleteQueueKeys, testQueuePrefix } from '../features/jobs/support/redis-test-prefix';
import { waitFor } from '../features/jobs/support/wait-for';
import { WebhookReceiver } from '../features/jobs/support/webhook-receiver';
import { WorkerProcess } from '../features/jobs/support/worker-process';

/** One parsed log line. */
type LogLine = Record<string, unknown>;
/** Response bodies, checked field by field. */
type Json = Record<string, any>;

const SECRET = 'structured-logs-webhook-secret';
const ANSI = /\u001b\[/;
/** The server's engine admits one image and holds it for a while, so a second one is refused with a 503. */
const OVERLOADABLE: NodeJS.ProcessEnv = { MODERATION_MAX_QUEUE: '1', MODERATION_BATCH_SIZE: '8', MODERATION_BATCH_WAIT_MS: '1500' };

/** Every line of `text` as JSON; fails the test on the first line that is not a JSON object. */
function parseLines(text: string, who: string): LogLine[] {
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new Error(`${who} printed a line that is not JSON: ${line}`);
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${who} printed a line that is not a JSON object: ${line}`);
      return parsed as LogLine;
    });
}

/** A key made with `moderate keys create --json` on the shared database: its id and secret. */
async function createKey(env: NodeJS.ProcessEnv, role: string): Promise<{ id: string; secret: string }> {
  const created = await runModerate(['keys', 'create', '--role', role, '--name', `logs-${role}`, '--json'], env);
  expect(created.code).toBe(0);
  const key = JSON.parse(created.stdout) as { id: string; key: string };
  return { id: key.id, secret: key.key };
}

describe('structured logs: a real server and a real worker, their stdout parsed line by line', () => {
  let fixture: ModerationFixture;
  let database: TestPostgresDatabase;
  let prefix: string;
  let receiver: WebhookReceiver;
  let server: AppProcess;
  let worker: AppProcess;
  let base: string;
  let submitter: { id: string; secret: string };
  let admin: { id: string; secret: string };
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    fixture = await createModerationFixture('structured-logs');
    database = await createTestPostgresDatabase();
    prefix = testQueuePrefix('logs');
    receiver = await WebhookReceiver.start(SECRET);
    env = {
      MODERATION_MODEL: fixture.modelDir,
      MODERATION_POLICIES: fixture.policiesDir,
      MODERATION_CACHE_DIR: fixture.cacheDir,
      MODERATION_DATA_DIR: join(fixture.root, 'data'),
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      MODERATION_QUEUE_PREFIX: prefix,
      MODERATION_WEBHOOK_SECRET: SECRET,
      MODERATION_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      // What operators run: the default level, and no format chosen (stdout is a pipe here).
      LOG_LEVEL: undefined,
      MODERATION_LOG_FORMAT: undefined,
    };
    // The CLI migrates the database, so the server and the worker start on a ready schema.
    submitter = await createKey(env, 'submitter');
    admin = await createKey(env, 'admin');
    const port = await freePort();
    [server, worker] = await Promise.all([
      AppProcess.node('app/main.ts', { ...env, ...OVERLOADABLE, HOST: '127.0.0.1', PORT: String(port), MODERATION_QUEUE_PROCESSORS: 'off' }, /moderation server \d+ listening/),
      WorkerProcess.start(env),
    ]);
    base = `http://127.0.0.1:${port}`;
  }, 90_000);

  afterAll(async () => {
    await Promise.all([server?.stop('SIGTERM'), worker?.stop('SIGTERM')]);
    await receiver?.close();
    await database?.drop();
    if (prefix) await deleteQueueKeys(prefix);
  });

  const serverLines = (): LogLine[] => parseLines(server.stdout, 'the server');
  const workerLines = (): LogLine[] => parseLines(worker.stdout, 'the worker');
  const withRequestId = (lines: LogLine[], requestId: string): LogLine[] => lines.filter((line) => line.requestId === requestId);
  /** The access line of a request: the one line with its id and a status. */
  const accessLineOf = async (requestId: string): Promise<LogLine> => {
    const lines = await waitFor(async () => withRequestId(serverLines(), requestId).filter((line) => typeof line.status === 'number'), (found) => found.length > 0);
    expect(lines).toHaveLength(1);
    return lines[0]!;
  };

  it('traces an async moderation by its request id: the access line, the worker, the webhook delivery record and the webhook header', async () => {
    const requestId = `logs-${randomBytes(6).toString('hex')}`;
    const form = new FormData();
    form.append('file', new Blob([await solidImage(RED)]), 'red.png');
    const query = new URLSearchParams({ mode: 'async', policy: 'colours', fresh: 'true', callbackUrl: receiver.url('/hook') });
    const submitted = await fetch(`${base}/v1/moderations?${query}`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${submitter.secret}`, 'x-request-id': requestId },
    });
    expect(submitted.status).toBe(202);
    expect(submitted.headers.get('x-request-id')).toBe(requestId);
    const jobId = ((await submitted.json()) as Json).id as string;

    const access = await accessLineOf(requestId);
    expect(access).toMatchObject({ level: 'info', name: 'moderation-server', method: 'POST', route: '/v1/moderations', status: 202, keyId: submitter.id });
    expect(typeof access.latencyMs).toBe('number');
    expect(access.latencyMs as number).toBeGreaterThanOrEqual(0);
    expect(access.msg).toBe('POST /v1/moderations 202');
    // No query string (it carries subject ids and URLs), headers or body.
    expect(JSON.stringify(access)).not.toContain('callbackUrl');
    expect(access).not.toHaveProperty('req');
    expect(access).not.toHaveProperty('res');

    // The worker's line for the job carries the same request id.
    const done = await waitFor(async () => withRequestId(workerLines(), requestId).find((line) => String(line.msg).startsWith(`job ${jobId} done`)), (line) => line !== undefined, 20_000);
    expect(done).toMatchObject({ level: 'info', name: 'moderation-worker', jobId, context: 'ModerationQueue' });

    // So do the webhook's delivery record (through the API), its request and the worker's line for it.
    const deliveries = await waitFor(
      async () => ((await (await fetch(`${base}/v1/jobs/${jobId}/webhook-deliveries`, { headers: { authorization: `Bearer ${admin.secret}` } })).json()) as Json).items as Json[],
      (items) => items.length === 1,
      20_000,
    );
    expect(deliveries[0]).toMatchObject({ outcome: 'delivered', requestId });
    const [hook] = receiver.on('/hook');
    expect(hook!.headers['x-moderation-request-id']).toBe(requestId);
    expect(hook!.signatureValid).toBe(true);
    const delivered = withRequestId(workerLines(), requestId).find((line) => String(line.msg).includes('attempt 1 delivered'));
    expect(delivered).toMatchObject({ level: 'info', jobId, deliveryId: deliveries[0]!.deliveryId, context: 'Webhooks' });
  });

  it('gives a request without a usable id one of its own, and logs it', async () => {
    const response = await fetch(`${base}/v1/auth/me`, { headers: { authorization: `Bearer ${submitter.secret}`, 'x-request-id': 'not a sane id!' } });
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-request-id')!;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await accessLineOf(requestId)).toMatchObject({ level: 'info', method: 'GET', route: '/v1/auth/me', status: 200, keyId: submitter.id });
  });

  it('logs expected refusals at info, with their code and without a stack', async () => {
    const missing = await fetch(`${base}/v1/jobs/00000000-0000-4000-8000-000000000000`, { headers: { authorization: `Bearer ${submitter.secret}` } });
    expect(missing.status).toBe(404);
    const notFound = await accessLineOf(missing.headers.get('x-request-id')!);
    expect(notFound).toMatchObject({ level: 'info', route: '/v1/jobs/:id', status: 404, errorCode: 'JOB_NOT_FOUND', keyId: submitter.id });

    const badKey = `mod_${randomBytes(32).toString('base64url').slice(0, 43)}`;
    const refused = await fetch(`${base}/v1/auth/me`, { headers: { authorization: `Bearer ${badKey}` } });
    expect(refused.status).toBe(401);
    const unauthenticated = await accessLineOf(refused.headers.get('x-request-id')!);
    expect(unauthenticated).toMatchObject({ level: 'info', status: 401, errorCode: 'AUTH_INVALID_KEY', keyId: null });

    const unknownRoute = await fetch(`${base}/v1/nothing-here?subject=someone`);
    const unrouted = await accessLineOf(unknownRoute.headers.get('x-request-id')!);
    expect(unrouted).toMatchObject({ level: 'info', route: null, path: '/v1/nothing-here', status: 404, errorCode: 'ROUTE_NOT_FOUND' });

    for (const requestId of [notFound, unauthenticated, unrouted].map((line) => line.requestId as string)) {
      for (const line of withRequestId(serverLines(), requestId)) {
        expect(['info', 'warn']).toContain(line.level);
        expect(JSON.stringify(line)).not.toMatch(/stack|\n\s+at /);
      }
    }
    expect(server.stdout).not.toContain(badKey);
  });

  it('logs an expected 503 (ENGINE_OVERLOADED) at warn, without a stack', async () => {
    const post = async (): Promise<Response> =>
      fetch(`${base}/v1/moderations?policy=colours&fresh=true`, {
        method: 'POST',
        body: await solidImage(RED),
        headers: { 'content-type': 'image/png', authorization: `Bearer ${submitter.secret}` },
      });
    const admitted = post();
    // The first image waits in its batch for 1.5 s; the second finds the engine full.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const refused = await post();
    expect(refused.status).toBe(503);
    expect((await admitted).status).toBe(200);
    const requestId = refused.headers.get('x-request-id')!;
    expect(await accessLineOf(requestId)).toMatchObject({ level: 'warn', route: '/v1/moderations', status: 503, errorCode: 'ENGINE_OVERLOADED', keyId: submitter.id });
    const lines = withRequestId(serverLines(), requestId);
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toMatch(/stack|"err"/);
  });

  it('summarises the policy linter in one line per policy, and keeps Nest\'s route lines out of info', () => {
    for (const [who, lines] of [['server', serverLines()], ['worker', workerLines()]] as const) {
      const lint = lines.filter((line) => line.context === 'PolicyLint');
      expect({ who, lint: lint.map((line) => line.msg) }).toEqual({
        who,
        lint: [expect.stringMatching(/^policy colours: \d+ lint warnings? \(.*no-contrast-prompts.*\); details: `moderate policy lint --policy colours`$/)],
      });
      expect(lint[0]!.level).toBe('warn');
      expect(lines.filter((line) => ['RouterExplorer', 'RoutesResolver', 'InstanceLoader'].includes(String(line.context)))).toEqual([]);
    }
  });

  it('writes nothing but JSON lines, without colour codes or any key secret', () => {
    for (const [who, process] of [['server', server], ['worker', worker]] as const) {
      const lines = parseLines(process.stdout, who);
      expect(lines.length).toBeGreaterThan(3);
      for (const line of lines) expect(line).toMatchObject({ level: expect.any(String), time: expect.any(String), msg: expect.any(String), pid: process.pid });
      expect(process.stdout).not.toMatch(ANSI);
      for (const secret of [submitter.secret, admin.secret]) expect(process.log).not.toContain(secret);
      expect(process.log.toLowerCase()).not.toContain('bearer ');
    }
  });
});

describe('structured logs: MODERATION_LOG_FORMAT=pretty', () => {
  it('writes lines for people instead of JSON', async () => {
    const fixture = await createModerationFixture('pretty-logs');
    const port = await freePort();
    const server = await AppProcess.node(
      'app/main.ts',
      {
        MODERATION_MODEL: fixture.modelDir,
        MODERATION_POLICIES: fixture.policiesDir,
        MODERATION_CACHE_DIR: fixture.cacheDir,
        MODERATION_DATA_DIR: join(fixture.root, 'data'),
        MODERATION_AUTH: 'disabled',
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: undefined,
        MODERATION_LOG_FORMAT: 'pretty',
      },
      /moderation server \d+ listening/,
    );
    try {
      const answered = await fetch(`http://127.0.0.1:${port}/v1/auth/me`);
      const requestId = answered.headers.get('x-request-id')!;
      await server.waitForOutput(new RegExp(requestId));
      const lines = server.stdout.split('\n').filter((line) => line.length > 0);
      expect(lines.length).toBeGreaterThan(3);
      for (const line of lines) expect(() => JSON.parse(line)).toThrow();
      expect(server.stdout).toMatch(/INFO.*GET \/v1\/auth\/me 200/);
      expect(server.stdout).toMatch(/WARN.*policy colours: \d+ lint warnings?/);
      // Not a terminal: no colour codes, even in pretty mode.
      expect(server.stdout).not.toMatch(ANSI);
    } finally {
      await server.stop('SIGTERM');
    }
  }, 60_000);
});
