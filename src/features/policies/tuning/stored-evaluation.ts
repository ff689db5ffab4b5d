import { EvaluationReport } from '../../../tuning/evaluation/evaluation-report';

/** What an evaluation list shows of a stored evaluation. */
export interface EvaluationSummary {
  readonly id: string;
  /** ISO-8601 time it was run. */
  readonly createdAt: string;
  /** The admin key that ran it; null from the command line. */
  readonly createdBy: string | null;
  readonly policy: { readonly id: string; readonly version: string };
  readonly modelHash: string;
  /** The decisions evaluated: decided in this range (null: no bound). */
  readonly window: { readonly since: string | null; readonly until: string | null };
  /** Labelled decisions evaluated. */
  readonly examples: number;
}

/** A stored evaluation with its whole report. */
export interface StoredEvaluation extends EvaluationSummary {
  readonly report: EvaluationReport;
}
