// Opens the database Flightdeck runs on: embedded PGlite by default (data in the data dir),
// or a PostgreSQL server through `pg` when DATABASE_URL is set. Both speak the same SQL and RLS.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect';
import { makePrivate, restrictNewFiles } from './private-files';
import type { DB } from './schema.generated';

export type DatabaseEngine = 'pglite' | 'postgres';

export type Database = {
  engine: DatabaseEngine;
  /** Owner connection: migrations, and work that is explicitly outside tenant isolation. */
  db: Kysely<DB>;
  /** Present on the embedded engine; pg-boss attaches to it directly. */
  pglite?: PGlite;
  /** Present on the server engine. */
  connectionString?: string;
  close(): Promise<void>;
};

// Timestamps come back as Date, bigint counters as number and dates as their 'YYYY-MM-DD' text
// (a calendar day has no time zone; a Date would put it at midnight UTC) on both engines.
const parseBigint = (value: string) => Number.parseInt(value, 10);
const keepDate = (value: string) => value;
pg.types.setTypeParser(pg.types.builtins.INT8, parseBigint);
pg.types.setTypeParser(pg.types.builtins.DATE, keepDate);

export type OpenDatabaseOptions =
  | { engine: 'pglite'; dataDir?: string }
  | { engine: 'postgres'; connectionString: string; maxConnections?: number; onIdleError?: (error: Error) => void };

export const openDatabase = async (options: OpenDatabaseOptions): Promise<Database> => {
  if (options.engine === 'pglite') {
    if (options.dataDir) {
      restrictNewFiles();
      fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
      // A data dir from before (or copied in) gets the same modes as a new one.
      makePrivate(options.dataDir);
    }
    const pglite = await PGlite.create(options.dataDir ? path.resolve(options.dataDir) : undefined, {
      parsers: { 20: parseBigint, 1082: keepDate },
      // Issue 14: PGlite's default 128 MB of shared buffers live in its WebAssembly memory, which
      // never shrinks; 32 MB cut the embedded server's resident memory by ~100 MB. Pages beyond it
      // come from the operating system's file cache (the data directory is a real one).
      postgresqlconf: ['shared_buffers = 32MB'],
    });
    if (options.dataDir) {
      makePrivate(options.dataDir);
    }
    const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
    return {
      engine: 'pglite',
      db,
      pglite,
      close: async () => {
        await db.destroy();
        await pglite.close();
      },
    };
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
  });
  // An idle connection the server closed (restart, failover, a forced drop) is removed from the
  // pool and replaced on the next query; without a listener, pg would crash the process instead.
  pool.on('error', (error) => {
    options.onIdleError?.(error);
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    engine: 'postgres',
    db,
    connectionString: options.connectionString,
    close: () => db.destroy(),
  };
};

export const openConfiguredDatabase = (config: { databaseUrl?: string; dataDir: string }) =>
  config.databaseUrl
    ? openDatabase({ engine: 'postgres', connectionString: config.databaseUrl })
    : openDatabase({ engine: 'pglite', dataDir: path.join(config.dataDir, 'pgdata') });

export const isDatabaseReachable = async (database: Database): Promise<boolean> => {
  try {
    await sql`select 1`.execute(database.db);
    return true;
  } catch {
    return false;
  }
};

/**
 * System work (login lookups, cross-tenant jobs) runs as the owner role, which must bypass RLS:
 * a superuser, or a role with BYPASSRLS. Fail at start with a clear message otherwise.
 */
export const assertOwnerBypassesRls = async (database: Database): Promise<void> => {
  const { rows } = await sql<{ ok: boolean }>`
    select (rolsuper or rolbypassrls) as ok from pg_roles where rolname = current_user
  `.execute(database.db);
  if (!rows[0]?.ok) {
    throw new Error(
      'The DATABASE_URL role must be a superuser or have BYPASSRLS: it runs migrations and system jobs. ' +
        'Tenant requests still run as the non-owner role flightdeck_app under row-level security.',
    );
  }
};
