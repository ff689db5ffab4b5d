import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { BankEnvironment } from './bank-environment';
import { toInteger } from './transforms';

/** Variables of the search of past traffic (README: Search past traffic), checked with the rest of {@link Environment}. */
export class SearchEnvironment extends BankEnvironment {
  /** How often the server writes its search index's snapshot under `<MODERATION_DATA_DIR>/search`, in seconds; 0: only at shutdown. Default 600. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(604_800)
  MODERATION_SEARCH_SNAPSHOT_SECONDS?: number;

  /** How often the search index reads decisions and reviews recorded by other processes, in ms; 0: only before each search. Default 5000. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(3_600_000)
  MODERATION_SEARCH_REFRESH_MS?: number;
}
