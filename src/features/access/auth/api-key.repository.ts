import { ModerationDatabase } from '../../../database/moderation-database';
import { randomUUID } from 'node:crypto';

import { AuditActor } from '../audit/audit-event';
import { ModerationError } from '../../../engine/errors/moderation-error';
import { AppError, AppErrorCode } from '../../../shared/errors/app-error-code';
import { isDecisionId } from '../../../shared/database/cursor';
import { ApiKeyEntity } from '../../../database/entities/api-key.entity';
import { toUtcText } from '../../../shared/database/utc-text';
import { generateApiKeySecret, hashApiKeySecret } from './api-key-secret';
import { Principal } from './principal';
import { Role } from './role';
import { isRole } from './role-allows';
import { ModerationErrorCode } from '../../../engine/errors/moderation-error-code';
import { AuditRepository } from '../audit/audit.repository';

/** Longest key name accepted (the column's width). */
export const MAX_KEY_NAME_LENGTH = 255;

/** A key as listed: never the secret or its hash. */
export interface ApiKeyView {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** The first characters of the secret, to tell keys apart. */
  readonly prefix: string;
  readonly createdAt: string;
  readonly createdBy: string | null;
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
}

/** A key just created, with its secret: the only time the secret is available. */
export interface CreatedApiKey {
  readonly key: ApiKeyView;
  readonly secret: string;
}

/** What a new key is for. */
export interface CreateApiKeyInput {
  readonly name: string;
  readonly role: Role;
}

/**
 * API keys: created with a random secret of which only the sha256 is kept, looked up by that hash
 * on every request, revoked (never deleted). Creating and revoking write audit events in the same
 * transaction. Framework-free, so the CLI uses it on the server's database directly.
 */
export class ApiKeyRepository {

  constructor(
    private readonly database: ModerationDatabase,
    private readonly clock: () => Date = () => new Date(),
  ) {
  }

  /** Creates a key; ValidationFailed for a blank or overlong name or an unknown role. */
  async create(input: CreateApiKeyInput, actor: AuditActor, requestId: string | null = null): Promise<CreatedApiKey> {
    const name = checkName(input.name);
    if (!isRole(input.role)) throw invalid('role', 'must be submitter, reviewer or admin');
    const { secret, hash, prefix } = generateApiKeySecret();
    const now = this.clock();
    const row: ApiKeyEntity = {
      id: randomUUID(),
      name,
      role: input.role,
      keyHash: hash,
      keyPrefix: prefix,
      createdAt: now,
      createdBy: actor.id,
      revokedAt: null,
      revokedBy: null,
    };
    await this.database.run('keys.create', () =>
      this.database.dataSource.transaction(async (manager) => {
        await manager.createQueryBuilder().insert().into(ApiKeyEntity).values(row).updateEntity(false).execute();
        await AuditRepository.append(manager, { actor, action: 'key.create', subjectType: 'api_key', subjectId: row.id, before: null, after: auditState(row), at: now, requestId });
      }),
    );
    return { key: toView(row), secret };
  }

  /** The principal of an active key with this secret, or null (unknown or revoked). */
  async authenticate(secret: string): Promise<Principal | null> {
    const keyHash = hashApiKeySecret(secret);
    const row = await this.database.run('keys.authenticate', () => this.database.dataSource.getRepository(ApiKeyEntity).findOne({ where: { keyHash } }));
    if (!row || row.revokedAt !== null || !isRole(row.role)) return null;
    return { keyId: row.id, name: row.name, role: row.role, authDisabled: false };
  }

  /** Every key, oldest first, revoked ones included. */
  async list(): Promise<ApiKeyView[]> {
    const rows = await this.database.run('keys.list', () =>
      this.database.dataSource.getRepository(ApiKeyEntity).createQueryBuilder('k').orderBy('k.createdAt', 'ASC').addOrderBy('k.id', 'ASC').getMany(),
    );
    return rows.map(toView);
  }

  /** Revokes a key (idempotent: revoking a revoked key changes nothing); ApiKeyNotFound when there is none. */
  async revoke(id: string, actor: AuditActor, requestId: string | null = null): Promise<ApiKeyView> {
    const normalised = id.toLowerCase();
    if (!isDecisionId(normalised)) throw notFound(id);
    return this.database.run('keys.revoke', async () => {
      const repository = this.database.dataSource.getRepository(ApiKeyEntity);
      const current = await repository.findOne({ where: { id: normalised } });
      if (!current) throw notFound(id);
      if (current.revokedAt !== null) return toView(current);
      const now = this.clock();
      const revoked: ApiKeyEntity = { ...current, revokedAt: now, revokedBy: actor.id };
      await this.database.dataSource.transaction(async (manager) => {
        const result = await manager
          .createQueryBuilder()
          .update(ApiKeyEntity)
          .set({ revokedAt: now, revokedBy: actor.id })
          .where('"id" = :id AND "revoked_at" IS NULL', { id: normalised })
          .updateEntity(false)
          .execute();
        // Revoked by someone else in between: nothing changed, so nothing to record.
        if (result.affected !== 1) return;
        await AuditRepository.append(manager, {
          actor,
          action: 'key.revoke',
          subjectType: 'api_key',
          subjectId: normalised,
          before: auditState(current),
          after: auditState(revoked),
          at: now,
          requestId,
        });
      });
      return toView(revoked);
    });
  }
}

function toView(row: ApiKeyEntity): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    prefix: row.keyPrefix,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    revokedAt: row.revokedAt === null ? null : toUtcText(row.revokedAt),
    revokedBy: row.revokedBy,
  };
}

/** What the audit trail records about a key: never the hash. */
function auditState(row: ApiKeyEntity): Record<string, unknown> {
  return { name: row.name, role: row.role, prefix: row.keyPrefix, revokedAt: row.revokedAt === null ? null : toUtcText(row.revokedAt) };
}

function checkName(raw: unknown): string {
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (name.length === 0) throw invalid('name', 'must not be blank');
  if (name.length > MAX_KEY_NAME_LENGTH) throw invalid('name', `must be at most ${MAX_KEY_NAME_LENGTH} characters`);
  // Names appear in logs and audit exports; control characters would let one forge lines there.
  if (/[\u0000-\u001f\u007f]/.test(name)) throw invalid('name', 'must not contain control characters');
  return name;
}

function invalid(field: string, reason: string): AppError {
  return new ModerationError(ModerationErrorCode.ValidationFailed, `Invalid key: ${field} ${reason}`, { errors: [{ field, reasons: [reason] }] });
}

function notFound(id: string): AppError {
  return new ModerationError(AppErrorCode.ApiKeyNotFound, `No API key with id "${id}"`, { id });
}
