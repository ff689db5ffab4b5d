import { Command } from 'commander';
import { moduleOptionsFromEnvironment } from '../app/module-options-from-environment';
import { loadEnvironment } from '../config/load-environment';
import { ModerationError } from '../engine/errors/moderation-error';
import { ModerationErrorCode } from '../engine/errors/moderation-error-code';
import { ModerationEngine } from '../engine/moderation-engine';
import { isModerationAction } from '../engine/policy/moderation-action';
import { DecisionSearchIndex, DecisionSearchService, MAX_SEARCH_LIMIT, SearchHit, SearchIndexRepository, searchSettings } from '../features/search';
import { EngineFlags, engineOptionsFromFlags, withEngineFlags } from './engine-flags';
import { openDecisionLog } from './open-decision-log';
import { textTable } from './text-table';

interface SearchFlags extends EngineFlags {
  since?: string;
  until?: string;
  policy?: string;
  action?: string;
  reviewed?: boolean;
  limit: string;
  json?: boolean;
}

/** `moderate search "<text>"`: the stored decisions whose images best match a description. */
export function searchCommand(): Command {
  return withEngineFlags(
    new Command('search')
      .description("search the server's stored decisions by text: ranked by how well each decision's image matches it")
      .argument('<text>', 'what to look for, e.g. "a photo of a handgun"')
      .option('--since <time>', 'decisions from this time (ISO-8601, or 30d, 12h ago)')
      .option('--until <time>', 'decisions before this time')
      .option('--policy <id>', 'only decisions made under this policy')
      .option('--action <action>', 'only decisions that enforced allow, review or block')
      .option('--reviewed', 'only decisions whose review a person closed')
      .option('--limit <n>', `hits to print (1-${MAX_SEARCH_LIMIT})`, '20')
      .option('--json', 'print the hits as a JSON array'),
  ).action(async (text: string, flags: SearchFlags) => {
    process.exitCode = await runSearch(text, flags);
  });
}

async function runSearch(text: string, flags: SearchFlags): Promise<number> {
  if (flags.action !== undefined && !isModerationAction(flags.action)) {
    throw new ModerationError(ModerationErrorCode.ValidationFailed, `--action ${flags.action}: must be allow, review or block`, { errors: [{ field: 'action', reasons: ['must be allow, review or block'] }] });
  }
  const limit = Number(flags.limit);
  if (!(Number.isInteger(limit) && limit >= 1 && limit <= MAX_SEARCH_LIMIT)) {
    throw new ModerationError(ModerationErrorCode.ValidationFailed, `--limit ${flags.limit}: must be an integer from 1 to ${MAX_SEARCH_LIMIT}`, { errors: [{ field: 'limit', reasons: ['out of range'] }] });
  }
  const env = loadEnvironment(process.env);
  const log = (line: string): void => void process.stderr.write(`moderate: ${line}\n`);
  // Only the text encoder is used: no policy files are needed.
  const { options } = engineOptionsFromFlags(env, flags, []);
  const engine = await ModerationEngine.create(options);
  try {
    const database = await openDecisionLog(env, log);
    try {
      const repository = new SearchIndexRepository(database);
      // The server's snapshot when there is one (read, never written: it is the server's), then the rows since.
      const settings = searchSettings(moduleOptionsFromEnvironment(env));
      const index = new DecisionSearchIndex({ ...settings, repository, modelId: engine.model.id, writeSnapshots: false, log: { log: () => undefined, warn: log } });
      const page = await new DecisionSearchService(index, repository, engine).search({
        text,
        policy: flags.policy,
        action: flags.action as SearchHit['action'] | undefined,
        from: flags.since,
        to: flags.until,
        reviewed: flags.reviewed ? true : undefined,
        limit,
      });
      const output = flags.json ? JSON.stringify(page.items, null, 2) : formatHits(page.items, page.indexedDecisions).join('\n');
      process.stdout.write(`${output}\n`);
      return 0;
    } finally {
      await database.close();
    }
  } finally {
    await engine.close();
  }
}

function formatHits(hits: readonly SearchHit[], indexed: number): string[] {
  const rows = hits.map((hit) => [
    hit.decisionId,
    hit.similarity.toFixed(3),
    hit.decidedAt,
    hit.policy.id,
    hit.action,
    hit.review?.verdict ?? '-',
    hit.subject ?? '-',
    hit.imageRetained ? 'kept' : '-',
  ]);
  const table = textTable([['decision', 'similarity', 'decided', 'policy', 'action', 'review', 'subject', 'image'], ...rows]);
  return [...table, `${hits.length} of ${indexed} indexed decisions`];
}
