/** What a match against a bank does: stop the upload, send it to review, or only record it. */
export const BANK_ACTIONS = ['block', 'review', 'report'] as const;

/** One of {@link BANK_ACTIONS}. */
export type BankAction = (typeof BANK_ACTIONS)[number];

/** How an entry reached its bank. */
export const BANK_ENTRY_SOURCES = ['api', 'image', 'import', 'cli', 'review'] as const;

/** One of {@link BANK_ENTRY_SOURCES}. */
export type BankEntrySource = (typeof BANK_ENTRY_SOURCES)[number];

/** Defaults of a new bank: the distance the PDQ authors suggest, and their quality cut-off. */
export const DEFAULT_BANK_SETTINGS = Object.freeze({ threshold: 31, action: 'review' as BankAction, minQuality: 50, dihedral: false, enabled: true });

/** Largest distance threshold: past a quarter of the 256 bits, unrelated images start to match. */
export const MAX_BANK_THRESHOLD = 63;

/** A bank name: letters, digits and `._-`, starting with a letter or digit. Never a UUID, so a path can take either. */
export const BANK_NAME_PATTERN = /^(?![0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$)[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Largest entry id: entry ids are 32-bit on PostgreSQL, so a larger one could only be a query error. */
export const MAX_ENTRY_ID = 2_147_483_647;

export const MAX_BANK_DESCRIPTION_LENGTH = 1000;
export const MAX_ENTRY_LABEL_LENGTH = 255;
export const MAX_ENTRY_NOTE_LENGTH = 1000;

/** What a bank matches and what a match means. */
export interface BankSettings {
  /** Largest Hamming distance that matches (0-63). */
  readonly threshold: number;
  readonly action: BankAction;
  /** Hashes of images below this quality (0-100) never match. */
  readonly minQuality: number;
  /** Match the rotations and mirror images of an upload too. */
  readonly dihedral: boolean;
  /** A disabled bank keeps its entries and matches nothing. */
  readonly enabled: boolean;
}

/** A bank as the API and the CLI show it. */
export interface HashBank extends BankSettings {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly entryCount: number;
  /** Bumped by every change to the bank or its entries. */
  readonly revision: number;
  /** ISO-8601 times. */
  readonly createdAt: string;
  readonly createdBy: string | null;
  readonly updatedAt: string;
  readonly updatedBy: string | null;
}

/** One hash in a bank. */
export interface BankEntry {
  readonly id: number;
  readonly bankId: string;
  /** 64 lower-case hex digits. */
  readonly hash: string;
  readonly label: string | null;
  readonly note: string | null;
  readonly source: BankEntrySource;
  readonly createdBy: string | null;
  readonly createdAt: string;
}

/** A hash to add, with what a person wrote about it. */
export interface NewBankEntry {
  /** 64 hex digits, any case (stored lower-case). */
  readonly hash: string;
  readonly label?: string | null;
  readonly note?: string | null;
}
