import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { createServer } from '../../src/app/create-server';
import { RED, solidImage } from '../support/colour-images';
import { ModerationFixture, createModerationFixture } from '../support/moderation-fixture';

/** Response bodies, checked field by field. */
type Json = Record<string, any>;

const MAX_BYTES = 300_000;

/** Writes `raw` on a fresh connection and collects what comes back until the server closes it. */
function exchange(port: number, raw: string | Buffer, waitMs = 10_000): Promise<{ text: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ text, ms: Date.now() - started }));
    socket.setTimeout(waitMs, () => socket.destroy());
    socket.write(raw);
  });
}

/**
 * Streams a large multipart upload (declared or chunked) until the server answers; resolves with
 * the answer and how many bytes had been sent by then.
 */
function streamUpload(port: number, totalBytes: number, declareLength: boolean): Promise<{ status: number; body: Json; sent: number }> {
  return new Promise((resolve, reject) => {
    const boundary = 'moderation-test-boundary';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const headers: Record<string, string | number> = { 'content-type': `multipart/form-data; boundary=${boundary}` };
    if (declareLength) headers['content-length'] = head.length + totalBytes + tail.length;
    const call = request({ host: '127.0.0.1', port, method: 'POST', path: '/v1/moderations?policy=colours', headers });
    let sent = 0;
    let answered = false;
    call.on('response', (response) => {
      answered = true;
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, body: JSON.parse(text) as Json, sent }));
    });
    call.on('error', (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, 7);
    const pump = (): void => {
      while (!answered && sent < totalBytes) {
        sent += chunk.length;
        if (!call.write(chunk)) {
          call.once('drain', pump);
          return;
        }
      }
      if (!answered) call.end(tail);
    };
    call.write(head);
    pump();
  });
}

describe('HTTP request handling', () => {
  let fixture: ModerationFixture;
  let app: INestApplication;
  let port: number;
  let base: string;

  beforeAll(async () => {
    fixture = await createModerationFixture('http-hardening');
    ({ app } = await createServer({
      MODERATION_MODEL: fixture.modelDir,
      MODERATION_POLICIES: fixture.policiesDir,
      MODERATION_CACHE_DIR: fixture.cacheDir,
      MODERATION_DATA_DIR: join(fixture.root, 'data'),
      MODERATION_AUTH: 'disabled',
      MODERATION_MAX_BYTES: String(MAX_BYTES),
      MODERATION_HEADERS_TIMEOUT_MS: '1000',
      MODERATION_REQUEST_TIMEOUT_MS: '3000',
      LOG_LEVEL: 'error',
    }));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    port = Number(new URL(base).port);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it('refuses an oversized multipart upload while it streams, declared or not', async () => {
    for (const declareLength of [true, false]) {
      const answer = await streamUpload(port, 200 * 1024 * 1024, declareLength);
      expect({ declareLength, status: answer.status, code: answer.body.code }).toEqual({ declareLength, status: 413, code: 'IMAGE_TOO_LARGE' });
      // Refused long before 200 MB arrived: within a few socket buffers of the limit.
      expect(answer.sent).toBeLessThan(16 * 1024 * 1024);
    }
    // And the server still works.
    const form = new FormData();
    form.append('file', new Blob([await solidImage(RED)]), 'red.png');
    expect((await fetch(`${base}/v1/moderations?policy=colours`, { method: 'POST', body: form })).status).toBe(200);
  });

  it('answers 431 to oversized headers instead of resetting the connection', async () => {
    const answer = await exchange(port, `GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
    expect(answer.text).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(answer.text.slice(answer.text.indexOf('\r\n\r\n') + 4))).toMatchObject({ statusCode: 431, code: 'REQUEST_HEADERS_TOO_LARGE' });
  });

  it('cuts a client that sends its headers too slowly, and one whose body never comes', async () => {
    const slowHeaders = await exchange(port, 'POST /v1/moderations HTTP/1.1\r\nHost: localhost\r\n');
    expect(slowHeaders.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(slowHeaders.ms).toBeLessThan(3_000);
    const slowBody = await exchange(port, 'POST /v1/moderations?policy=colours HTTP/1.1\r\nHost: localhost\r\nContent-Type: image/png\r\nContent-Length: 1000\r\n\r\nonly-a-little');
    expect(slowBody.ms).toBeLessThan(6_000);
  });

  it('does not log a client that hangs up mid-upload as a server error', async () => {
    // The server logs errors (LOG_LEVEL=error) to stdout, in this process (stderr is watched too).
    const errors: string[] = [];
    const keep = (chunk: string | Uint8Array): boolean => {
      errors.push(String(chunk));
      return true;
    };
    const spies = [jest.spyOn(process.stdout, 'write').mockImplementation(keep), jest.spyOn(process.stderr, 'write').mockImplementation(keep)];
    try {
      const boundary = 'gone';
      const multipart = `POST /v1/moderations?policy=colours HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 100000\r\n\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.png"\r\n\r\n${'x'.repeat(5000)}`;
      const raw = `POST /v1/moderations?policy=colours HTTP/1.1\r\nHost: localhost\r\nContent-Type: image/png\r\nContent-Length: 100000\r\n\r\n${'x'.repeat(5000)}`;
      for (const partial of [multipart, raw]) {
        await new Promise<void>((resolve) => {
          const socket = connect(port, '127.0.0.1', () => {
            socket.write(partial, () => setTimeout(() => socket.destroy(), 100));
          });
          socket.on('close', () => resolve());
          socket.on('error', () => resolve());
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(errors.join('')).not.toMatch(/ 500 |INTERNAL_ERROR/);
  });

  it('says nothing about the framework, and puts a Content-Security-Policy on the API docs', async () => {
    for (const path of ['/health/live', '/v1/decisions/not-a-uuid', '/docs', '/nope']) {
      const response = await fetch(`${base}${path}`);
      await response.text();
      expect({ path, poweredBy: response.headers.get('x-powered-by') }).toEqual({ path, poweredBy: null });
    }
    const docs = await fetch(`${base}/docs`);
    const policy = docs.headers.get('content-security-policy') ?? '';
    expect(await docs.text()).toContain('swagger-ui');
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/script-src[^;]*unsafe/);
  });
});
