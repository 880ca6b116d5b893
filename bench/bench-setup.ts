// What every benchmark starts from: a migrated database (PGlite, or a scratch database on the
// server named by DATABASE_URL) and an account with one admin acting.
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { openDatabase } from '../server/src/db/connection';
import { migrateUp } from '../server/src/db/migrator';
import { buildKeyring } from '../server/src/features/credentials/master-key';
import type { RequestContext } from '../server/src/lib/context';
import type { createServices } from '../server/src/services';
import { createScratchDatabase } from '../server/test/scratch-database';

export const benchLog = pino({ level: 'silent' });

export const openBenchDatabase = async (maxConnections = 5) => {
  const serverUrl = process.env.DATABASE_URL;
  const scratch = serverUrl ? await createScratchDatabase(serverUrl, 'fd_bench') : null;
  const database = scratch
    ? await openDatabase({ engine: 'postgres', connectionString: scratch.url, maxConnections })
    : await openDatabase({ engine: 'pglite' });
  await migrateUp(database);
  return {
    database,
    engine: scratch ? 'PostgreSQL' : 'PGlite',
    /** The scratch database's URL on a server, for a baseline that talks to it directly. */
    connectionString: scratch?.url,
    keyring: buildKeyring(randomBytes(32), [], 'env'),
    async close() {
      await database.close();
      await scratch?.drop();
    },
  };
};

/** A fresh account and a context of its admin. */
export const benchAccount = async (services: ReturnType<typeof createServices>): Promise<RequestContext> => {
  const suffix = randomBytes(3).toString('hex');
  const { account, users } = await services.accounts.createAccount({
    name: 'Bench MSP',
    slug: `bench-${suffix}`,
    users: [{ email: `admin-${suffix}@bench.test`, displayName: 'Bench Admin', role: 'admin', password: 'bench-password-123' }],
  });
  return {
    accountId: account.id,
    actor: { kind: 'user', userId: (users[0] as { id: string }).id, role: 'admin', sessionId: null },
    requestId: 'bench',
    log: benchLog,
  };
};
