import type { Insertable, Updateable } from 'kysely';
import type { Users } from '#src/db/schema.generated';
import type { Tx } from '#src/db/tenant';

const USER_COLUMNS = [
  'id',
  'account_id',
  'email',
  'display_name',
  'role',
  'deactivated_at',
  'last_login_at',
  'timezone',
  'created_at',
  'updated_at',
] as const;

export const createUsersRepository = () => ({
  insertUser: (tx: Tx, user: Insertable<Users>) => tx.insertInto('users').values(user).returning(USER_COLUMNS).executeTakeFirstOrThrow(),

  listUsers: (tx: Tx) => tx.selectFrom('users').select(USER_COLUMNS).orderBy('email').execute(),

  findUser: (tx: Tx, userId: string) => tx.selectFrom('users').select(USER_COLUMNS).where('id', '=', userId).executeTakeFirst(),

  /** Includes the password hash: for login only. One per account that has this address. */
  findUserCredentialsByEmail: (tx: Tx, email: string) =>
    tx
      .selectFrom('users')
      .select([...USER_COLUMNS, 'password_hash'])
      .where('email', '=', email.toLowerCase())
      .orderBy('last_login_at', (ob) => ob.desc().nullsLast())
      .limit(20)
      .execute(),

  findPasswordHash: async (tx: Tx, userId: string) =>
    (await tx.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst())?.password_hash,

  /** Every user with this address (one per account at most), with the account's slug. */
  findUsersByEmail: (tx: Tx, email: string) =>
    tx
      .selectFrom('users as u')
      .innerJoin('accounts as a', 'a.id', 'u.account_id')
      .select(['u.id', 'u.account_id', 'a.slug as account_slug'])
      .where('u.email', '=', email.toLowerCase())
      .execute(),

  updateUser: (tx: Tx, userId: string, changes: Updateable<Users>) =>
    tx
      .updateTable('users')
      .set({ ...changes, updated_at: new Date() })
      .where('id', '=', userId)
      .returning(USER_COLUMNS)
      .executeTakeFirst(),

  countActiveAdmins: async (tx: Tx) => {
    const row = await tx
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('role', '=', 'admin')
      .where('deactivated_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  },
});

export type UsersRepository = ReturnType<typeof createUsersRepository>;
export type UserRow = Awaited<ReturnType<UsersRepository['insertUser']>>;
