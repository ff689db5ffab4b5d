import { ContractViolation } from './contract-violation';
import { ObservedResponse, observeResponse } from './observed-response';
import { DOCUMENT_PATH, OriginContracts } from './origin-contracts';
import { readOpenApiDocument } from './openapi-document';

/**
 * The header this server puts on every response (its request-id middleware). Only origins that
 * send it are asked for their document: webhook receivers, fake hubs and a proxy's injected faults
 * never are, so the probe never shows up in the requests those test doubles record.
 */
export const SERVER_MARKER_HEADER = 'x-request-id';

type FetchInput = Parameters<typeof fetch>[0];

/**
 * A fetch that holds every response from a documented server to that server's OpenAPI document.
 *
 * From an origin whose document is known, a violating response makes the fetch reject with a
 * {@link ContractViolation}, so the test fails at the call. The first responses from an origin
 * not yet asked are kept and checked by {@link settle} once the test is over: asking then, rather
 * than in the middle of the test, keeps the probe out of what a proxy in front of the server counts
 * while the test runs. A test that fetches the document itself makes its origin known at once.
 */
export class ContractCheckedFetch {
  readonly fetch: typeof fetch;
  private readonly contracts: OriginContracts;
  private pending: ObservedResponse[] = [];
  private violations: ContractViolation[] = [];
  private checked = 0;

  /** @param unchecked the fetch underneath; also for setup calls whose answers a test needs even when they break the contract. */
  constructor(readonly unchecked: typeof fetch) {
    this.contracts = new OriginContracts(unchecked);
    this.fetch = (input, init) => this.checkedFetch(input, init, new Error());
  }

  /** Responses held to a document so far (a test can assert the checks are really on). */
  get checkedCount(): number {
    return this.checked;
  }

  /**
   * Checks the responses kept from origins that were not known yet, and returns (and forgets) every
   * violation seen since the last call, including those that already rejected their fetch: code
   * under test may have caught that rejection (an SDK retrying, a `.catch`).
   */
  async settle(): Promise<ContractViolation[]> {
    for (const observed of this.pending.splice(0)) {
      const contract = await this.contracts.probe(observed.url.origin);
      if (contract) this.record(contract.check(observed));
    }
    return this.violations.splice(0);
  }

  /** Returns and forgets the violations seen so far, for a test that reports them itself. */
  takeViolations(): ContractViolation[] {
    return this.violations.splice(0);
  }

  /** `callSite` is made before the first await, so its stack still leads to the line that called fetch. */
  private async checkedFetch(input: FetchInput, init: RequestInit | undefined, callSite: Error): Promise<Response> {
    const response = await this.unchecked(input, init);
    const target = requestTarget(input, init);
    if (!target) return response;
    const contract = this.contracts.known(target.url.origin);
    const wanted = contract !== null && (contract !== undefined || response.headers.has(SERVER_MARKER_HEADER));
    if (!wanted) return response;

    const observed = await observeResponse(target.method, target.url, response);
    if (target.url.pathname === DOCUMENT_PATH) {
      // The document itself is no operation of the document; it only makes its origin known.
      await this.learnDocument(observed);
      return response;
    }
    if (contract === undefined) {
      this.pending.push(observed);
      return response;
    }
    const violation = contract.check(observed);
    this.record(violation);
    if (!violation) return response;
    await response.body?.cancel().catch(() => undefined);
    throw pointedAtCaller(violation, callSite);
  }

  private record(violation: ContractViolation | null): void {
    this.checked++;
    if (violation) this.violations.push(violation);
  }

  private async learnDocument(observed: ObservedResponse): Promise<void> {
    if (observed.method !== 'GET' || observed.status !== 200 || observed.body === null) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(observed.body);
    } catch {
      return;
    }
    const document = readOpenApiDocument(parsed);
    if (document) await this.contracts.learn(observed.url.origin, document);
  }
}

/**
 * The violation with the stack of the fetch call, minus this wrapper's frames, so jest shows the
 * test's own line (the request that broke the contract) rather than the checker's.
 */
function pointedAtCaller(violation: ContractViolation, callSite: Error): ContractViolation {
  const frames = (callSite.stack ?? '').split('\n').slice(1).filter((frame) => !frame.includes(__filename));
  violation.stack = [`${violation.name}: ${violation.message}`, ...frames].join('\n');
  return violation;
}

/** The method and absolute URL of a fetch call, whichever of its forms was used; null if it has no absolute URL. */
function requestTarget(input: FetchInput, init: RequestInit | undefined): { method: string; url: URL } | null {
  // A Request has a method; a string or URL does not (checked by shape, since a test realm's classes differ from Node's).
  const request = typeof input === 'object' && 'method' in input ? input : null;
  try {
    return { method: (init?.method ?? request?.method ?? 'GET').toUpperCase(), url: new URL(request ? request.url : String(input)) };
  } catch {
    return null;
  }
}
