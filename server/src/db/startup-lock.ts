// Issue 14: nodes that start at once on one PostgreSQL take turns for migrations and the first
// seed — the second waits on a session advisory lock, then finds nothing left to do, instead of
// crashing on a duplicate key halfway through a migration. PGlite has one process by nature (the
// data-directory pid file), so there is nothing to wait for.
import pg from 'pg';
import type { Database } from './connection';

/** A constant: every Flightdeck node on the database agrees on it. */
const STARTUP_LOCK_KEY = 7_245_031_117;

export const withStartupLock = async <T>(database: Database, work: () => Promise<T>): Promise<T> => {
  if (database.engine !== 'postgres' || !database.connectionString) {
    return work();
  }
  // Its own connection: a session lock belongs to one connection, and the pool's are shared.
  const client = new pg.Client({ connectionString: database.connectionString });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
    return await work();
  } finally {
    await client.query('select pg_advisory_unlock($1)', [STARTUP_LOCK_KEY]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
};
