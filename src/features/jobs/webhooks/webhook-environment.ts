import { Transform } from 'class-transformer';
import { IsDefined, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { ModerationEnvironment } from '../../../config/moderation-environment';
import { IsSourceWebhookMap, parseSourceWebhookMap } from './source-webhook-map';

const toInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const toHostList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.split(',').map((item) => item.trim().toLowerCase()).filter(Boolean) : value;

/** `host`, `host:port`, `*.suffix` or `*.suffix:port`; hosts may be names, IPv4 or bracketed IPv6. */
export const ALLOWED_HOST_PATTERN = /^(\*\.)?([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(:\d{1,5})?$/;

/**
 * Webhook variables: who may be called back and how deliveries are signed and retried. Part of
 * the shared vocabulary (the server and the worker both read them).
 */
export class WebhookEnvironment extends ModerationEnvironment {
  /**
   * Shared secret for the HMAC-SHA256 signature of every delivery. Required as soon as webhooks
   * can be sent at all (an allow-list or per-source URLs), so no delivery ever goes out unsigned.
   */
  @ValidateIf((env: WebhookEnvironment) => env.MODERATION_WEBHOOK_SECRET !== undefined || env.MODERATION_WEBHOOKS !== undefined || env.MODERATION_WEBHOOK_ALLOWED_HOSTS !== undefined)
  @IsDefined({ message: 'is required when MODERATION_WEBHOOKS or MODERATION_WEBHOOK_ALLOWED_HOSTS is set' })
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  MODERATION_WEBHOOK_SECRET?: string;

  /** Comma-separated hosts a per-request `callbackUrl` may point at (`hooks.example.com`, `*.example.org`, `10.0.0.5:8080`). */
  @IsOptional() @Transform(toHostList) @Matches(ALLOWED_HOST_PATTERN, { each: true, message: 'must list hosts like hooks.example.com, *.example.org or 10.0.0.5:8080' })
  MODERATION_WEBHOOK_ALLOWED_HOSTS?: string[];

  /** JSON object from `source` to a callback URL, e.g. `{"profile-photo":"https://hooks.example.com/moderation"}`. */
  @IsOptional() @Transform(parseSourceWebhookMap) @IsSourceWebhookMap()
  MODERATION_WEBHOOKS?: Record<string, string>;

  /** Attempts per delivery, the first included. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(50)
  MODERATION_WEBHOOK_ATTEMPTS?: number;

  /** First retry delay; each later one doubles. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(3_600_000)
  MODERATION_WEBHOOK_BACKOFF_MS?: number;

  /** Longest wait for a receiver's answer. */
  @IsOptional() @Transform(toInteger) @IsInt() @Min(100) @Max(300_000)
  MODERATION_WEBHOOK_TIMEOUT_MS?: number;
}
