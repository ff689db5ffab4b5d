import { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { INestApplication, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** Default of `MODERATION_SHUTDOWN_GRACE_MS`: within the 30 s most orchestrators allow before SIGKILL. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 25_000;

/** How often idle keep-alive connections are closed while draining (one may turn idle at any time). */
const IDLE_SWEEP_MS = 100;

/**
 * The server's shutdown, bounded and in order. Nest's own shutdown hooks close the HTTP server
 * last, so a server under keep-alive traffic would keep accepting requests while its hooks wait for
 * the work under way; this one stops the HTTP side first:
 *
 * 1. the listener closes (no new connections), idle keep-alive connections are closed, and every
 *    answer from then on carries `Connection: close`, so each busy connection ends after its
 *    current request;
 * 2. when the last connection has ended, or `graceMs` after the signal, whichever is first (then the
 *    remaining connections are cut), the Nest app closes: queue processors finish or hand back
 *    their jobs, the engine drains, the database closes;
 * 3. the process exits.
 */
export class GracefulShutdown {
  private readonly logger = new Logger('Shutdown');
  private draining = false;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly app: INestApplication,
    private readonly graceMs: number,
  ) {}

  /** Express middleware: once draining, every answer closes its connection behind it. */
  readonly middleware = (_request: Request, response: Response, next: NextFunction): void => {
    if (this.draining) response.setHeader('Connection', 'close');
    next();
  };

  /** Stops the server on SIGTERM or SIGINT, then exits (0, or 1 when the shutdown itself failed). */
  listen(signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): void {
    for (const signal of signals) {
      process.once(signal, () => {
        this.stop(signal).then(
          () => process.exit(0),
          (error: unknown) => {
            this.logger.error(`shutdown failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
            process.exit(1);
          },
        );
      });
    }
  }

  /** Drains and closes the server and the app; later calls wait for the first. */
  stop(reason: string): Promise<void> {
    this.stopping ??= this.drainAndClose(reason);
    return this.stopping;
  }

  private async drainAndClose(reason: string): Promise<void> {
    const started = Date.now();
    this.logger.log(`${reason}: no new connections; finishing the requests under way (at most ${this.graceMs} ms)`);
    this.draining = true;
    const server = this.app.getHttpServer() as Server;
    const closed = new Promise<boolean>((resolve) => server.close(() => resolve(true)));
    server.closeIdleConnections();
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    const grace = new AbortController();
    const drained = await Promise.race([closed, sleep(this.graceMs, false, { signal: grace.signal }).catch(() => false)]);
    grace.abort();
    clearInterval(sweep);
    if (!drained) {
      this.logger.warn(`requests still under way after ${this.graceMs} ms; closing their connections`);
      server.closeAllConnections();
    }
    await this.app.close();
    this.logger.log(`stopped in ${Date.now() - started} ms`);
  }
}
