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
  'created_at',
  'updated_at',
] as const;

export const createUsersRepository = () => ({
  insertUser: (tx: Tx, user: Insertable<Users>) => tx.insertInto('users').values(user).returning(USER_COLUMNS).executeTakeFirstOrThrow(),

  listUsers: (tx: Tx) => tx.selectFrom('users').select(USER_COLUMNS).orderBy('email').execute(),

  findUser: (tx: Tx, userId: string) => tx.selectFrom('users').select(USER_COLUMNS).where('id', '=', userId).executeTakeFirst(),

  /** Includes the password hash: for login only. */
  findUserCredentialsByEmail: (tx: Tx, email: string) =>
    tx
      .selectFrom('users')
      .select([...USER_COLUMNS, 'password_hash'])
      .where('email', '=', email.toLowerCase())
      .executeTakeFirst(),

  findPasswordHash: async (tx: Tx, userId: string) =>
    (await tx.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst())?.password_hash,

  findUserByEmail: (tx: Tx, email: string) =>
    tx.selectFrom('users').select(USER_COLUMNS).where('email', '=', email.toLowerCase()).executeTakeFirst(),

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
