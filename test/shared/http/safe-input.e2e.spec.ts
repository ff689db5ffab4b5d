import { DecisionRepository } from '../../../src/core/decisions/decision.repository';
import { TestKey, createTestKey } from '../../support/api-keys';
import { RED, solidImage } from '../../support/colour-images';
import { makeDecision, makePolicy } from '../../core/decisions/decision-fixture';
import { Json, TuningServer, startTuningServer } from '../../features/policies/tuning-server';

const NUL = 'bad\u0000value';

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly parameters: ReadonlyArray<{ readonly name: string; readonly in: string }>;
  readonly bodyFields: readonly string[];
}

/** Every operation of the OpenAPI document, with its query and path parameters and its JSON body's top-level fields. */
function operationsOf(document: Json): Operation[] {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Json>;
  const resolve = (schema: Json | undefined): Json | undefined => {
    if (!schema) return undefined;
    if (schema.$ref) return resolve(schemas[(schema.$ref as string).split('/').pop()!]);
    if (Array.isArray(schema.allOf) && schema.allOf.length === 1) return resolve(schema.allOf[0] as Json);
    return schema;
  };
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths as Record<string, Json>)) {
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = ((operation.parameters ?? []) as Json[]).filter((parameter) => parameter.in === 'query' || parameter.in === 'path').map((parameter) => ({ name: parameter.name as string, in: parameter.in as string }));
      const body = resolve(operation.requestBody?.content?.['application/json']?.schema as Json | undefined);
      operations.push({ method: method.toUpperCase(), path, parameters, bodyFields: Object.keys((body?.properties ?? {}) as Json) });
    }
  }
  return operations;
}

/** `path` with every `{param}` filled: `value` for `target`, a plausible id for the others. */
function fill(path: string, target: string | undefined, value: string): string {
  return path.replace(/\{([^}]+)\}/g, (_match, name: string) => encodeURIComponent(name === target ? value : name === 'id' ? '6f1c2a9e-0000-4000-8000-000000000000' : 'colours'));
}

describe.each(['sqlite', 'postgres'] as const)('unsafe input through the API on %s', (database) => {
  let server: TuningServer;
  let admin: TestKey;
  let operations: Operation[];

  beforeAll(async () => {
    server = await startTuningServer(database, 'safe-input');
    admin = await createTestKey(server.app(), 'admin');
    operations = operationsOf((await server.call('GET', '/docs-json')).body);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  const expectRefused = (reply: { status: number; body: Json }, field: string, where: string): void => {
    expect({ where, status: reply.status, code: reply.body.code, fields: ((reply.body.details?.errors ?? []) as Json[]).map((problem) => problem.field) }).toEqual({
      where,
      status: 400,
      code: 'VALIDATION_FAILED',
      fields: [field],
    });
  };

  it('refuses NUL in every query and path parameter of every operation with 400, naming the field', async () => {
    let checked = 0;
    for (const operation of operations) {
      for (const parameter of operation.parameters) {
        const url = parameter.in === 'path' ? fill(operation.path, parameter.name, NUL) : `${fill(operation.path, undefined, '')}?${parameter.name}=${encodeURIComponent(NUL)}`;
        expectRefused(await server.call(operation.method, url, admin, operation.method === 'GET' ? undefined : {}), parameter.name, `${operation.method} ${url}`);
        checked++;
      }
    }
    // The document lists them all; far more than the handful the old failures were found in.
    expect(checked).toBeGreaterThan(40);
  });

  it('refuses NUL in every top-level field of every JSON body with 400, naming the field', async () => {
    let checked = 0;
    for (const operation of operations) {
      for (const field of operation.bodyFields) {
        const url = fill(operation.path, undefined, '');
        expectRefused(await server.call(operation.method, url, admin, { [field]: NUL }), field, `${operation.method} ${url} ${field}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(15);
  });

  it('refuses NUL nested in a body, and in what a verdict, an appeal or a candidate would store', async () => {
    const candidate = { id: 'colours', description: `red things${NUL}`, categories: [{ id: 'red', prompts: ['a photo of something red'] }] };
    expectRefused(await server.call('POST', '/v1/policies/colours/versions', admin, { candidate }), 'candidate.description', 'candidate');
    expectRefused(await server.call('POST', '/v1/review/items/6f1c2a9e-0000-4000-8000-000000000000/verdict', admin, { verdict: 'approve', note: NUL }), 'note', 'verdict note');
    expectRefused(await server.call('POST', '/v1/decisions/6f1c2a9e-0000-4000-8000-000000000000/appeals', admin, { reason: NUL }), 'reason', 'appeal reason');
    expectRefused(
      await server.call('POST', '/v1/review/items/6f1c2a9e-0000-4000-8000-000000000000/verdict', admin, { verdict: 'approve', labels: [{ categoryId: NUL, label: 'violating' }] }),
      'labels.0.categoryId',
      'label',
    );
    // Control characters other than tab, line feed and carriage return are refused too; those are fine.
    expectRefused(await server.call('GET', `/v1/decisions?subject=${encodeURIComponent('a\u001bb')}`, admin), 'subject', 'escape');
    expect((await server.call('GET', `/v1/decisions?subject=${encodeURIComponent('two\nlines\tand a tab')}`, admin)).status).toBe(200);
  });

  it('refuses subject and source with NUL before the image is scored, and nothing is stored', async () => {
    const before = (await server.call('GET', '/v1/decisions?limit=200', admin)).body.items.length as number;
    for (const field of ['subject', 'source']) {
      // The policy goes first in the query string; the field follows it.
      const reply = await server.moderate(admin, await solidImage(RED), `colours&${field}=${encodeURIComponent(NUL)}`);
      expectRefused(reply, field, field);
    }
    expect((await server.call('GET', '/v1/decisions?limit=200', admin)).body.items.length).toBe(before);
  });

  it('refuses a body nested deeper than the limit with 400, not a stack overflow', async () => {
    let deep: unknown = 'x';
    for (let level = 0; level < 2_000; level++) deep = [deep];
    for (const [method, path] of [
      ['POST', '/v1/decisions/6f1c2a9e-0000-4000-8000-000000000000/appeals'],
      ['POST', '/v1/review/queues/review/claim'],
      ['POST', '/v1/policies/colours/versions'],
    ] as const) {
      const reply = await server.call(method, path, admin, { reason: deep, leaseSeconds: deep, candidate: deep });
      expect({ path, status: reply.status, code: reply.body.code }).toEqual({ path, status: 400, code: 'VALIDATION_FAILED' });
      expect(JSON.stringify(reply.body.details)).toContain('is nested more than 32 levels deep');
    }
  });

  it('refuses NUL in what the decision log would store, whoever records the decision', async () => {
    const policy = makePolicy();
    const store = server.app().get(DecisionRepository);
    await expect(store.record({ decision: makeDecision(policy, { content: 'nul subject' }), policy, subject: NUL })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { errors: [{ field: 'subject', reasons: [expect.stringContaining('NUL')] }] },
    });
  });
});
