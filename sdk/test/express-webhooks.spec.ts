import { createHmac } from 'node:crypto';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import { DecisionEvent } from '../src';
import { verifyWebhookRequests } from '../src/express';

const SECRET = 'a-webhook-secret-of-some-length';

/** A signature header as the server makes it: HMAC-SHA256 of "<t>.<raw body>". */
function sign(body: string, secret = SECRET, at = Math.floor(Date.now() / 1000)): string {
  return `t=${at},v1=${createHmac('sha256', secret).update(`${at}.${body}`).digest('hex')}`;
}

const EVENT = JSON.stringify({ event: 'decision.created', jobId: 'job-1', decision: { id: 'decision-1', action: 'block' } });

/** A real Express receiver; `before` are the middlewares the app mounts ahead of the verifier. */
async function startReceiver(before: RequestHandler[] = []): Promise<{ url: string; received: DecisionEvent[]; close(): Promise<void> }> {
  const received: DecisionEvent[] = [];
  const app = express();
  app.post('/moderation-events', ...before, verifyWebhookRequests({ secret: SECRET }), (request: Request, response: Response) => {
    received.push(request.moderationEvent!);
    response.sendStatus(204);
  });
  // An app's own error handler: what reaches it is a mistake in the app, answered as JSON.
  app.use((error: Error, _request: Request, response: Response, _next: NextFunction) => {
    response.status(500).json({ code: 'APP_ERROR', message: error.message });
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/moderation-events`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function deliver(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; type: string | null; body: unknown }> {
  const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), body: text ? JSON.parse(text) : null };
}

describe('verifyWebhookRequests in an Express app', () => {
  it('hands a correctly signed delivery to the handler as a typed event', async () => {
    const receiver = await startReceiver();
    try {
      expect(await deliver(receiver.url, EVENT, { 'x-moderation-signature': sign(EVENT) })).toMatchObject({ status: 204 });
      expect(receiver.received).toEqual([JSON.parse(EVENT)]);
    } finally {
      await receiver.close();
    }
  });

  it('answers a missing, forged, tampered or stale signature 401 JSON with a stable code, before the handler', async () => {
    const receiver = await startReceiver();
    try {
      const refusals = [
        [{}, 'WEBHOOK_SIGNATURE_INVALID'],
        [{ 'x-moderation-signature': 'garbage' }, 'WEBHOOK_SIGNATURE_INVALID'],
        [{ 'x-moderation-signature': sign(EVENT, 'another-secret-entirely') }, 'WEBHOOK_SIGNATURE_INVALID'],
        [{ 'x-moderation-signature': sign(EVENT.replace('block', 'allow')) }, 'WEBHOOK_SIGNATURE_INVALID'],
        [{ 'x-moderation-signature': sign(EVENT, SECRET, Math.floor(Date.now() / 1000) - 3600) }, 'WEBHOOK_TIMESTAMP_STALE'],
      ] as const;
      for (const [headers, code] of refusals) {
        const answer = await deliver(receiver.url, EVENT, headers);
        expect(answer).toEqual({ status: 401, type: expect.stringContaining('application/json'), body: { statusCode: 401, code, message: expect.any(String) } });
      }
      expect(receiver.received).toEqual([]);
    } finally {
      await receiver.close();
    }
  });

  it('refuses a signed body that is not JSON (400) and an oversized one (413)', async () => {
    const receiver = await startReceiver();
    try {
      expect(await deliver(receiver.url, 'not json', { 'x-moderation-signature': sign('not json') })).toMatchObject({ status: 400, body: { code: 'WEBHOOK_BODY_INVALID' } });
      const huge = JSON.stringify({ event: 'decision.created', padding: 'x'.repeat(1024 * 1024) });
      expect(await deliver(receiver.url, huge, { 'x-moderation-signature': sign(huge) })).toMatchObject({ status: 413, body: { code: 'WEBHOOK_BODY_TOO_LARGE' } });
      expect(receiver.received).toEqual([]);
    } finally {
      await receiver.close();
    }
  });

  it('verifies a body that express.raw() already read, and reports a parsed body as the app’s mistake', async () => {
    const raw = await startReceiver([express.raw({ type: 'application/json' })]);
    const parsed = await startReceiver([express.json()]);
    try {
      expect(await deliver(raw.url, EVENT, { 'x-moderation-signature': sign(EVENT) })).toMatchObject({ status: 204 });
      expect(raw.received).toHaveLength(1);
      const misconfigured = await deliver(parsed.url, EVENT, { 'x-moderation-signature': sign(EVENT) });
      expect(misconfigured).toMatchObject({ status: 500, body: { code: 'APP_ERROR', message: expect.stringContaining('before express.json()') } });
      expect(parsed.received).toEqual([]);
    } finally {
      await raw.close();
      await parsed.close();
    }
  });

  it('refuses to start without a secret', () => {
    expect(() => verifyWebhookRequests({ secret: process.env.AN_UNSET_VARIABLE_OF_THIS_TEST! })).toThrow(/secret/);
  });
});
