// A fresh, migrated database for one test file: in-memory PGlite by default, or a scratch
// database on the PostgreSQL server named by DATABASE_URL (dropped afterwards).
import { type Database, openDatabase } from '#src/db/connection';
import { migrateUp } from '#src/db/migrator';
import { createScratchDatabase } from './scratch-database';

export type TestDatabase = { database: Database; drop(): Promise<void> };

export const createTestDatabase = async (options: { migrate?: boolean } = {}): Promise<TestDatabase> => {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({ engine: 'pglite' });
    if (options.migrate !== false) {
      await migrateUp(database);
    }
    return { database, drop: () => database.close() };
  }
  const scratch = await createScratchDatabase(serverUrl, 'fd_test');
  const database = await openDatabase({ engine: 'postgres', connectionString: scratch.url, maxConnections: 5 });
  if (options.migrate !== false) {
    await migrateUp(database);
  }
  return {
    database,
    async drop() {
      await database.close();
      await scratch.drop();
    },
  };
};
