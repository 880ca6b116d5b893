// Login, logout and resolving who a request is (session cookie or API key). Lookups by token or
// e-mail happen before the account is known, so they run outside tenant isolation by necessity.
import type { Database } from '#src/db/connection';
import { withoutTenantIsolation, withTenant } from '#src/db/tenant';
import { AppError } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import type { Actor, RequestContext, UserRole } from '#src/lib/context';
import { DUMMY_PASSWORD_HASH, verifyPassword } from '#src/lib/passwords';
import { randomToken, sha256 } from '#src/lib/tokens';
import type { ApiKeysService } from '../api-keys/api-keys.service';
import type { UsersRepository } from '../users/users.repository';
import { toUserView } from '../users/users.service';
import type { LoginRateLimiter } from './login-rate-limiter';
import type { SessionsRepository } from './sessions.repository';

export type Authenticated = { accountId: string; actor: Actor; csrfToken: string | null };

const INVALID_LOGIN = 'E-mail or password is incorrect';

export const createAuthService = (deps: {
  database: Database;
  sessions: SessionsRepository;
  users: UsersRepository;
  apiKeys: ApiKeysService;
  /** Per e-mail: 10 failures a minute. */
  limiter: LoginRateLimiter;
  /** Per client address: looser, since an office shares one address behind NAT. */
  addressLimiter: LoginRateLimiter;
  clock: Clock;
  sessionTtlHours: number;
}) => {
  const assertNotThrottled = (email: string, address: string) => {
    const wait = Math.max(deps.limiter.retryAfterSeconds(email), deps.addressLimiter.retryAfterSeconds(address));
    if (wait > 0) {
      throw new AppError('rate_limited', 'Too many failed sign-in attempts. Try again shortly.', {
        retryAfterSeconds: wait,
      });
    }
  };

  return {
    async login(input: { email: string; password: string; clientAddress: string; userAgent: string | null }) {
      const email = input.email.trim().toLowerCase();
      assertNotThrottled(email, input.clientAddress);
      const user = await withoutTenantIsolation(deps.database, 'a login names an e-mail, not an account', (tx) =>
        deps.users.findUserCredentialsByEmail(tx, email),
      );
      const passwordOk = await verifyPassword(user?.password_hash ?? DUMMY_PASSWORD_HASH, input.password);
      if (!user || !passwordOk || user.deactivated_at) {
        deps.limiter.recordFailure(email);
        deps.addressLimiter.recordFailure(input.clientAddress);
        throw new AppError('unauthenticated', INVALID_LOGIN);
      }
      deps.limiter.reset(email);
      const token = randomToken();
      const csrfToken = randomToken();
      const now = deps.clock.now();
      const expiresAt = new Date(now.getTime() + deps.sessionTtlHours * 3_600_000);
      const { session, updated } = await withTenant(deps.database, { accountId: user.account_id }, async (tx) => ({
        updated: await deps.users.updateUser(tx, user.id, { last_login_at: now }),
        session: await deps.sessions.insertSession(tx, {
          account_id: user.account_id,
          user_id: user.id,
          token_hash: sha256(token),
          csrf_token: csrfToken,
          user_agent: input.userAgent?.slice(0, 400) ?? null,
          expires_at: expiresAt,
        }),
      }));
      if (!updated) {
        throw new AppError('unauthenticated', INVALID_LOGIN);
      }
      return { token, csrfToken, expiresAt: session.expires_at, user: toUserView(updated), accountId: user.account_id };
    },

    async logout(ctx: RequestContext) {
      const actor = ctx.actor;
      if (actor.kind !== 'user' || !actor.sessionId) {
        return;
      }
      const sessionId = actor.sessionId;
      await withTenant(deps.database, ctx, (tx) => deps.sessions.deleteSession(tx, sessionId));
    },

    async authenticateSessionToken(token: string): Promise<Authenticated | null> {
      const session = await withoutTenantIsolation(deps.database, 'a session cookie identifies its account only after lookup', (tx) =>
        deps.sessions.findLiveSession(tx, sha256(token), deps.clock.now()),
      );
      if (!session) {
        return null;
      }
      return {
        accountId: session.account_id,
        actor: { kind: 'user', userId: session.user_id, role: session.role as UserRole, sessionId: session.id },
        csrfToken: session.csrf_token,
      };
    },

    async authenticateApiKey(key: string): Promise<Authenticated | null> {
      const found = await deps.apiKeys.verifyApiKey(key);
      if (!found) {
        return null;
      }
      return { accountId: found.accountId, actor: { kind: 'api_key', apiKeyId: found.id, role: 'machine' }, csrfToken: null };
    },

    /** Removes expired sessions of every account (the session-cleanup job). */
    deleteExpiredSessions: () =>
      withoutTenantIsolation(deps.database, 'expired sessions of all accounts are removed in one sweep', (tx) =>
        deps.sessions.deleteExpiredSessions(tx, deps.clock.now()),
      ),
  };
};

export type AuthService = ReturnType<typeof createAuthService>;
