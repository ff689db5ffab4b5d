/**
 * Runs in a child process (`node -r @swc-node/register`), so a test can write and read the
 * decision log from processes in different time zones: TZ only takes effect for a whole process
 * (inside jest, process.env is a sandboxed copy). Takes one JSON argument, a {@link Task}, and
 * prints a JSON {@link TaskResult} on stdout.
 */
import { DataSource } from 'typeorm';
import { DatabaseConfig, createDataSourceOptions } from '../../../src/database/database-config';
import { DecisionRepository } from '../../../src/core/decisions/decision.repository';
import { StoredDecision } from '../../../src/core/decisions/decision.types';
import { makeDecision, makePolicy } from './decision-fixture';
import { ModerationDatabase } from '../../../src/database/moderation-database';

/** What the child does. */
export type Task =
  | { readonly action: 'record'; readonly config: DatabaseConfig; readonly decidedAt: readonly string[] }
  | { readonly action: 'list'; readonly config: DatabaseConfig; readonly from?: string; readonly to?: string; readonly limit: number };

/** What the child prints. */
export interface TaskResult {
  /** The child's UTC offset (Date#getTimezoneOffset) at the first time involved, proving TZ took effect. */
  readonly offsetMinutes: number;
  /** Recorded (record) or listed (list, every page, newest first) decisions. */
  readonly decisions: StoredDecision[];
}

async function run(task: Task): Promise<TaskResult> {
  const dataSource = new DataSource(createDataSourceOptions(task.config));
  await dataSource.initialize();
  try {
    const store = new DecisionRepository(new ModerationDatabase(dataSource));
    const policy = makePolicy();
    const decisions: StoredDecision[] = [];
    let probe: string;
    if (task.action === 'record') {
      probe = task.decidedAt[0]!;
      for (const [index, decidedAt] of task.decidedAt.entries()) {
        decisions.push(await store.record({ decision: makeDecision(policy, { decidedAt, seed: index + 1 }), policy }));
      }
    } else {
      probe = task.from ?? task.to ?? '2026-01-15T00:00:00.000Z';
      const filter = { from: task.from === undefined ? undefined : new Date(task.from), to: task.to === undefined ? undefined : new Date(task.to) };
      let cursor: string | undefined;
      do {
        const page = await store.list(filter, { limit: task.limit, cursor });
        decisions.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
    }
    return { offsetMinutes: new Date(probe).getTimezoneOffset(), decisions };
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  run(JSON.parse(process.argv[2]!) as Task).then(
    (result) => process.stdout.write(JSON.stringify(result)),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
