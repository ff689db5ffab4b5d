/** Whether requests must carry an API key. */
export interface AuthOptions {
  /**
   * Default true. False lets every request through as an admin under one fixed identity: for
   * local development only, and the server says so loudly in its log at start.
   */
  readonly enabled?: boolean;
}
