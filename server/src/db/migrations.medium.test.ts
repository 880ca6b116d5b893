import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/test-database';
import { listAppliedVersions, loadMigrations, migrateDown, migrateUp } from './migrator';

const publicTables = async (t: TestDatabase) =>
  (
    await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'schema_migrations'
      order by table_name`.execute(t.database.db)
  ).rows.map((r) => r.table_name);

describe('migrations', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ migrate: false });
  });
  afterAll(() => t.drop());

  it('migrates up from empty, down to zero and up again', async () => {
    const all = loadMigrations();
    expect(all.length).toBeGreaterThan(0);

    const first = await migrateUp(t.database);
    expect(first.applied).toHaveLength(all.length);
    const tables = await publicTables(t);
    expect(tables).toEqual(
      expect.arrayContaining(['accounts', 'users', 'account_settings', 'integration_credentials', 'external_call_log']),
    );

    expect((await migrateUp(t.database)).applied).toEqual([]);

    const down = await migrateDown(t.database, '0');
    expect(down.reverted).toHaveLength(all.length);
    expect(await publicTables(t)).toEqual([]);
    expect(await listAppliedVersions(t.database)).toEqual([]);

    const again = await migrateUp(t.database);
    expect(again.applied).toHaveLength(all.length);
    expect(await publicTables(t)).toEqual(tables);
  });

  it('every migration has a non-empty down section', () => {
    for (const m of loadMigrations()) {
      expect(m.down, m.name).not.toBe('');
    }
  });
});
