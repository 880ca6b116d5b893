// N4: sign-in attempts per key (an e-mail, a client address) in a sliding window, kept in
// PostgreSQL so every node shares one count. An attempt is counted *before* the password is
// checked, under a per-key advisory lock, so parallel guesses cannot all pass a check that only
// counted earlier failures; a successful sign-in clears the key.
import { sql } from 'kysely';
import type { Database } from '#src/db/connection';
import { withoutTenantIsolation } from '#src/db/tenant';
import type { Clock } from '#src/lib/clock';

export type LoginRateLimiter = {
  /** Counts an attempt for the key; refuses (and does not count) once the window is full. */
  attempt(key: string): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;
  reset(key: string): Promise<void>;
  /** Gives back the key's latest attempt (a successful sign-in does not use up its address's budget). */
  refund(key: string): Promise<void>;
  /** Drops attempts older than the window, for every key (the session-cleanup job). */
  prune(): Promise<number>;
};

const WHY = 'sign-in attempts are counted before the account is known';

export const createLoginRateLimiter = (
  deps: { database: Database; clock: Clock },
  options: { scope: string; maxAttempts: number; windowMs: number },
): LoginRateLimiter => {
  const keyOf = (key: string) => `${options.scope}:${key}`.slice(0, 400);
  return {
    attempt: (raw) =>
      withoutTenantIsolation(deps.database, WHY, async (tx) => {
        const key = keyOf(raw);
        const now = deps.clock.now();
        const cutoff = new Date(now.getTime() - options.windowMs);
        // Serialises attempts on this key across connections and nodes until the transaction ends.
        await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(tx);
        await tx.deleteFrom('login_attempts').where('limit_key', '=', key).where('attempted_at', '<=', cutoff).execute();
        const recent = await tx
          .selectFrom('login_attempts')
          .select('attempted_at')
          .where('limit_key', '=', key)
          .orderBy('attempted_at', 'desc')
          .limit(options.maxAttempts)
          .execute();
        if (recent.length >= options.maxAttempts) {
          const oldestCounted = recent[recent.length - 1]?.attempted_at ?? now;
          const wait = Math.ceil((oldestCounted.getTime() + options.windowMs - now.getTime()) / 1000);
          return { allowed: false as const, retryAfterSeconds: Math.max(1, wait) };
        }
        await tx.insertInto('login_attempts').values({ limit_key: key, attempted_at: now }).execute();
        return { allowed: true as const };
      }),

    reset: (raw) =>
      withoutTenantIsolation(deps.database, WHY, async (tx) => {
        await tx.deleteFrom('login_attempts').where('limit_key', '=', keyOf(raw)).execute();
      }),

    refund: (raw) =>
      withoutTenantIsolation(deps.database, WHY, async (tx) => {
        const key = keyOf(raw);
        await sql`delete from login_attempts where id = (select max(id) from login_attempts where limit_key = ${key})`.execute(tx);
      }),

    prune: () =>
      withoutTenantIsolation(deps.database, 'old sign-in attempts of every key are pruned in one sweep', async (tx) => {
        const cutoff = new Date(deps.clock.now().getTime() - options.windowMs);
        const result = await tx
          .deleteFrom('login_attempts')
          .where('limit_key', 'like', `${options.scope}:%`)
          .where('attempted_at', '<=', cutoff)
          .executeTakeFirst();
        return Number(result.numDeletedRows);
      }),
  };
};
