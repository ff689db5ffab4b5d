/** How the metrics are served. */
export interface MetricsOptions {
  /**
   * When set, a scrape must send `Authorization: Bearer <token>` (`MODERATION_METRICS_TOKEN`);
   * unset, the metrics are open to whoever reaches them (README: Metrics).
   */
  readonly token?: string;
}

/** Injection token of the {@link MetricsOptions}. */
export const METRICS_OPTIONS = Symbol('METRICS_OPTIONS');
