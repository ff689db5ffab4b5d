/** Which decisions: those of one policy, decided in a time range. */
export interface ReviewWindow {
  readonly policyId: string;
  /** Decided at or after. */
  readonly since?: Date;
  /** Decided strictly before. */
  readonly until?: Date;
}
