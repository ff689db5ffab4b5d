import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { StorageEnvironment } from './storage-environment';
import { toInteger } from './transforms';

/** Variables of hash banks (README: Hash banks), checked with the rest of {@link Environment}. */
export class BankEnvironment extends StorageEnvironment {
  /** Largest hash list one import accepts, in bytes; larger ones get 413. Default 20971520 (20 MiB). */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1024) @Max(1024 * 1024 * 1024)
  MODERATION_BANK_IMPORT_MAX_BYTES?: number;

  /** Most lines in one import; more get 422. Default 100000. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(10_000_000)
  MODERATION_BANK_IMPORT_MAX_LINES?: number;

  /** How often each process checks for bank changes made by other processes, in ms; 0: only at start. Default 500. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(3_600_000)
  MODERATION_BANK_REFRESH_MS?: number;
}
