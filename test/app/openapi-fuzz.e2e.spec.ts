import fc from 'fast-check';
import { TestKey, bearer, createTestKey } from '../support/api-keys';
import { BLUE, GREEN, RED, solidImage } from '../support/colour-images';
import { TuningServer, startTuningServer } from '../features/policies/tuning-server';
import { activeContractChecks } from '../support/openapi-contract/active-contract-checks';
import { ContractCheckedFetch } from '../support/openapi-contract/contract-checked-fetch';
import { ContractViolation } from '../support/openapi-contract/contract-violation';
import { Credential, FuzzRequest, fuzzRequest } from '../support/openapi-contract/fuzz/fuzz-request';
import { KnownValues } from '../support/openapi-contract/fuzz/known-values';
import { MatchedOperation, OperationIndex } from '../support/openapi-contract/operation-index';
import { OpenApiDocument, readOpenApiDocument } from '../support/openapi-contract/openapi-document';
import { documentedStatusKey } from '../support/openapi-contract/response-contract';
import { groupViolations } from '../support/openapi-contract/violation-summary';
import { TEST_REDIS_URL, deleteQueueKeys, testQueuePrefix } from '../features/jobs/support/redis-test-prefix';

/** Fixed, so a failure found once is found again by the next run. */
const SEED = 20_251_111;
/** Requests per operation: enough to cover each parameter's kinds of value, few enough for two cores. */
const RUNS_PER_OPERATION = 20;

/** One request's outcome: the status and the start of the body (from the violation, when the checked fetch raised one). */
interface Outcome {
  readonly status: number;
  readonly body: string;
}

/**
 * Every operation of the server's own OpenAPI document, called with requests generated from the
 * document: fitting and hostile parameters, JSON bodies fitting, broken and junk, and every kind of
 * credential. No request may fail the server (5xx, except a documented 503), and every status must
 * be one the document lists for the operation; the checked fetch (test/support/openapi-contract)
 * also holds each body to its documented schema.
 */
/**
 * The embedded setup, and the production one: PostgreSQL (where NUL bytes once gave 500) with a
 * Redis queue, so the job routes answer from real jobs rather than 503.
 */
const SETUPS = [
  { label: 'SQLite, no queue', database: 'sqlite', redis: false },
  { label: 'PostgreSQL and a Redis queue', database: 'postgres', redis: true },
] as const;

describe.each(SETUPS)('the OpenAPI document against generated requests ($label)', ({ database, redis }) => {
  let server: TuningServer;
  let base: string;
  let checks: ContractCheckedFetch;
  let document: OpenApiDocument;
  let credentials: fc.Arbitrary<Credential>;
  let known: KnownValues;
  /** The ids of the keys this test signs in with, which no generated request may revoke. */
  let ownKeyIds: string[];
  let queuePrefix: string | undefined;

  beforeAll(async () => {
    const active = activeContractChecks();
    if (!active) throw new Error('the contract checks are not installed: run through jest.config.js (setupFilesAfterEnv)');
    checks = active;
    queuePrefix = redis ? testQueuePrefix('fuzz') : undefined;
    server = await startTuningServer(database, 'fuzz', queuePrefix ? { REDIS_URL: TEST_REDIS_URL, MODERATION_QUEUE_PREFIX: queuePrefix } : {});
    base = await server.app().getUrl();
    const keys = { admin: await createTestKey(server.app(), 'admin'), reviewer: await createTestKey(server.app(), 'reviewer'), submitter: await createTestKey(server.app(), 'submitter') };
    ownKeyIds = Object.values(keys).map((key) => key.id);
    // Mostly keys that may use a route, so most requests get past the guard to the route itself.
    const credential = (label: string, headers: Record<string, string>, weight: number): fc.WeightedArbitrary<Credential> => ({ arbitrary: fc.constant({ label, headers }), weight });
    credentials = fc.oneof(
      credential('no key', {}, 1),
      credential('unknown key', bearer('mod_not-a-real-key'), 1),
      credential('malformed key', { authorization: 'Bearer' }, 1),
      credential('submitter', bearer(keys.submitter), 2),
      credential('reviewer', bearer(keys.reviewer), 2),
      credential('admin', bearer(keys.admin), 5),
      credential('admin via X-Api-Key', { 'x-api-key': keys.admin.secret }, 1),
    );
    // Fetched through the checked fetch, which makes the checks for this origin start at once.
    const parsed = readOpenApiDocument(await (await fetch(`${base}/docs-json`)).json());
    if (!parsed) throw new Error('/docs-json is not an OpenAPI document');
    document = parsed;
    known = await seedKnownValues(keys.admin, keys.reviewer);
  });

  afterAll(async () => {
    await server?.close();
    if (queuePrefix) await deleteQueueKeys(queuePrefix);
  });

  /**
   * Real rows for ids to point at: decisions, a review item, policy versions, an evaluation and a
   * throwaway key (revoking it is harmless; the test's own keys are never offered). Made with the
   * unchecked fetch: the fuzz below checks these routes, and setup needs their answers regardless.
   */
  async function seedKnownValues(admin: TestKey, reviewer: TestKey): Promise<KnownValues> {
    const call = async (method: string, path: string, key: TestKey, body?: unknown, contentType = 'application/json'): Promise<unknown> => {
      const response = await checks.unchecked(`${base}${path}`, {
        method,
        headers: { ...bearer(key), ...(body === undefined ? {} : { 'content-type': contentType }) },
        body: body === undefined ? undefined : body instanceof Buffer ? new Uint8Array(body) : JSON.stringify(body),
      });
      return response.headers.get('content-type')?.includes('json') ? response.json() : null;
    };
    const decisions: string[] = [];
    for (const colour of [RED, BLUE, GREEN]) {
      decisions.push(...strings(await call('POST', '/v1/moderations?policy=colours&fresh=true&subject=fuzz-user', admin, await solidImage(colour), 'image/png'), 'id'));
    }
    // Without a queue the job routes answer 503 whatever the id, so ids only matter with one.
    const jobs = redis ? strings(await call('POST', '/v1/moderations?mode=async&policy=colours&subject=fuzz-user', admin, await solidImage(RED), 'image/png'), 'id') : [];
    const queues = strings(await call('GET', '/v1/review/queues', admin), 'items', 'name');
    const items: string[] = [];
    for (const queue of queues) items.push(...strings(await call('POST', `/v1/review/queues/${encodeURIComponent(queue)}/claim`, reviewer, {}), 'item', 'id'));
    const versions = strings(await call('GET', '/v1/policies/colours/versions', admin), 'versions', 'version');
    const evaluations = strings(await call('POST', '/v1/tuning/evaluations', admin, { policy: 'colours', since: '1h' }), 'id');
    const throwawayKeys = strings(await call('POST', '/v1/keys', admin, { name: 'fuzz-throwaway', role: 'submitter' }), 'id');
    const byName: Record<string, readonly string[]> = {
      'decisions.id': decisions,
      decisionId: decisions,
      'items.id': items,
      'jobs.id': jobs,
      'queues.name': queues,
      queue: queues,
      'policies.id': ['colours'],
      policy: ['colours'],
      'versions.version': versions,
      version: versions,
      from: versions,
      to: versions,
      'evaluations.id': evaluations,
      'keys.id': throwawayKeys,
      category: ['red', 'blue', 'green'],
      categoryId: ['red', 'blue', 'green'],
      since: ['1h', '7d', '2000-01-01'],
      until: ['1h', '2100-01-01'],
      subject: ['fuzz-user'],
    };
    return (name) => byName[name] ?? [];
  }

  async function send(request: FuzzRequest): Promise<Outcome> {
    try {
      const response = await fetch(`${base}${request.target}`, { method: request.method, headers: request.headers, body: request.body?.text, redirect: 'manual' });
      return { status: response.status, body: (await response.text()).slice(0, 300) };
    } catch (error) {
      if (error instanceof ContractViolation) return { status: error.status, body: error.body };
      throw new Error(`${requestLabel(request)} got no answer: ${String(error)}`, { cause: error });
    }
  }

  it('never fails the server, and answers only documented statuses with documented bodies', async () => {
    const started = Date.now();
    const index = new OperationIndex(document);
    const context = { document, known };
    const statuses = new Map<number, number>();
    const serverErrors: string[] = [];
    const undocumented = new Map<string, { count: number; example: string }>();
    let requests = 0;

    for (const operation of index.all()) {
      const property = fc.asyncProperty(fuzzRequest(operation, credentials, context), async (request) => {
        // Never generated (ids are random or the throwaway key's), but revoking the test's own key would void every later request.
        fc.pre(!ownKeyIds.some((id) => request.target.includes(id)));
        const { status, body } = await send(request);
        requests++;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        // A path can land elsewhere than the template it was built from (`..`, an empty id), so judge by where it landed.
        const landed = index.find(request.method, new URL(`${base}${request.target}`).pathname);
        const documented = landed ? documentedStatusKey(Object.keys(landed.operation.responses ?? {}), status) : null;
        if (landed && documented === null) {
          const key = `${landed.name} ${status}`;
          const seen = undocumented.get(key);
          undocumented.set(key, { count: (seen?.count ?? 0) + 1, example: seen?.example ?? requestLabel(request) });
        }
        if (status >= 500 && !(status === 503 && documented !== null)) throw new Error(`${requestLabel(request)} answered ${status}: ${body}`);
      });
      const result = await fc.check(property, { seed: SEED, numRuns: RUNS_PER_OPERATION });
      if (result.failed) serverErrors.push(`${operationLabel(operation)}: ${String(result.errorInstance)}\n${fc.defaultReportMessage(result) ?? ''}`);
    }

    // Taken here so this test reports them once, grouped, rather than the setup file after it.
    const violations = checks.takeViolations();
    const tally = [...statuses.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}x${count}`).join(' ');
    console.log(`OpenAPI fuzz: ${index.all().length} operations, ${requests} requests in ${Date.now() - started} ms, statuses ${tally}, ${violations.length} contract violations`);

    expect({
      // Every answer went through the checks (the document was fetched first, so its origin was known).
      everyResponseChecked: checks.checkedCount >= requests,
      serverErrors,
      undocumentedStatuses: [...undocumented.entries()].map(([key, { count, example }]) => `${key} (x${count}), e.g. ${example}`).sort(),
      bodyViolations: groupViolations(violations.filter((violation) => violation.kind !== 'undocumented-status')).map(
        (group) => `${group.operation} ${group.status} ${group.kind} (x${group.count}): ${group.example.problem.split('\n').slice(0, 4).join(' |')}`,
      ),
    }).toEqual({ everyResponseChecked: true, serverErrors: [], undocumentedStatuses: [], bodyViolations: [] });
  });
});

/** A request as a report line: method, target (shortened) and who sent it. */
function requestLabel(request: FuzzRequest): string {
  const target = request.target.length > 160 ? `${request.target.slice(0, 160)}... (${request.target.length} chars)` : request.target;
  const body = request.body ? ` with a ${request.body.contentType} body of ${request.body.text.length} chars` : '';
  return `${request.method} ${target} as ${request.credential.label}${body}`;
}

function operationLabel(operation: MatchedOperation): string {
  return `${operation.name} (${operation.method.toUpperCase()} ${operation.template})`;
}

/** The strings at `path` in a JSON value, looking through arrays on the way (`items[].name`). */
function strings(value: unknown, ...path: string[]): string[] {
  let nodes: unknown[] = [value];
  for (const key of path) {
    nodes = nodes.flatMap((node) => (Array.isArray(node) ? node : [node])).map((node) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined));
  }
  return nodes.flatMap((node) => (Array.isArray(node) ? node : [node])).filter((node): node is string => typeof node === 'string');
}
