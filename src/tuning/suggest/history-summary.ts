import { DecisionHistory, RateWindow } from '../replay/collect-decision-history';

/** The stored decisions suggestions were counted on, as an answer states them. */
export interface HistorySummary {
  readonly decisions: number;
  /** First and last decision time; null without decisions. */
  readonly from: string | null;
  readonly to: string | null;
  /** Days the window spans (see `rateWindow`); null when it spans no time. */
  readonly days: number | null;
  /** The period the rates per day were counted over; null when it spans no time. */
  readonly rateWindow: RateWindow | null;
}

/** What an answer says about the stored decisions it used. */
export function historySummary(history: DecisionHistory): HistorySummary {
  return { decisions: history.scores.count, from: history.from, to: history.to, days: history.days, rateWindow: history.rateWindow };
}
