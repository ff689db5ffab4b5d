import { Command } from 'commander';
import { ModerationError } from '../engine/errors/moderation-error';
import { ModerationErrorCode } from '../engine/errors/moderation-error-code';
import { EngineFlags, withEngineFlags } from './engine-flags';
import { formatDiff, formatHistory } from './format-policy-versions';
import { withPolicyWorkspace } from './policy-workspace';

interface JsonFlag extends EngineFlags {
  json?: boolean;
}

interface DiffFlags extends JsonFlag {
  from?: string;
  to?: string;
}

/** `moderate policy versions <id>`: the history, as GET /v1/policies/{id}/versions answers it. */
export function policyVersionsCommand(): Command {
  return withEngineFlags(
    new Command('versions')
      .description("list a policy's versions in the server's database, newest first, with the active and the shadow one")
      .argument('<id>', 'policy id')
      .option('--json', 'print the history as JSON'),
  ).action(async (id: string, flags: JsonFlag) => {
    await withPolicyWorkspace(flags, async ({ versions }) => {
      const history = await versions.history(id);
      printOut(flags.json ? [JSON.stringify(history, null, 2)] : formatHistory(history));
    });
  });
}

/**
 * `moderate policy diff <id>`: what changes between two versions. Defaults as the HTML report's:
 * the active version against the shadow one, else the version active before against the active one.
 */
export function policyDiffCommand(): Command {
  return withEngineFlags(
    new Command('diff')
      .description('show what changes between two versions of a policy: thresholds, prompts added and removed, scoring, categories')
      .argument('<id>', 'policy id')
      .option('--from <version>', 'default: the active version, or (with no version in shadow) the version active before it')
      .option('--to <version>', 'default: the version in shadow, else the active version')
      .option('--json', 'print the diff as JSON'),
  ).action(async (id: string, flags: DiffFlags) => {
    await withPolicyWorkspace(flags, async ({ versions, reports }) => {
      const pair = await reports.comparedVersions(id, { from: flags.from, to: flags.to });
      if (pair.from === null) {
        const reason = `${pair.to} is the policy's only version so far; there is nothing to compare it with (give --from)`;
        throw new ModerationError(ModerationErrorCode.ValidationFailed, `policy diff ${id}: ${reason}`, { errors: [{ field: 'from', reasons: [reason] }] });
      }
      const diff = await versions.diff(id, pair.from, pair.to);
      printOut(flags.json ? [JSON.stringify({ ...diff, compared: pair.compared }, null, 2)] : formatDiff(diff, pair.compared));
    });
  });
}

/** Lines on stdout, ending in a newline. */
export function printOut(lines: readonly string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
}
