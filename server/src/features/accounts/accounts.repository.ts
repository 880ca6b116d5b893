import type { Tx } from '#src/db/tenant';

export const createAccountsRepository = () => ({
  insertAccount: (tx: Tx, account: { name: string; slug: string }) =>
    tx.insertInto('accounts').values(account).returning(['id', 'name', 'slug', 'created_at']).executeTakeFirstOrThrow(),

  findAccountBySlug: (tx: Tx, slug: string) =>
    tx.selectFrom('accounts').select(['id', 'name', 'slug']).where('slug', '=', slug).executeTakeFirst(),

  findAccount: (tx: Tx, accountId: string) =>
    tx.selectFrom('accounts').select(['id', 'name', 'slug', 'timezone']).where('id', '=', accountId).executeTakeFirst(),

  updateTimezone: (tx: Tx, accountId: string, timezone: string) =>
    tx.updateTable('accounts').set({ timezone }).where('id', '=', accountId).execute(),
});

export type AccountsRepository = ReturnType<typeof createAccountsRepository>;
