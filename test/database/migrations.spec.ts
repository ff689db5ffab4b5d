import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { MODERATION_MIGRATIONS } from '../../migrations';
import { MIGRATIONS_TABLE_NAME, MODERATION_ENTITIES, createDataSourceOptions } from '../../src/database/database-config';
import { TEST_DRIVERS, TestDatabase, createTestDatabase } from '../support/test-database';

const TABLES = [
  'moderation_decisions',
  'moderation_decision_categories',
  'moderation_policy_versions',
  // The review queue (issue 5).
  'moderation_review_items',
  'moderation_review_labels',
  'moderation_review_queues',
  'moderation_api_keys',
  'moderation_audit_events',
  'moderation_images',
  // Policy tuning (issue 7).
  'moderation_policy_states',
  'moderation_evaluations',
  // Image bytes kept in the database (issue 13); no entity maps it, see CreateImageBytes.
  'moderation_image_bytes',
  // Hash banks (issue 15).
  'moderation_hash_banks',
  'moderation_hash_bank_entries',
  'moderation_embedding_banks',
  'moderation_embedding_bank_entries',
];

/**
 * The policy-versions table as a careless future edit might leave it: one more column and no
 * migration. Only used to show that the drift check notices such an edit.
 */
@Entity({ name: 'moderation_policy_versions' })
class DriftedPolicyVersionEntity {
  @PrimaryColumn({ name: 'policy_id', type: 'varchar', length: 64, primaryKeyConstraintName: 'pk_moderation_policy_versions' })
  policyId!: string;

  @PrimaryColumn({ name: 'version', type: 'varchar', length: 64, primaryKeyConstraintName: 'pk_moderation_policy_versions' })
  version!: string;

  @Column({ name: 'retired', type: 'boolean', nullable: true })
  retired!: boolean | null;
}

describe.each(TEST_DRIVERS)('decision log migrations on %s', (driver) => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase(driver, 'migrations');
    // Migrations are run by hand here, to check each step.
    dataSource = new DataSource({ ...createDataSourceOptions(database.config), migrationsRun: false });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.remove();
  });

  const tablesPresent = async (): Promise<string[]> => {
    const runner = dataSource.createQueryRunner();
    try {
      const present: string[] = [];
      for (const table of TABLES) if (await runner.hasTable(table)) present.push(table);
      return present;
    } finally {
      await runner.release();
    }
  };

  const schemaDiff = async (source: DataSource = dataSource): Promise<string[]> =>
    (await source.driver.createSchemaBuilder().log()).upQueries.map((query) => query.query);

  it('creates the tables on an empty database', async () => {
    expect(await tablesPresent()).toEqual([]);
    const applied = await dataSource.runMigrations();
    expect(applied.map((migration) => migration.name)).toEqual(MODERATION_MIGRATIONS.map((migration) => new migration().name));
    expect(await tablesPresent()).toEqual(TABLES);
    const runner = dataSource.createQueryRunner();
    await expect(runner.hasTable(MIGRATIONS_TABLE_NAME)).resolves.toBe(true);
    await runner.release();
  });

  it('leaves nothing for TypeORM to change: the entities and the migrations agree', async () => {
    expect(await schemaDiff()).toEqual([]);
  });

  it('would notice an entity changed without a migration', async () => {
    const drifted = new DataSource({ ...createDataSourceOptions(database.config), migrationsRun: false, entities: [DriftedPolicyVersionEntity] });
    await drifted.initialize();
    try {
      const diff = await schemaDiff(drifted);
      expect(diff.some((sql) => sql.includes('"retired"'))).toBe(true);
    } finally {
      await drifted.destroy();
    }
  });

  it('undoes every migration, dropping the tables', async () => {
    const executed = async (): Promise<number> =>
      Number((await dataSource.query(`SELECT COUNT(*) AS "count" FROM "${MIGRATIONS_TABLE_NAME}"`))[0].count);
    while ((await executed()) > 0) await dataSource.undoLastMigration();
    expect(await tablesPresent()).toEqual([]);
    // With the tables gone, the same check reports everything missing.
    expect((await schemaDiff()).length).toBeGreaterThan(0);
  });

  it('migrates up again after being undone, through the regular start-up path', async () => {
    const again = new DataSource(createDataSourceOptions(database.config));
    await again.initialize(); // migrationsRun: true
    try {
      expect(await tablesPresent()).toEqual(TABLES);
      expect(await schemaDiff(again)).toEqual([]);
      expect(again.entityMetadatas.map((metadata) => metadata.target)).toEqual([...MODERATION_ENTITIES]);
    } finally {
      await again.destroy();
    }
  });
});
