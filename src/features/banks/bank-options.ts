/** Hash banks' part of the module options. */
export interface BanksFeatureOptions {
  readonly banks?: BankOptions;
}

/** Limits of hash-list imports, and how fresh each process keeps its banks. */
export interface BankOptions {
  /** Largest hash list accepted by one import, in bytes (`MODERATION_BANK_IMPORT_MAX_BYTES`). Default 20 MiB. */
  readonly importMaxBytes?: number;
  /** Most lines in one import, header and comments included (`MODERATION_BANK_IMPORT_MAX_LINES`). Default 100,000. */
  readonly importMaxLines?: number;
  /**
   * How often (ms) a process checks whether another process changed a bank (`MODERATION_BANK_REFRESH_MS`);
   * a change made through this process applies at once. Default 500; 0 checks only at start.
   */
  readonly refreshMs?: number;
  /**
   * A folder of this process where loaded banks are snapshotted, so a restart reads an unchanged
   * bank from its file instead of every entry from the database. The server uses
   * `<MODERATION_DATA_DIR>/banks`; none by default.
   */
  readonly snapshotDir?: string;
}

export const DEFAULT_BANK_OPTIONS: Readonly<Required<Omit<BankOptions, 'snapshotDir'>>> = Object.freeze({
  importMaxBytes: 20 * 1024 * 1024,
  importMaxLines: 100_000,
  refreshMs: 500,
});

/** Bank options with their defaults filled in. */
export type ResolvedBankOptions = Required<Omit<BankOptions, 'snapshotDir'>> & { readonly snapshotDir?: string };

/** The options with their defaults filled in; `snapshotDir` stays undefined when not set. */
export function resolveBankOptions(options: BanksFeatureOptions): ResolvedBankOptions {
  return { ...DEFAULT_BANK_OPTIONS, ...stripUndefined(options.banks ?? {}) };
}

function stripUndefined(options: BankOptions): BankOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
