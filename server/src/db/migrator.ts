// Plain SQL migrations: `YYYYMMDDHHmm_<verb>_<object>.sql` with `-- migrate:up` and
// `-- migrate:down` sections, applied in order, each in its own transaction.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './connection';

export type Migration = { version: string; name: string; up: string; down: string };

const FILE_PATTERN = /^(\d{12})_([a-z0-9_]+)\.sql$/;
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export const parseMigration = (fileName: string, text: string): Migration => {
  const match = FILE_PATTERN.exec(fileName);
  if (!match) {
    throw new Error(`Migration file name ${fileName} must look like 202611221900_create_thing.sql`);
  }
  const upAt = text.indexOf('-- migrate:up');
  const downAt = text.indexOf('-- migrate:down');
  if (upAt < 0 || downAt < upAt) {
    throw new Error(`Migration ${fileName} needs '-- migrate:up' followed by '-- migrate:down'`);
  }
  return {
    version: match[1] as string,
    name: match[2] as string,
    up: text.slice(upAt + '-- migrate:up'.length, downAt).trim(),
    down: text.slice(downAt + '-- migrate:down'.length).trim(),
  };
};

export const loadMigrations = (dir = MIGRATIONS_DIR): Migration[] =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => parseMigration(f, fs.readFileSync(`${dir}/${f}`, 'utf8')));

const ensureLedger = (database: Database) =>
  sql`create table if not exists schema_migrations (
        version text primary key,
        name text not null,
        applied_at timestamptz not null default now()
      )`.execute(database.db);

export const listAppliedVersions = async (database: Database): Promise<string[]> => {
  await ensureLedger(database);
  const { rows } = await sql<{ version: string }>`select version from schema_migrations order by version`.execute(database.db);
  return rows.map((r) => r.version);
};

export type MigrationReport = { applied: string[]; reverted: string[] };

export const migrateUp = async (database: Database, migrations = loadMigrations()): Promise<MigrationReport> => {
  const done = new Set(await listAppliedVersions(database));
  const applied: string[] = [];
  for (const m of migrations.filter((m) => !done.has(m.version))) {
    await database.db.transaction().execute(async (tx) => {
      await sql.raw(m.up).execute(tx);
      await sql`insert into schema_migrations (version, name) values (${m.version}, ${m.name})`.execute(tx);
    });
    applied.push(`${m.version}_${m.name}`);
  }
  return { applied, reverted: [] };
};

/** Reverts every applied migration newer than `toVersion` ('0' reverts all), newest first. */
export const migrateDown = async (database: Database, toVersion: string, migrations = loadMigrations()): Promise<MigrationReport> => {
  const applied = new Set(await listAppliedVersions(database));
  const reverted: string[] = [];
  const targets = migrations.filter((m) => applied.has(m.version) && m.version > toVersion).reverse();
  for (const m of targets) {
    await database.db.transaction().execute(async (tx) => {
      await sql.raw(m.down).execute(tx);
      await sql`delete from schema_migrations where version = ${m.version}`.execute(tx);
    });
    reverted.push(`${m.version}_${m.name}`);
  }
  return { applied: [], reverted };
};
