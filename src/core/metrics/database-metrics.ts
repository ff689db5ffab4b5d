import { Gauge, Registry } from 'prom-client';
import { ModerationDatabase } from '../../database/moderation-database';
import { ScrapeRead } from './scrape-read';

/** A ping a scrape waits for, and how long its answer is reused. */
const PING = { timeoutMs: 1000, ttlMs: 2000 };

/** `moderation_database_up`: whether the decision database answers `SELECT 1`, read at scrape time. */
export function registerDatabaseMetrics(registry: Registry, database: ModerationDatabase): void {
  const ping = new ScrapeRead(() => database.ping().then(() => true), PING);
  new Gauge({
    name: 'moderation_database_up',
    help: 'Whether the decision database answered a ping within 1 s (1) or not (0).',
    registers: [registry],
    async collect() {
      this.set((await ping.get()) === true ? 1 : 0);
    },
  });
}
