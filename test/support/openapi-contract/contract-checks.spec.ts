import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { activeContractChecks } from './active-contract-checks';
import { ContractCheckedFetch, SERVER_MARKER_HEADER } from './contract-checked-fetch';
import { ContractViolation } from './contract-violation';
import { ObservedResponse } from './observed-response';
import { OperationIndex } from './operation-index';
import { OpenApiDocument } from './openapi-document';
import { ResponseContract } from './response-contract';

/** A small document in the shape NestJS writes, in OpenAPI 3.0 or (with 3.1 nullability) 3.1. */
function documentFor(version: '3.0.0' | '3.1.0'): OpenApiDocument {
  const nullable = (schema: Record<string, unknown>): Record<string, unknown> =>
    version === '3.0.0' ? { ...schema, nullable: true } : 'type' in schema && !('allOf' in schema) ? { ...schema, type: [schema.type, 'null'] } : { anyOf: [schema, { type: 'null' }] };
  return {
    openapi: version,
    paths: {
      '/v1/things/{id}': {
        get: {
          operationId: 'getThing',
          responses: {
            '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
            '4XX': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
          },
        },
      },
      '/v1/things/latest': { get: { operationId: 'getLatestThing', responses: { default: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } } } },
      '/v1/things/{id}/image': { get: { operationId: 'getThingImage', responses: { '200': { content: { 'image/*': { schema: { type: 'string', format: 'binary' } } } } } } },
    },
    components: {
      schemas: {
        Colour: { type: 'string', enum: ['red', 'blue'] },
        Owner: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] },
        Thing: {
          type: 'object',
          required: ['id', 'weight'],
          properties: {
            id: { type: 'string', format: 'uuid' },
            weight: version === '3.0.0' ? { type: 'number', minimum: 0, exclusiveMinimum: true } : { type: 'number', exclusiveMinimum: 0 },
            note: nullable({ type: 'string', example: 'hello' }),
            colour: nullable({ allOf: [{ $ref: '#/components/schemas/Colour' }] }),
            owner: nullable({ type: 'object', allOf: [{ $ref: '#/components/schemas/Owner' }] }),
            seenAt: { type: 'string', format: 'date-time' },
          },
        },
        Error: { type: 'object', required: ['code'], properties: { code: { type: 'string' } } },
      },
    },
  };
}

function observed(path: string, status: number, body: unknown, mediaType: string | null = 'application/json', method = 'GET'): ObservedResponse {
  return { method, url: new URL(`http://127.0.0.1:1${path}`), status, mediaType, body: body === undefined ? null : JSON.stringify(body) };
}

const ID = '3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e';
const THING = { id: ID, weight: 1, note: null, colour: null, owner: null, seenAt: '2025-01-02T03:04:05.000Z' };

describe.each(['3.0.0', '3.1.0'] as const)('a response contract from an OpenAPI %s document', (version) => {
  const contract = new ResponseContract(documentFor(version));

  it('accepts bodies that match, with null wherever the schema is nullable', () => {
    expect(contract.check(observed(`/v1/things/${ID}`, 200, THING))).toBeNull();
    expect(contract.check(observed(`/v1/things/${ID}`, 200, { ...THING, note: 'x', colour: 'red', owner: { id: ID } }))).toBeNull();
  });

  it('names the field, the rule and the value when a body does not match', () => {
    const violation = contract.check(observed(`/v1/things/${ID}`, 200, { ...THING, weight: 0, colour: 'green', owner: {}, seenAt: 'yesterday' }));
    expect(violation).toBeInstanceOf(ContractViolation);
    expect(violation!.kind).toBe('schema');
    expect(violation!.message).toContain(`GET /v1/things/${ID} answered 200 (operation getThing, GET /v1/things/{id})`);
    expect(violation!.problem).toContain('body/weight must be > 0, got 0');
    expect(violation!.problem).toContain("body/owner must have required property 'id'");
    expect(violation!.problem).toContain('body/seenAt must match format "date-time", got "yesterday"');
    expect(violation!.problem).toContain('"green"');
  });

  it('refuses a status the operation does not list, saying which it lists', () => {
    const violation = contract.check(observed(`/v1/things/${ID}`, 500, { code: 'INTERNAL' }));
    expect(violation).toMatchObject({ kind: 'undocumented-status', operation: 'getThing', status: 500 });
    expect(violation!.message).toContain('status 500 is not documented; documented: 200, 4XX');
    expect(violation!.message).toContain('"code":"INTERNAL"');
  });

  it('takes a status from its range and from default', () => {
    expect(contract.check(observed(`/v1/things/${ID}`, 404, { code: 'NOT_FOUND' }))).toBeNull();
    expect(contract.check(observed(`/v1/things/${ID}`, 409, {}))!.problem).toContain("must have required property 'code'");
    expect(contract.check(observed('/v1/things/latest', 418, THING))).toBeNull();
  });

  it('prefers the literal path to the template, and leaves undocumented paths alone', () => {
    // `latest` would fit `{id}`, where 500 is not documented; as its own operation, `default` covers it.
    expect(contract.check(observed('/v1/things/latest', 500, THING))).toBeNull();
    expect(contract.check(observed('/v1/nothing/here', 500, {}))).toBeNull();
    expect(contract.check(observed(`/v1/things/${ID}`, 500, {}, 'application/json', 'DELETE'))).toBeNull();
  });

  it('checks media types: images against image/*, and a JSON answer where only images are documented', () => {
    expect(contract.check(observed(`/v1/things/${ID}/image`, 200, undefined, 'image/png'))).toBeNull();
    expect(contract.check(observed(`/v1/things/${ID}/image`, 200, { code: 'X' }))).toMatchObject({ kind: 'undocumented-media-type' });
    expect(contract.check(observed(`/v1/things/${ID}`, 200, undefined, 'text/plain'))!.message).toContain('content type text/plain is not documented for status 200');
  });

  it('refuses a JSON content type on a body that is not JSON', () => {
    const broken: ObservedResponse = { ...observed(`/v1/things/${ID}`, 200, undefined), body: '{"id":' };
    expect(contract.check(broken)).toMatchObject({ kind: 'invalid-json' });
  });
});

describe('a document with a schema that cannot be compiled', () => {
  it('reports the schema as the document\'s fault, naming the bad reference', () => {
    const broken: OpenApiDocument = { openapi: '3.1.0', paths: { '/v1/x': { get: { responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Missing' } } } } } } } } };
    const violation = new ResponseContract(broken).check(observed('/v1/x', 200, {}));
    expect(violation).toMatchObject({ kind: 'unusable-schema', operation: 'GET /v1/x' });
    expect(violation!.problem).toContain('Missing');
  });
});

describe('finding the operation of a path', () => {
  const index = new OperationIndex(documentFor('3.1.0'));

  it('matches one segment per parameter, takes a trailing slash as Express does, and ignores the method case', () => {
    expect(index.find('get', `/v1/things/${ID}/`)?.name).toBe('getThing');
    expect(index.find('GET', '/v1/things/a%2Fb')?.name).toBe('getThing');
    expect(index.find('GET', '/v1/things//image')).toBeNull();
    expect(index.find('GET', '/v1/things/latest')?.name).toBe('getLatestThing');
  });
});

/** A stand-in server: serves `document` at /docs-json, answers `answer` elsewhere, and logs every request. */
async function startServer(document: OpenApiDocument | null, answer: { status: number; body: unknown }, marker: boolean): Promise<{ origin: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    requests.push(request.url ?? '');
    const headers = { 'content-type': 'application/json', ...(marker ? { [SERVER_MARKER_HEADER]: 'r-1' } : {}) };
    if (request.url === '/docs-json' && document) response.writeHead(200, headers).end(JSON.stringify(document));
    else response.writeHead(answer.status, headers).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('the checked fetch', () => {
  // Built on the plain fetch, so the file's own installed checks do not look at these servers too.
  const plainFetch = activeContractChecks()?.unchecked ?? fetch;

  it('never asks a server that does not mark its responses for a document', async () => {
    const receiver = await startServer(null, { status: 200, body: { ok: true } }, false);
    const checks = new ContractCheckedFetch(plainFetch);
    await (await checks.fetch(`${receiver.origin}/hook`, { method: 'POST', body: '{}' })).text();
    expect(await checks.settle()).toEqual([]);
    expect(receiver.requests).toEqual(['/hook']);
    await receiver.close();
  });

  it('checks the first answers of a server after the test, so the probe never lands mid-test, then checks at the call', async () => {
    const server = await startServer(documentFor('3.1.0'), { status: 500, body: { code: 'BOOM' } }, true);
    const checks = new ContractCheckedFetch(plainFetch);
    const first = await checks.fetch(`${server.origin}/v1/things/${ID}`);
    expect(await first.json()).toEqual({ code: 'BOOM' });
    expect(server.requests).toEqual([`/v1/things/${ID}`]);

    const violations = await checks.settle();
    expect(violations.map((violation) => [violation.operation, violation.status, violation.kind])).toEqual([['getThing', 500, 'undocumented-status']]);
    expect(server.requests).toEqual([`/v1/things/${ID}`, '/docs-json']);

    await expect(checks.fetch(`${server.origin}/v1/things/${ID}`)).rejects.toThrow(/GET \/v1\/things\/.* answered 500 \(operation getThing/);
    expect(checks.takeViolations()).toHaveLength(1);
    expect(checks.checkedCount).toBe(2);
    await server.close();
  });

  it('starts checking at once when the test fetched the document itself, and hands back an unread body', async () => {
    const server = await startServer(documentFor('3.0.0'), { status: 200, body: THING }, true);
    const checks = new ContractCheckedFetch(plainFetch);
    await (await checks.fetch(`${server.origin}/docs-json`)).json();
    const response = await checks.fetch(new Request(`${server.origin}/v1/things/${ID}`));
    expect(response.bodyUsed).toBe(false);
    expect(await response.json()).toEqual(THING);
    expect(checks.checkedCount).toBe(1);
    expect(server.requests).toEqual(['/docs-json', `/v1/things/${ID}`]);
    await server.close();
  });
});
