import { ModerationAction } from '../../../engine/policy/moderation-action';

/** Who may see a job: a submitter key sees only the jobs it submitted; reviewers and admins see all. */
export interface JobAccess {
  /** Set for a submitter: jobs submitted by another key (or by none) are reported as not found. */
  readonly submittedBy?: string;
}

/** What a moderation job carries in Redis; the upload's bytes are kept beside it, under their own key. */
export interface ModerationJobData {
  readonly policy: string;
  readonly subject?: string;
  readonly source?: string;
  readonly fresh?: boolean;
  readonly callbackUrl?: string;
  readonly apiKeyId?: string;
  /** The `x-request-id` of the request that queued it: on the worker's log lines and the webhook deliveries. */
  readonly requestId?: string;
  /** Of the upload, for logs and inspection. */
  readonly sha256: string;
  readonly byteLength: number;
  /** When the job first met a dependency outage (ms since the epoch); it waits at most the outage window from then. */
  readonly outageSince?: number;
  /** How many times an outage sent it back to the queue. */
  readonly outageWaits?: number;
}

/** What a finished moderation job returns (kept by Bull as the job's return value). */
export interface ModerationJobResult {
  readonly decisionId: string;
  readonly action: ModerationAction;
  readonly reused: boolean;
  /** `<host>/<pid>` of the process that ran it, for operators. */
  readonly worker: string;
}
