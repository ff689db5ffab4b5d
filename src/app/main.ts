import 'reflect-metadata';
import { isModerationError } from '../engine/errors/moderation-error';
import { createServer } from './create-server';

/** `npm start`: the standalone moderation server. */
export async function main(): Promise<void> {
  const { app, config, shutdown } = await createServer();
  shutdown.listen();
  await app.listen(config.PORT ?? 3000, config.HOST ?? '0.0.0.0');
  process.stderr.write(`moderation server ${process.pid} listening on ${await app.getUrl()} (OpenAPI at /docs)\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    // One line an operator can act on: for bad configuration it lists every bad key.
    const text = isModerationError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`moderation server failed to start: ${text}\n`);
    process.exit(1);
  });
}
