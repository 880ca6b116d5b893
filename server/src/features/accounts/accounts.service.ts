// Creating an account with its first admin. Used by the demo seed and by tests; the account row
// is created outside tenant context because no account exists yet to be inside of.
import type { Database } from '#src/db/connection';
import { withoutTenantIsolation, withTenant } from '#src/db/tenant';
import { AppError } from '#src/lib/app-error';
import { type RequestContext, requireRole, type UserRole } from '#src/lib/context';
import { hashPassword } from '#src/lib/passwords';
import type { UsersRepository } from '../users/users.repository';
import type { AccountsRepository } from './accounts.repository';

export type NewAccount = {
  name: string;
  slug: string;
  users: { email: string; displayName: string; role: UserRole; password: string }[];
};

export const createAccountsService = (deps: { database: Database; accounts: AccountsRepository; users: UsersRepository }) => ({
  async createAccount(input: NewAccount) {
    const existing = await withoutTenantIsolation(deps.database, 'account slugs are unique across tenants', (tx) =>
      deps.accounts.findAccountBySlug(tx, input.slug),
    );
    if (existing) {
      throw new AppError('conflict', `An account with slug ${input.slug} already exists`);
    }
    const hashed = await Promise.all(input.users.map(async (u) => ({ ...u, hash: await hashPassword(u.password) })));
    // Both inserts in one transaction: an account never exists without its first users.
    return withoutTenantIsolation(deps.database, 'creating a new tenant and its first users', async (tx) => {
      const account = await deps.accounts.insertAccount(tx, { name: input.name, slug: input.slug });
      const users = [];
      for (const u of hashed) {
        users.push(
          await deps.users.insertUser(tx, {
            account_id: account.id,
            email: u.email.toLowerCase(),
            display_name: u.displayName,
            role: u.role,
            password_hash: u.hash,
          }),
        );
      }
      return { account, users };
    });
  },

  getAccount: (scope: { accountId: string }) =>
    withTenant(deps.database, scope, async (tx) => {
      const account = await deps.accounts.findAccount(tx, scope.accountId);
      if (!account) {
        throw new AppError('not_found', 'Account not found');
      }
      return account;
    }),

  /** Issue 19: the account's timezone — dates for users without their own, and the dashboard's day. */
  async setTimezone(ctx: RequestContext, timezone: string) {
    requireRole(ctx, ['admin']);
    await withTenant(deps.database, ctx, (tx) => deps.accounts.updateTimezone(tx, ctx.accountId, timezone));
  },

  findAccountBySlug: (slug: string) =>
    withoutTenantIsolation(deps.database, 'looking an account up by its public slug', (tx) => deps.accounts.findAccountBySlug(tx, slug)),
});

export type AccountsService = ReturnType<typeof createAccountsService>;
