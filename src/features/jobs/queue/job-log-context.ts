import { Injectable, Optional } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
// nestjs-pino 4 (the line that supports Node 20) keeps its request context here; 5 wraps the same in `runInContext`.
import { Store, storage } from 'nestjs-pino/storage';

/** What every log line of a job carries: the request that queued it and the job itself. */
export interface JobLogFields {
  /** The `x-request-id` of the request that queued the moderation job; absent for jobs queued before it was recorded. */
  readonly requestId?: string;
  readonly jobId: string;
  /** For webhook jobs: the delivery. */
  readonly deliveryId?: string;
}

/**
 * Runs a job with its ids bound to every line logged while it runs (through nestjs-pino, so the
 * Nest `Logger` of any class it calls carries them too). In a host app that does not log with
 * nestjs-pino there is nothing to bind to, and the job just runs.
 */
@Injectable()
export class JobLogContext {
  constructor(@Optional() private readonly pino?: PinoLogger) {}

  run<T>(fields: JobLogFields, work: () => Promise<T>): Promise<T> {
    if (!this.pino) return work();
    const bindings = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
    // A child of the logger in context (or the root one), so the job's lines carry its ids on top of what is bound already.
    return storage.run(new Store(this.pino.logger.child(bindings)), work);
  }
}
