import { BankAction } from '../bank-types';

/** An upload's hash within a bank's threshold of one of its entries. */
export interface BankMatch {
  readonly bankId: string;
  readonly bankName: string;
  /** What the bank says to do: `block`, `review` or `report` (record only). */
  readonly action: BankAction;
  readonly entryId: number;
  readonly label: string | null;
  /** Bits that differ (0-256); with dihedral matching, the smallest over the upload's rotations and mirror images. */
  readonly distance: number;
  /** The bank's threshold the distance was within. */
  readonly threshold: number;
  /** With dihedral matching: the index, in the `dihedral` array given, of the hash that matched best. */
  readonly variant?: number;
}

/** The PDQ hash of an upload and its quality, as hashImage and every decision carry them. */
export interface PdqToMatch {
  /** 64 hex digits. */
  readonly hash: string;
  /** 0-100. */
  readonly quality: number;
}
