import { randomUUID } from 'node:crypto';
import { ModerationError } from '../../engine/errors/moderation-error';
import { isDecisionId } from '../../shared/database/cursor';
import { DECISION_MODES, RecordDecisionInput } from './decision.types';
import { DecisionToStore } from './decision-rows';
import { isStorableTime } from '../../shared/database/utc-text';
import { ModerationErrorCode } from '../../engine/errors/moderation-error-code';
import { FORBIDDEN_CONTROL_REASON, hasForbiddenControl } from '../../shared/text/control-characters';

/** Matches the `subject` and `source` columns (varchar(255)); PostgreSQL would refuse longer text. */
export const MAX_LABEL_LENGTH = 255;

interface Problem {
  readonly key: string;
  readonly reason: string;
}

/**
 * Checks what the database would otherwise reject, or store in a way that could not be explained
 * later (a snapshot of another policy than the one the decision names), and settles defaults.
 * Throws ModerationError ValidationFailed listing every problem.
 */
export function checkRecordInput(input: RecordDecisionInput): DecisionToStore {
  const { decision, policy } = input;
  const problems: Problem[] = [];
  if (decision.policy.id !== policy.id || decision.policy.version !== policy.version) {
    problems.push({
      key: 'policy',
      reason: `the decision was made under ${decision.policy.id}@${decision.policy.version}, not ${policy.id}@${policy.version}`,
    });
  }
  const createdAt = new Date(decision.decidedAt);
  if (Number.isNaN(createdAt.getTime())) problems.push({ key: 'decidedAt', reason: 'must be an ISO-8601 time' });
  // Stored as 24-character UTC text, which only the years 0000 to 9999 have.
  else if (!isStorableTime(createdAt)) problems.push({ key: 'decidedAt', reason: 'must lie within the years 0000 to 9999' });
  for (const key of ['subject', 'source'] as const) {
    const value = input[key];
    if (value !== undefined && value.length > MAX_LABEL_LENGTH) problems.push({ key, reason: `must be at most ${MAX_LABEL_LENGTH} characters` });
    else if (value !== undefined && hasForbiddenControl(value)) problems.push({ key, reason: FORBIDDEN_CONTROL_REASON });
  }
  if (input.idempotencyKey !== undefined && !/^[\x21-\x7e]{1,200}$/.test(input.idempotencyKey)) {
    problems.push({ key: 'idempotencyKey', reason: 'must be 1 to 200 printable ASCII characters' });
  }
  if (input.jobId !== undefined && !/^[\x21-\x7e]{1,64}$/.test(input.jobId)) {
    problems.push({ key: 'jobId', reason: 'must be 1 to 64 printable ASCII characters' });
  }
  if (input.apiKeyId !== undefined && !isDecisionId(input.apiKeyId)) problems.push({ key: 'apiKeyId', reason: 'must be a lowercase UUID' });
  const mode = input.mode ?? 'enforce';
  if (!DECISION_MODES.includes(mode)) problems.push({ key: 'mode', reason: `must be one of ${DECISION_MODES.join(', ')}` });
  if (input.shadowOf !== undefined) {
    if (!isDecisionId(input.shadowOf)) problems.push({ key: 'shadowOf', reason: 'must be a lowercase UUID' });
    // Only a shadow-mode decision accompanies another; an enforced one stands on its own.
    if (mode !== 'shadow') problems.push({ key: 'shadowOf', reason: 'is only allowed with mode shadow' });
  }
  // Absent (a decision built before hashes existed) is stored as null, like null.
  const pdq = decision.pdq ?? null;
  if (pdq !== null && !/^[0-9a-f]{64}$/.test(pdq.hash)) problems.push({ key: 'pdq.hash', reason: 'must be 64 lowercase hex digits' });
  if (pdq !== null && !(Number.isInteger(pdq.quality) && pdq.quality >= 0 && pdq.quality <= 100)) problems.push({ key: 'pdq.quality', reason: 'must be an integer from 0 to 100' });
  // Frames are stored end to end and split by the embedding's length when read back.
  const dim = decision.embedding.length;
  // Only a decision a blocking bank match made without the model has no embedding (and no frames).
  const unscored = decision.categories.length === 0 && decision.frameEmbeddings.length === 0 && decision.matches.some((match) => match.action === 'block');
  if (dim === 0 && !unscored) problems.push({ key: 'embedding', reason: 'must not be empty' });
  if (decision.frameEmbeddings.some((frame) => frame.length !== dim)) {
    problems.push({ key: 'frameEmbeddings', reason: `every frame must have ${dim} values, like the embedding` });
  }
  if (problems.length > 0) {
    throw new ModerationError(ModerationErrorCode.ValidationFailed, `Cannot record decision: ${problems.map((p) => `${p.key} ${p.reason}`).join('; ')}`, {
      errors: problems.map((problem) => ({ field: problem.key, reasons: [problem.reason] })),
    });
  }
  return { id: randomUUID(), createdAt, input, subject: input.subject ?? null, source: input.source ?? null, mode, held: input.held ?? false, idempotencyKey: input.idempotencyKey ?? null, jobId: input.jobId ?? null, apiKeyId: input.apiKeyId ?? null, shadowOf: input.shadowOf ?? null };
}
