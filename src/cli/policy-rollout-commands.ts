import { Command } from 'commander';
import { ModerationError } from '../engine/errors/moderation-error';
import { ModerationErrorCode } from '../engine/errors/moderation-error-code';
import { PolicyStateEntity } from '../database/entities/policy-state.entity';
import { DEFAULT_SHADOW_SINCE } from '../features/policies';
import { MAX_REASON_LENGTH } from '../features/policies/http/policy-version-request.dto';
import { toPolicyStateResponse } from '../features/policies/http/policy-views';
import { commandLineActor } from './command-line-actor';
import { EngineFlags, withEngineFlags } from './engine-flags';
import { formatShadowReport } from './format-shadow-report';
import { printOut } from './policy-versions-commands';
import { withPolicyWorkspace } from './policy-workspace';

interface ChangeFlags extends EngineFlags {
  reason: string;
  json?: boolean;
}

interface ShadowFlags extends ChangeFlags {
  off?: boolean;
}

interface ShadowReportFlags extends EngineFlags {
  version?: string;
  since: string;
  until?: string;
  examples: string;
  json?: boolean;
}

/** When running servers follow a change made here: at their next read of the policy states. */
const FOLLOW_NOTE = 'Running servers and workers follow within MODERATION_POLICY_REFRESH_SECONDS (10 s by default).';

/** `moderate policy shadow <id> <version>|--off --reason …`: as PUT /v1/policies/{id}/shadow. */
export function policyShadowCommand(): Command {
  return withEngineFlags(
    new Command('shadow')
      .description('run a stored version in shadow beside the active one (scored and logged, never acted on), or stop the shadow with --off; audited')
      .argument('<id>', 'policy id')
      .argument('[version]', 'a stored version of the policy (moderate policy versions)')
      .option('--off', 'stop the shadow')
      .requiredOption('-r, --reason <text>', 'why, for the audit trail')
      .option('--json', 'print the new state as JSON'),
  ).action(async (id: string, version: string | undefined, flags: ShadowFlags) => {
    if ((version === undefined) === (flags.off !== true)) {
      const reason = 'give a version to run in shadow, or --off to stop the shadow (not both)';
      throw new ModerationError(ModerationErrorCode.ValidationFailed, `policy shadow ${id}: ${reason}`, { errors: [{ field: 'version', reasons: [reason] }] });
    }
    const why = checkedReason(flags.reason);
    await withPolicyWorkspace(flags, async ({ versions }) => {
      const before = await versions.state(id);
      const after = await versions.shadow(id, version ?? null, why, commandLineActor());
      const what = after.shadowVersion === null ? 'no version runs in shadow' : `${after.shadowVersion} runs in shadow`;
      printChange(flags, after, `Policy ${id}: ${what} (before: ${before.shadowVersion ?? 'none'}); active ${after.activeVersion}.`);
    });
  });
}

/** `moderate policy promote <id> <version> --reason …`: as POST /v1/policies/{id}/promote. */
export function policyPromoteCommand(): Command {
  return withEngineFlags(
    new Command('promote')
      .description('make a stored version the one the policy enforces, from the next request on and across restarts; audited')
      .argument('<id>', 'policy id')
      .argument('<version>', 'a stored version of the policy (moderate policy versions)')
      .requiredOption('-r, --reason <text>', 'why, for the audit trail')
      .option('--json', 'print the new state as JSON'),
  ).action(async (id: string, version: string, flags: ChangeFlags) => {
    const why = checkedReason(flags.reason);
    await withPolicyWorkspace(flags, async ({ versions }) => {
      const before = await versions.state(id);
      const after = await versions.promote(id, version, why, commandLineActor());
      printChange(flags, after, `Policy ${id}: ${after.activeVersion} is now active (before: ${before.activeVersion}); in shadow: ${after.shadowVersion ?? 'none'}.`);
    });
  });
}

/** `moderate policy shadow-report <id>`: as GET /v1/policies/{id}/shadow-report, over the last 7 days by default. */
export function policyShadowReportCommand(): Command {
  return withEngineFlags(
    new Command('shadow-report')
      .description('compare the decisions of the version in shadow with the enforced decisions beside them: agreement, changes per category, examples')
      .argument('<id>', 'policy id')
      .option('--version <version>', 'the version that ran in shadow (default: the one in shadow now)')
      .option('--since <time>', 'shadow decisions from this time (ISO-8601, or 7d, 12h ago)', DEFAULT_SHADOW_SINCE)
      .option('--until <time>', 'shadow decisions before this time')
      .option('--examples <n>', 'decision ids listed per kind of change (0-100)', '5')
      .option('--json', 'print the report as JSON'),
  ).action(async (id: string, flags: ShadowReportFlags) => {
    const examples = Number(flags.examples);
    if (!Number.isInteger(examples) || examples < 0 || examples > 100) {
      const reason = 'must be a whole number from 0 to 100';
      throw new ModerationError(ModerationErrorCode.ValidationFailed, `--examples ${flags.examples}: ${reason}`, { errors: [{ field: 'examples', reasons: [reason] }] });
    }
    await withPolicyWorkspace(flags, async ({ shadowReports }) => {
      const report = await shadowReports.report(id, { version: flags.version, since: flags.since, until: flags.until, examples });
      printOut(flags.json ? [JSON.stringify(report, null, 2)] : formatShadowReport(report));
    });
  });
}

/** The reason as the API takes it: not blank, at most MAX_REASON_LENGTH characters. */
function checkedReason(text: string): string {
  const reason = text.trim();
  if (reason.length > 0 && reason.length <= MAX_REASON_LENGTH) return reason;
  const why = reason.length === 0 ? 'must not be blank' : `must be at most ${MAX_REASON_LENGTH} characters`;
  throw new ModerationError(ModerationErrorCode.ValidationFailed, `--reason: ${why}`, { errors: [{ field: 'reason', reasons: [why] }] });
}

/** The state after a change: JSON as the API answers it (with the audit actor), or a line for people. */
function printChange(flags: { json?: boolean }, state: PolicyStateEntity, line: string): void {
  const actor = commandLineActor().commandLine.name;
  if (flags.json) printOut([JSON.stringify({ ...toPolicyStateResponse(state), actor }, null, 2)]);
  else printOut([line, `Audited as ${actor}. ${FOLLOW_NOTE}`]);
}
