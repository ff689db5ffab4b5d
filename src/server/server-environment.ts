import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { ModerationEnvironment } from '../config/moderation-environment';

const toInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;

/** The server's variables: the shared engine vocabulary plus database, storage and listening. */
export class ServerEnvironment extends ModerationEnvironment {
  /** `postgres://user@host:5432/db` for PostgreSQL; unset for the embedded SQLite file. */
  @IsOptional() @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// URL (leave unset for the embedded SQLite database)' })
  DATABASE_URL?: string;

  /** Folder for the SQLite file and held uploads. Default `./data`. */
  @IsOptional() @IsString() @MinLength(1)
  MODERATION_DATA_DIR?: string;

  /** Port to listen on. Default 3000. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(65535)
  PORT?: number;

  /** Address to listen on. Default 0.0.0.0. */
  @IsOptional() @IsString() @MinLength(1)
  HOST?: string;

  /** Log verbosity. Default `log`. */
  @IsOptional() @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL?: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
}
