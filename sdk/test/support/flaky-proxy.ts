import { IncomingMessage, Server, ServerResponse, createServer, request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';

/** What the proxy does with the next request. */
export type ProxyFault = { kind: 'status'; status: number; retryAfter?: string } | { kind: 'drop-response' };

/** A proxy in front of the real server that can answer with faults first, counting what it saw. */
export interface FlakyProxy {
  readonly url: string;
  /** Faults applied to the next requests, in order. */
  readonly faults: ProxyFault[];
  readonly seen: Array<{ method: string; path: string; idempotencyKey?: string; at: number }>;
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 forwarding to `target`. */
export async function startFlakyProxy(target: string): Promise<FlakyProxy> {
  const faults: ProxyFault[] = [];
  const seen: FlakyProxy['seen'] = [];
  const upstream = new URL(target);
  const server: Server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    seen.push({ method: incoming.method ?? '', path: incoming.url ?? '', idempotencyKey: incoming.headers['idempotency-key'] as string | undefined, at: Date.now() });
    const fault = faults.shift();
    if (fault?.kind === 'status') {
      incoming.resume();
      outgoing.writeHead(fault.status, { 'content-type': 'application/json', ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}) });
      outgoing.end(JSON.stringify({ statusCode: fault.status, code: 'SERVICE_UNAVAILABLE', message: 'try later' }));
      return;
    }
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        if (fault?.kind === 'drop-response') {
          // The server did the work; the client never hears back, as when a connection dies.
          answer.resume();
          answer.on('end', () => outgoing.socket?.destroy());
          return;
        }
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forward.on('error', () => outgoing.socket?.destroy());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    faults,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
