import { createHmac, timingSafeEqual } from 'node:crypto';
import { IncomingHttpHeaders, Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface ReceivedWebhook {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
  /** Whether the signature header matched the body under the receiver's secret. */
  readonly signatureValid: boolean;
  /** The status the receiver answered. */
  readonly answered: number;
}

/**
 * A webhook receiver on 127.0.0.1 that checks every delivery's signature the way the README tells
 * receivers to (independently of the server's signing code), answers with scripted statuses and
 * keeps what it received.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly scripted = new Map<string, number[]>();
  private readonly server: Server;

  private constructor(private readonly secret: string) {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '/';
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const answered = this.scripted.get(path)?.shift() ?? 200;
        this.received.push({ path, headers: request.headers, rawBody, signatureValid: this.verify(request.headers, rawBody), answered });
        response.writeHead(answered, { 'content-type': 'text/plain' }).end(answered < 300 ? 'ok' : 'not now');
      });
    });
  }

  /** Starts a receiver checking signatures with `secret`. */
  static async start(secret: string): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(secret);
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  /** `http://127.0.0.1:<port><path>`. */
  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  /** Answers the next requests to `path` with these statuses, then 200. */
  script(path: string, statuses: number[]): void {
    this.scripted.set(path, [...statuses]);
  }

  /** Requests received on `path`. */
  on(path: string): ReceivedWebhook[] {
    return this.received.filter((request) => request.path === path);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private verify(headers: IncomingHttpHeaders, rawBody: string): boolean {
    const header = String(headers['x-moderation-signature'] ?? '');
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
    if (!match) return false;
    const expected = createHmac('sha256', this.secret).update(`${match[1]}.${rawBody}`).digest();
    const fresh = Math.abs(Date.now() / 1000 - Number(match[1])) <= 300;
    return fresh && timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'));
  }
}
