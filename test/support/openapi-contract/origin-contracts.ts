import type { ResponseContract } from './response-contract';
import { OpenApiDocument, readOpenApiDocument } from './openapi-document';

/** Where a server built on this project serves its OpenAPI document. */
export const DOCUMENT_PATH = '/docs-json';
/** How long a probe may take; a server that hangs on its document must not hang the test. */
const PROBE_TIMEOUT_MS = 10_000;

/**
 * The contract of each origin (`http://127.0.0.1:PORT`) a test file talks to: the OpenAPI document
 * it serves at {@link DOCUMENT_PATH}, fetched once with the unwrapped fetch, or null for origins
 * that serve none (webhook receivers, fake hubs, anything whose answer is not an OpenAPI document).
 */
export class OriginContracts {
  private readonly settled = new Map<string, ResponseContract | null>();
  private readonly probes = new Map<string, Promise<ResponseContract | null>>();

  constructor(private readonly fetchUnchecked: typeof fetch) {}

  /** The origin's contract, null when it has none, undefined while nobody has asked it yet. */
  known(origin: string): ResponseContract | null | undefined {
    return this.settled.get(origin);
  }

  /** Fetches the origin's document once; concurrent callers share the one request. */
  probe(origin: string): Promise<ResponseContract | null> {
    const settled = this.settled.get(origin);
    if (settled !== undefined) return Promise.resolve(settled);
    let probe = this.probes.get(origin);
    if (!probe) {
      probe = this.fetchContract(origin).finally(() => this.probes.delete(origin));
      this.probes.set(origin, probe);
    }
    return probe;
  }

  /** Takes a document the test fetched itself, which saves the probe. */
  async learn(origin: string, document: OpenApiDocument): Promise<void> {
    if (this.settled.get(origin)) return;
    this.settled.set(origin, await contractFor(document));
  }

  private async fetchContract(origin: string): Promise<ResponseContract | null> {
    let response: Response;
    try {
      response = await this.fetchUnchecked(`${origin}${DOCUMENT_PATH}`, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    } catch {
      // Unreachable now (stopped, restarting): decide on a later response rather than remember a guess.
      return null;
    }
    let document: OpenApiDocument | null = null;
    if (response.ok && response.headers.get('content-type')?.includes('json')) document = readOpenApiDocument(await response.json().catch(() => null));
    else await response.body?.cancel().catch(() => undefined);
    const contract = document ? await contractFor(document) : null;
    this.settled.set(origin, contract);
    return contract;
  }
}

// Loaded on first use, so test files that never meet a documented server do not pay for ajv.
async function contractFor(document: OpenApiDocument): Promise<ResponseContract> {
  const { ResponseContract } = await import('./response-contract');
  return new ResponseContract(document);
}
