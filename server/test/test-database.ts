// A fresh, migrated database for one test file: in-memory PGlite by default, or a scratch
// database on the PostgreSQL server named by DATABASE_URL (dropped afterwards).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '#src/db/connection';
import { migrateUp } from '#src/db/migrator';

export type TestDatabase = { database: Database; drop(): Promise<void> };

export const testEngine = () => (process.env.DATABASE_URL ? 'postgres' : 'pglite');

export const createTestDatabase = async (options: { migrate?: boolean } = {}): Promise<TestDatabase> => {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({ engine: 'pglite' });
    if (options.migrate !== false) {
      await migrateUp(database);
    }
    return { database, drop: () => database.close() };
  }
  const name = `fd_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ engine: 'postgres', connectionString: url.toString(), maxConnections: 5 });
  if (options.migrate !== false) {
    await migrateUp(database);
  }
  return {
    database,
    async drop() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
};
