import { INestApplication } from '@nestjs/common';
import { CLI_ACTOR } from '../../src/features/access/audit/audit-event';
import { ApiKeyRepository } from '../../src/features/access/auth/api-key.repository';
import { Role } from '../../src/features/access/auth/role';

/** A key made for a test: its id and the secret to send. */
export interface TestKey {
  readonly id: string;
  readonly secret: string;
  readonly role: Role;
}

/** Creates a key straight in the app's database, as `npx moderate keys create` does. */
export async function createTestKey(app: INestApplication, role: Role, name = `${role}-${Math.random().toString(36).slice(2, 8)}`): Promise<TestKey> {
  const store = app.get<ApiKeyRepository>(ApiKeyRepository, { strict: false });
  const created = await store.create({ name, role }, CLI_ACTOR);
  return { id: created.key.id, secret: created.secret, role };
}

/** The header that authenticates a request with `key`. */
export function bearer(key: TestKey | string): Record<string, string> {
  return { authorization: `Bearer ${typeof key === 'string' ? key : key.secret}` };
}
