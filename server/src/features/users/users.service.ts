// User management for admins (B9): create, change role or name, deactivate / reactivate, reset
// password. An account always keeps at least one active admin.

import type { Database } from '#src/db/connection';
import { isUniqueViolation } from '#src/db/errors';
import { type Tx, withoutTenantIsolation, withTenant } from '#src/db/tenant';
import { AppError, notFound } from '#src/lib/app-error';
import { type RequestContext, requireRole, requireUser, type UserRole } from '#src/lib/context';
import { hashPassword, verifyPassword } from '#src/lib/passwords';
import { generatePassword } from '#src/lib/tokens';
import type { SessionsRepository } from '../auth/sessions.repository';
import type { UserRow, UsersRepository } from './users.repository';
import type { UserView } from './users.schemas';

export const toUserView = (u: UserRow): UserView => ({
  id: u.id,
  email: u.email,
  displayName: u.display_name,
  role: u.role as UserRole,
  active: u.deactivated_at === null,
  lastLoginAt: u.last_login_at?.toISOString() ?? null,
  timezone: u.timezone,
  createdAt: u.created_at.toISOString(),
});

export const createUsersService = (deps: { database: Database; users: UsersRepository; sessions: SessionsRepository }) => {
  const getUserRow = async (tx: Tx, userId: string) => {
    const user = await deps.users.findUser(tx, userId);
    if (!user) {
      throw notFound('User');
    }
    return user;
  };

  // Demoting or deactivating the last active admin would lock the account out of its settings.
  const assertAnotherAdminRemains = async (tx: Tx, user: UserRow) => {
    if (user.role === 'admin' && user.deactivated_at === null && (await deps.users.countActiveAdmins(tx)) <= 1) {
      throw new AppError('invalid_state', 'An account needs at least one active admin');
    }
  };

  return {
    async getMe(ctx: RequestContext) {
      const actor = requireUser(ctx);
      return withTenant(deps.database, ctx, async (tx) => toUserView(await getUserRow(tx, actor.userId)));
    },

    /** Issue 19: the timezone dates show in for this user; null follows the account's. */
    async setOwnTimezone(ctx: RequestContext, timezone: string | null) {
      const actor = requireUser(ctx);
      await withTenant(deps.database, ctx, (tx) => deps.users.updateUser(tx, actor.userId, { timezone }));
    },

    async listUsers(ctx: RequestContext) {
      requireRole(ctx, ['admin']);
      return withTenant(deps.database, ctx, async (tx) => (await deps.users.listUsers(tx)).map(toUserView));
    },

    async getUser(ctx: RequestContext, userId: string) {
      requireRole(ctx, ['admin']);
      return withTenant(deps.database, ctx, async (tx) => toUserView(await getUserRow(tx, userId)));
    },

    async createUser(ctx: RequestContext, input: { email: string; displayName: string; role: UserRole; password: string }) {
      requireRole(ctx, ['admin']);
      const email = input.email.trim().toLowerCase();
      const passwordHash = await hashPassword(input.password);
      // N3: an address is unique within this account only, so the answer never depends on
      // whether another account has a user with it.
      const user = await withTenant(deps.database, ctx, (tx) =>
        deps.users
          .insertUser(tx, {
            account_id: ctx.accountId,
            email,
            display_name: input.displayName.trim(),
            role: input.role,
            password_hash: passwordHash,
          })
          .catch((error: unknown) => {
            throw isUniqueViolation(error)
              ? new AppError('conflict', 'This account already has a user with this e-mail address', {
                  fieldErrors: [{ path: 'body.email', message: 'Already a user of this account' }],
                })
              : error;
          }),
      );
      ctx.log.info({ userId: user.id, role: user.role }, 'user created');
      return toUserView(user);
    },

    async updateUser(ctx: RequestContext, userId: string, changes: { displayName?: string; role?: UserRole; active?: boolean }) {
      requireRole(ctx, ['admin']);
      const actor = requireUser(ctx);
      return withTenant(deps.database, ctx, async (tx) => {
        const user = await getUserRow(tx, userId);
        const demoting = changes.role !== undefined && changes.role !== 'admin';
        const deactivating = changes.active === false && user.deactivated_at === null;
        if (deactivating && userId === actor.userId) {
          throw new AppError('invalid_state', 'You cannot deactivate your own account');
        }
        if (demoting || deactivating) {
          await assertAnotherAdminRemains(tx, user);
        }
        const updated = await deps.users.updateUser(tx, userId, {
          ...(changes.displayName !== undefined && { display_name: changes.displayName.trim() }),
          ...(changes.role !== undefined && { role: changes.role }),
          ...(changes.active !== undefined && { deactivated_at: changes.active ? null : (user.deactivated_at ?? new Date()) }),
        });
        // A deactivated user or a changed role must not keep using a session issued before.
        if (deactivating || (changes.role !== undefined && changes.role !== user.role)) {
          await deps.sessions.deleteSessionsOfUser(tx, userId);
        }
        if (!updated) {
          throw notFound('User');
        }
        return toUserView(updated);
      });
    },

    /** Sets a generated temporary password, ends the user's sessions, and returns it once. */
    async resetPassword(ctx: RequestContext, userId: string) {
      requireRole(ctx, ['admin']);
      const temporaryPassword = generatePassword();
      const passwordHash = await hashPassword(temporaryPassword);
      await withTenant(deps.database, ctx, async (tx) => {
        await getUserRow(tx, userId);
        await deps.users.updateUser(tx, userId, { password_hash: passwordHash });
        await deps.sessions.deleteSessionsOfUser(tx, userId);
      });
      return { temporaryPassword };
    },

    /** Operator recovery from the command line (`flightdeck reset-password`), no signed-in admin. */
    async resetPasswordByEmail(email: string, accountSlug?: string) {
      const temporaryPassword = generatePassword();
      const passwordHash = await hashPassword(temporaryPassword);
      await withoutTenantIsolation(deps.database, 'command-line password recovery names only an e-mail', async (tx) => {
        const users = (await deps.users.findUsersByEmail(tx, email)).filter((u) => !accountSlug || u.account_slug === accountSlug);
        if (users.length > 1) {
          throw new AppError(
            'conflict',
            `${email} is a user in ${users.length} accounts (${users.map((u) => u.account_slug).join(', ')}); name one: reset-password <email> <account-slug>`,
          );
        }
        const user = users[0];
        if (!user) {
          throw notFound('User');
        }
        await deps.users.updateUser(tx, user.id, { password_hash: passwordHash, deactivated_at: null });
        await deps.sessions.deleteSessionsOfUser(tx, user.id);
      });
      return { temporaryPassword };
    },

    async changeOwnPassword(ctx: RequestContext, input: { currentPassword: string; newPassword: string }) {
      const actor = requireUser(ctx);
      const passwordHash = await withTenant(deps.database, ctx, (tx) => deps.users.findPasswordHash(tx, actor.userId));
      if (!passwordHash || !(await verifyPassword(passwordHash, input.currentPassword))) {
        throw new AppError('invalid_input', 'Current password is incorrect', {
          fieldErrors: [{ path: 'body.currentPassword', message: 'Incorrect' }],
        });
      }
      const newHash = await hashPassword(input.newPassword);
      await withTenant(deps.database, ctx, async (tx) => {
        await deps.users.updateUser(tx, actor.userId, { password_hash: newHash });
        // N4: whoever knew the old password is signed out everywhere but here.
        await deps.sessions.deleteOtherSessionsOfUser(tx, actor.userId, actor.sessionId);
      });
    },
  };
};

export type UsersService = ReturnType<typeof createUsersService>;
