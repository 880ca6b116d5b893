import { describe, expect, it } from 'vitest';
import { loadMigrations, parseMigration } from './migrator';

describe('migration files', () => {
  it('splits a file into up and down sections', () => {
    const m = parseMigration('202601011200_create_thing.sql', '-- why\n-- migrate:up\ncreate table t();\n-- migrate:down\ndrop table t;\n');
    expect(m).toEqual({ version: '202601011200', name: 'create_thing', up: 'create table t();', down: 'drop table t;' });
  });

  it('rejects a badly named file or a missing section', () => {
    expect(() => parseMigration('create_thing.sql', '-- migrate:up\n-- migrate:down')).toThrow(/must look like/);
    expect(() => parseMigration('202601011200_x.sql', 'create table t();')).toThrow(/migrate:up/);
  });

  it('ships migrations in version order, each creating tenant tables only with isolation', () => {
    const all = loadMigrations();
    expect(all.map((m) => m.version)).toEqual([...all.map((m) => m.version)].sort());
    for (const m of all) {
      for (const [, table] of m.up.matchAll(/create table (\w+) \(([^;]*?account_id uuid)/g)) {
        expect(m.up, `${m.name}: ${table}`).toMatch(new RegExp(`enable_tenant_isolation\\('${table}'`));
      }
    }
  });
});
