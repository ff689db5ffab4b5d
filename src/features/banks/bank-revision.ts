/**
 * A bank's revision before and after one change. A process holding the bank at `before` can apply
 * the change itself; one holding another revision must reload the bank.
 */
export interface BankRevision {
  readonly bankId: string;
  readonly before: number;
  readonly after: number;
}
