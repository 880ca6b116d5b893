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
  /** Per e-mail: 10 attempts a minute. */
  limiter: LoginRateLimiter;
  /** Per client address: looser, since an office shares one address behind NAT. */
  addressLimiter: LoginRateLimiter;
  clock: Clock;
  sessionTtlHours: number;
}) => {
  const throttled = (retryAfterSeconds: number) =>
    new AppError('rate_limited', 'Too many sign-in attempts. Try again shortly.', { retryAfterSeconds });

  /** Counts this attempt for the address and the e-mail before any password is checked. */
  const admit = async (email: string, address: string) => {
    const byAddress = await deps.addressLimiter.attempt(address);
    if (!byAddress.allowed) {
      throw throttled(byAddress.retryAfterSeconds);
    }
    const byEmail = await deps.limiter.attempt(email);
    if (!byEmail.allowed) {
      throw throttled(byEmail.retryAfterSeconds);
    }
  };

  return {
    async login(input: { email: string; password: string; clientAddress: string; userAgent: string | null }) {
      const email = input.email.trim().toLowerCase();
      await admit(email, input.clientAddress);
      // N3: one address may have a user in several accounts; the password decides which one.
      const candidates = await withoutTenantIsolation(deps.database, 'a login names an e-mail, not an account', (tx) =>
        deps.users.findUserCredentialsByEmail(tx, email),
      );
      let user: (typeof candidates)[number] | undefined;
      for (const candidate of candidates.length ? candidates : [undefined]) {
        // Always one hash check, so an unknown address costs the same time as a wrong password.
        const ok = await verifyPassword(candidate?.password_hash ?? DUMMY_PASSWORD_HASH, input.password);
        if (candidate && ok && !candidate.deactivated_at) {
          user = candidate;
          break;
        }
      }
      if (!user) {
        throw new AppError('unauthenticated', INVALID_LOGIN);
      }
      await Promise.all([deps.limiter.reset(email), deps.addressLimiter.refund(input.clientAddress)]);
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
      return {
        accountId: found.accountId,
        actor: { kind: 'api_key', apiKeyId: found.id, role: 'machine', scopes: found.scopes },
        csrfToken: null,
      };
    },

    /** Removes expired sessions of every account, and old sign-in attempts (the session-cleanup job). */
    async deleteExpiredSessions() {
      await Promise.all([deps.limiter.prune(), deps.addressLimiter.prune()]);
      return withoutTenantIsolation(deps.database, 'expired sessions of all accounts are removed in one sweep', (tx) =>
        deps.sessions.deleteExpiredSessions(tx, deps.clock.now()),
      );
    },
  };
};

export type AuthService = ReturnType<typeof createAuthService>;
