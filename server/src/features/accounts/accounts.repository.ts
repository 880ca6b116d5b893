import { sql } from 'kysely';
import type { Tx } from '#src/db/tenant';

export const createAccountsRepository = () => ({
  insertAccount: (tx: Tx, account: { name: string; slug: string }) =>
    tx.insertInto('accounts').values(account).returning(['id', 'name', 'slug', 'created_at']).executeTakeFirstOrThrow(),

  findAccountBySlug: (tx: Tx, slug: string) =>
    tx.selectFrom('accounts').select(['id', 'name', 'slug']).where('slug', '=', slug).executeTakeFirst(),

  findAccount: (tx: Tx, accountId: string) =>
    tx.selectFrom('accounts').select(['id', 'name', 'slug', 'timezone']).where('id', '=', accountId).executeTakeFirst(),

  /** The dashboard's days are the account's days, so its rollups are rebuilt in the new zone. */
  updateTimezone: async (tx: Tx, accountId: string, timezone: string) => {
    const changed = await tx
      .updateTable('accounts')
      .set({ timezone })
      .where('id', '=', accountId)
      .where('timezone', '<>', timezone)
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) > 0) {
      await sql`select rebuild_customer_day_rollups(${accountId}::uuid)`.execute(tx);
    }
  },
});

export type AccountsRepository = ReturnType<typeof createAccountsRepository>;
