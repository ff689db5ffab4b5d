/** The policies feature's part of the module options. */
export interface PolicyServingOptions {
  /**
   * How often (ms) a process re-reads which policy version is active and which in shadow, to pick
   * up promotions made by another process. Default 10000; 0 reads only at start (and after a
   * change made by this process).
   */
  readonly policyRefreshMs?: number;
}
