// The only two ways to get a transaction. Tenant work runs as the non-owner role `flightdeck_app`
// with the account pinned in `app.current_account_id`, so row-level security filters every row.
import { sql, type Transaction } from 'kysely';
import type { Database } from './connection';
import type { DB } from './schema.generated';

export type Tx = Transaction<DB>;

export const APP_ROLE = 'flightdeck_app';

export type TenantScope = { accountId: string };

export const withTenant = <T>(database: Database, scope: TenantScope, work: (tx: Tx) => Promise<T>): Promise<T> =>
  database.db.transaction().execute(async (tx) => {
    await sql.raw(`set local role ${APP_ROLE}`).execute(tx);
    await sql`select set_config('app.current_account_id', ${scope.accountId}, true)`.execute(tx);
    return work(tx);
  });

/**
 * Runs as the owner, outside row-level security. Only for work that is cross-tenant by nature
 * (finding the account of a login or an API key, system jobs); the reason is required so every
 * use is explained where it stands.
 */
export const withoutTenantIsolation = <T>(database: Database, reason: string, work: (tx: Tx) => Promise<T>): Promise<T> => {
  if (reason.trim().length < 8) {
    throw new Error('withoutTenantIsolation needs a real reason');
  }
  return database.db.transaction().execute(work);
};
