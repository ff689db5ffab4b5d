import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { throwIfAborted } from '../engine/admission/abort';
import { ModerationError } from '../engine/errors/moderation-error';
import { ModerationErrorCode } from '../engine/errors/moderation-error-code';
import { ModerationEngine } from '../engine/moderation-engine';
import { Policy } from '../engine/policy/policy.types';
import { ModerationDecision } from '../engine/scoring/moderation-decision';
import { EmbeddingMatcher, KnownContentMatch, KnownContentMatcher } from '../engine/scoring/known-content-match';
import { matchFrameEmbeddings } from '../engine/scoring/match-frame-embeddings';
import { AppErrorCode } from '../shared/errors/app-error-code';
import { CoreOptions } from './core-options';
import { MODERATION_MODULE_OPTIONS } from './core.module-definition';
import { DecisionRepository } from './decisions/decision.repository';
import { DecisionFilter, DecisionPage, StoredDecision } from './decisions/decision.types';
import { JOB_SUBMISSION, JobSubmission } from './jobs/job-submission';
import { EnqueueOptions, ModerationJobStatus } from './jobs/moderation-job';
import { queueNotConfigured } from './jobs/queue-not-configured';
import { SERVED_POLICIES, ServedPolicies, policyFiles } from './policies/served-policies';
import { shadowDecision } from './policies/shadow-decision';
import { UploadInput, readUpload } from './upload/read-upload';
import { HELD_UPLOADS, HeldUploads } from './upload/held-uploads';
import { KNOWN_CONTENT, KnownContent, sameMatchedEntries } from './banks/known-content';

/** Who and what an upload is about, and how to treat it. */
export interface ModerateOptions {
  /** Policy id; the module's default policy when omitted. */
  readonly policy?: string;
  /** The caller's id for who uploaded (a user id, an account). Stored and filterable. */
  readonly subject?: string;
  /** Where the upload came from in the calling app (e.g. `profile-photo`). Stored and filterable. */
  readonly source?: string;
  /** Score again even when the same content was already decided under the same policy version. */
  readonly fresh?: boolean;
  /** Keep the bytes when the decision is `review`, so the upload can wait for a person. */
  readonly holdOnReview?: boolean;
  /**
   * The caller's key for this request: a retry with the same key returns the decision already
   * made (even with `fresh`), so a lost answer never causes a second decision.
   */
  readonly idempotencyKey?: string;
  /** The queue job making this decision: at most one decision is ever recorded per job id. */
  readonly jobId?: string;
  /** The API key that submitted the upload; stored so submitters can read their own decisions. */
  readonly apiKeyId?: string;
  /**
   * Aborts the moderation (the HTTP layer fires it when the client disconnects): work not started
   * yet is dropped, and nothing is stored unless the decision was already recorded.
   */
  readonly signal?: AbortSignal;
}

/** A stored decision, and whether it was reused rather than scored now. */
export type ModerationOutcome = StoredDecision & { readonly reused: boolean };

/**
 * Moderates uploads and keeps the decision log: the injectable face of the module for host apps.
 */
@Injectable()
export class ModerationService {
  private readonly logger = new Logger('Moderation');
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly policies: ServedPolicies;

  constructor(
    private readonly engine: ModerationEngine,
    private readonly store: DecisionRepository,
    @Inject(MODERATION_MODULE_OPTIONS) private readonly options: CoreOptions,
    // Promoted and shadow versions, from the policies feature; the policy files without it.
    @Optional() @Inject(SERVED_POLICIES) served?: ServedPolicies,
    // From the jobs feature, when a queue (Redis) is configured.
    @Optional() @Inject(JOB_SUBMISSION) private readonly jobs?: JobSubmission,
    // From the review feature's image store.
    @Optional() @Inject(HELD_UPLOADS) private readonly held?: HeldUploads,
    // From the banks feature: hash banks of known content.
    @Optional() @Inject(KNOWN_CONTENT) private readonly knownContent?: KnownContent,
  ) {
    this.policies = served ?? policyFiles(engine);
  }

  /**
   * Scores an upload under a policy and stores the decision. The same content under the same
   * policy version and model returns the stored decision (`reused: true`) unless `fresh` is set.
   */
  moderate(input: UploadInput, options: ModerateOptions = {}): Promise<ModerationOutcome> {
    const work = this.run(input, options);
    this.inFlight.add(work);
    const forget = (): void => void this.inFlight.delete(work);
    work.then(forget, forget);
    return work;
  }

  /**
   * Stores the upload and queues it for a worker; resolves with the queued job (its id is what
   * `GET /v1/jobs/:id` takes) as soon as both are durable in Redis. QUEUE_NOT_CONFIGURED without
   * a queue; POLICY_NOT_FOUND, CALLBACK_URL_NOT_ALLOWED and the cheap image checks right away.
   */
  enqueue(input: UploadInput, options: EnqueueOptions = {}): Promise<ModerationJobStatus> {
    return this.jobQueue().enqueue(input, options);
  }

  /** Throws what {@link enqueue} would refuse before reading an upload (no queue, unknown policy, callback URL). */
  assertCanEnqueue(options: EnqueueOptions = {}): void {
    this.jobQueue().assertAccepts(options);
  }

  /** A stored decision by id; DECISION_NOT_FOUND when there is none. */
  getDecision(id: string): Promise<StoredDecision> {
    return this.store.getById(id);
  }

  /** Stored decisions, newest first, with filters and an opaque cursor. */
  listDecisions(filter: DecisionFilter, page: { limit: number; cursor?: string }): Promise<DecisionPage> {
    return this.store.list(filter, page);
  }

  /** Every loaded policy, in its active version (a promoted one, where an admin promoted one). */
  listPolicies(): readonly Policy[] {
    return this.policies.list();
  }

  /**
   * One loaded policy in its active version (the default policy when `id` is omitted); POLICY_NOT_FOUND
   * when there is none.
   */
  getPolicy(id?: string): Policy {
    return this.policies.get(id ?? this.options.defaultPolicy ?? 'default');
  }

  /** The candidate version running in shadow beside a policy's active one, or null. */
  getShadowPolicy(id: string): Policy | null {
    return this.policies.shadow(id);
  }

  /** The policy a decision was made under, as it was then (even if the file changed since). */
  getPolicyVersion(id: string, version: string): Promise<Policy | null> {
    return this.store.getPolicyVersion(id, version);
  }

  /** The engine, for callers that need more than this service offers. */
  get moderationEngine(): ModerationEngine {
    return this.engine;
  }

  /** Waits until moderations already under way have stored their decisions. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async run(input: UploadInput, options: ModerateOptions): Promise<ModerationOutcome> {
    const policy = this.getPolicy(options.policy);
    const bytes = await readUpload(input, this.engine.limits.maxBytes);
    // Hashed here only for the lookups below; the engine hashes what it scores for the decision.
    let hashed: string | undefined;
    const sha256 = (): string => (hashed ??= createHash('sha256').update(bytes).digest('hex'));
    // Keys are the caller's own namespace: two API keys may pick the same idempotency key.
    const idempotencyKey = options.idempotencyKey === undefined ? undefined : `${options.apiKeyId ?? 'anonymous'}:${options.idempotencyKey}`;
    if (idempotencyKey !== undefined) {
      const earlier = await this.store.findByIdempotencyKey(idempotencyKey);
      if (earlier) return { ...checkSameUpload(earlier, sha256(), options.idempotencyKey!), reused: true };
    }
    if (!options.fresh) {
      const reusable = await this.store.findReusable({
        sha256: sha256(),
        policyId: policy.id,
        policyVersion: policy.version,
        modelHash: this.engine.model.hash,
        apiKeyId: options.apiKeyId ?? null,
      });
      if (reusable && this.stillMatchesAlike(reusable, policy)) return { ...reusable, reused: true };
    }
    const decision = await this.engine.scoreWith(bytes, policy, {
      signal: options.signal,
      matchKnownContent: this.matcherFor(policy),
      matchEmbedding: this.embeddingMatcherFor(policy),
    });
    // The engine checks too, but the caller may have gone while the decision was being assembled.
    throwIfAborted(options.signal);
    const held = options.holdOnReview === true && decision.action === 'review';
    if (held) await this.heldUploads().hold(decision.content.sha256, bytes);
    const stored = await this.store.record({
      decision,
      policy,
      subject: options.subject,
      source: options.source,
      held,
      idempotencyKey,
      jobId: options.jobId,
      apiKeyId: options.apiKeyId,
      // For the record hooks only: the review queue keeps the bytes of decisions a person will see.
      image: bytes,
    });
    if (idempotencyKey !== undefined && stored.decidedAt !== decision.decidedAt) {
      // A concurrent request with the same key won the race: the store returned its decision.
      return { ...checkSameUpload(stored, decision.content.sha256, options.idempotencyKey!), reused: true };
    }
    this.logger.debug(`${stored.id} ${policy.id}@${policy.version} ${decision.action} ${decision.timings.totalMs} ms`);
    await this.recordShadow(stored.id, decision, options);
    return { ...stored, reused: false };
  }

  /**
   * Logs what the policy's shadow version (if any) decides for the image just decided, as a
   * second, shadow-mode decision pointing at the enforced one. It only ever adds a row: the caller
   * gets the enforced decision, the shadow one opens no review item (the intake skips shadow mode),
   * is never reused (reuse looks at enforce mode only), and carries neither the caller's key nor its
   * idempotency key or job. A failure here is logged, never the request's failure.
   */
  private async recordShadow(enforcedId: string, enforced: ModerationDecision, options: ModerateOptions): Promise<void> {
    const candidate = this.policies.shadow(enforced.policy.id);
    // A decision made without the model has no embedding to score the candidate on.
    if (!candidate || candidate.version === enforced.policy.version || enforced.frameEmbeddings.length === 0) return;
    try {
      const decision = await shadowDecision(this.engine, candidate, enforced);
      await this.store.record({ decision, policy: candidate, subject: options.subject, source: options.source, mode: 'shadow', shadowOf: enforcedId });
    } catch (error) {
      this.logger.warn(`shadow decision of ${enforcedId} under ${candidate.id}@${candidate.version} not recorded: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * A stored decision is reused only while the banks match its picture as they did then: the same
   * bytes uploaded again after a reviewer added them to a bank must meet the bank.
   */
  private stillMatchesAlike(stored: StoredDecision, policy: Policy): boolean {
    if (!this.knownContent) return true;
    const now: KnownContentMatch[] = stored.pdq ? banksOf(policy, this.knownContent.matchStored(stored.pdq)) : [];
    const matchEmbedding = this.embeddingMatcherFor(policy);
    if (matchEmbedding) now.push(...matchFrameEmbeddings(matchEmbedding, stored.frameEmbeddings));
    return sameMatchedEntries(now, stored.matches);
  }

  /** The banks' matcher for one policy: only the banks it names count, where it names any. */
  private matcherFor(policy: Policy): KnownContentMatcher | undefined {
    const knownContent = this.knownContent;
    if (!knownContent || policy.banks?.length === 0) return undefined;
    return (pdq) => banksOf(policy, knownContent.match(pdq));
  }

  /** The embedding banks' matcher for one policy, on the same terms. */
  private embeddingMatcherFor(policy: Policy): EmbeddingMatcher | undefined {
    const matchEmbedding = this.knownContent?.matchEmbedding;
    if (!matchEmbedding || policy.banks?.length === 0) return undefined;
    return (embedding) => banksOf(policy, matchEmbedding(embedding));
  }

  private jobQueue(): JobSubmission {
    if (!this.jobs) throw queueNotConfigured();
    return this.jobs;
  }

  private heldUploads(): HeldUploads {
    if (!this.held) {
      throw new ModerationError(ModerationErrorCode.ConfigInvalid, 'holdOnReview needs an image store to keep the bytes in: use ModerationModule, which brings one.', {
        problems: [{ key: 'holdOnReview', reason: 'no image store is configured' }],
      });
    }
    return this.held;
  }
}

/** The matches of the banks a policy names (all of them when it names none). */
function banksOf<M extends KnownContentMatch>(policy: Policy, matches: readonly M[]): M[] {
  if (policy.banks === undefined) return [...matches];
  const named = new Set(policy.banks);
  return matches.filter((match) => named.has(match.bank.name));
}

function checkSameUpload(decision: StoredDecision, sha256: string, key: string): StoredDecision {
  if (decision.content.sha256 !== sha256) {
    throw new ModerationError(AppErrorCode.IdempotencyKeyConflict, `Idempotency key "${key}" was already used for a different upload`, {
      idempotencyKey: key,
      decisionId: decision.id,
    });
  }
  return decision;
}
