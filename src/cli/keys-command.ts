import { Command, Option } from 'commander';
import { CLI_ACTOR } from '../features/access/audit/audit-event';
import { loadEnvironment } from '../config/load-environment';
import { openModerationDatabase } from '../database/open-database';
import { moduleOptionsFromEnvironment } from '../app/module-options-from-environment';
import { Environment } from '../config/environment';
import { ApiKeyRepository, ApiKeyView } from '../features/access/auth/api-key.repository';
import { ROLES, Role } from '../features/access/auth/role';
import { MIN_KEY_ID_PREFIX, resolveKeyId } from './resolve-key-id';

interface CreateFlags {
  role: Role;
  name: string;
  json?: boolean;
}

/**
 * `moderate keys create|list|revoke`: API keys on the server's own database (the same
 * `DATABASE_URL` / `MODERATION_DATA_DIR` the server reads), e.g. the first admin key of a new
 * installation. Changes are audited with the actor `cli`.
 */
export function keysCommand(): Command {
  const keys = new Command('keys').description("manage API keys in the server's database");
  keys
    .command('create')
    .description('create a key and print it (shown once: the database keeps only its hash)')
    .addOption(new Option('-r, --role <role>', 'what the key may do').choices([...ROLES]).makeOptionMandatory())
    .requiredOption('-n, --name <name>', 'who or what uses the key (shown in audit events)')
    .option('--json', 'print the key and its details as JSON')
    .action(async (flags: CreateFlags) => {
      await withKeyStore(async (store) => {
        const { key, secret } = await store.create({ name: flags.name, role: flags.role }, CLI_ACTOR);
        if (flags.json) {
          process.stdout.write(`${JSON.stringify({ ...key, key: secret }, null, 2)}\n`);
          return;
        }
        // The key alone on stdout, so `KEY=$(npx moderate keys create …)` works; the rest on stderr.
        process.stderr.write(`Created ${key.role} key "${key.name}" (id ${key.id}). It is shown once; store it now:\n`);
        process.stdout.write(`${secret}\n`);
      });
    });
  keys
    .command('list')
    .description('list keys (never their secrets)')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      await withKeyStore(async (store) => {
        const all = await store.list();
        process.stdout.write(flags.json ? `${JSON.stringify(all, null, 2)}\n` : all.map(formatKey).join('\n') + (all.length > 0 ? '\n' : ''));
      });
    });
  keys
    .command('revoke')
    .description('revoke a key: it stops working at once and is kept for the audit trail')
    .argument('<id>', `the key id, or its first ${MIN_KEY_ID_PREFIX} or more hex digits when no other key shares them`)
    .action(async (id: string) => {
      await withKeyStore(async (store) => {
        const revoked = await store.revoke(resolveKeyId(id, await store.list()), CLI_ACTOR);
        process.stderr.write(`Revoked ${revoked.role} key "${revoked.name}" (id ${revoked.id}).\n`);
      });
    });
  return keys;
}

/** Opens the server's database (migrating it, as the server would), runs `work`, closes it. */
async function withKeyStore(work: (store: ApiKeyRepository) => Promise<void>): Promise<void> {
  const env = loadEnvironment(process.env);
  const database = await openModerationDatabase(moduleOptionsFromEnvironment(env).database ?? {}, { attempts: 3, firstDelayMs: 500 });
  try {
    await work(new ApiKeyRepository(database));
  } finally {
    await database.close();
  }
}

function formatKey(key: ApiKeyView): string {
  const state = key.revokedAt === null ? 'active' : `revoked ${key.revokedAt}`;
  return `${key.id}  ${key.role.padEnd(9)}  ${key.prefix}…  ${key.name}  (${state})`;
}
