// Issue 14: Autotask counts concurrent requests per integration and endpoint across every caller,
// so the count that keeps us under it must be shared by every Flightdeck node. Two kinds of slot
// pool behind one interface: in-process (PGlite: one process by nature; small tests) and leases in
// PostgreSQL (autotask_call_slots), which every node on the database sees.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '#src/db/connection';
import { AppError } from '#src/lib/app-error';

/** Autotask answers 429 past three concurrent requests per endpoint (autotask-api.md, "Thread limit": per tracking identifier × object endpoint). */
export const AUTOTASK_CONCURRENT_REQUESTS = 3;

export type CallSlots = {
  /** Waits for a free slot under `key` and returns its release. */
  acquire(key: string): Promise<() => Promise<void>>;
};

export const createLocalCallSlots = (concurrency = AUTOTASK_CONCURRENT_REQUESTS): CallSlots => {
  const slots = new Map<string, { active: number; waiting: (() => void)[] }>();
  return {
    async acquire(key) {
      let slot = slots.get(key);
      if (!slot) {
        slot = { active: 0, waiting: [] };
        slots.set(key, slot);
      }
      const held = slot;
      if (held.active >= concurrency) {
        await new Promise<void>((resolve) => held.waiting.push(resolve));
      }
      held.active += 1;
      return async () => {
        held.active -= 1;
        held.waiting.shift()?.();
      };
    },
  };
};

export type SharedCallSlotsOptions = {
  concurrency?: number;
  /** A lease a node no longer renews (it died mid-call) frees itself after this long. */
  leaseMs?: number;
  /** How long a caller waits for a slot before giving up with rate_limited. */
  waitMs?: number;
};

export const createSharedCallSlots = (database: Database, options: SharedCallSlotsOptions = {}): CallSlots => {
  const concurrency = options.concurrency ?? AUTOTASK_CONCURRENT_REQUESTS;
  const leaseMs = options.leaseMs ?? 30_000;
  const waitMs = options.waitMs ?? 120_000;
  const seeded = new Set<string>();

  const seed = async (key: string) => {
    if (seeded.has(key)) {
      return;
    }
    await sql`insert into autotask_call_slots (limit_key, slot)
              select ${key}, g from generate_series(0, ${concurrency - 1}) as g
              on conflict do nothing`.execute(database.db);
    seeded.add(key);
  };

  // One statement: the first slot that is free or whose lease ran out, skipping rows another node
  // is taking at this instant, becomes ours.
  const take = async (key: string, holder: string) => {
    const { rows } = await sql<{ slot: number }>`
      update autotask_call_slots s
         set holder = ${holder}, expires_at = now() + make_interval(secs => ${leaseMs / 1000})
        from (select limit_key, slot from autotask_call_slots
               where limit_key = ${key} and slot < ${concurrency} and (holder is null or expires_at < now())
               order by slot limit 1 for update skip locked) free
       where s.limit_key = free.limit_key and s.slot = free.slot
      returning s.slot`.execute(database.db);
    return rows[0]?.slot;
  };

  return {
    async acquire(key) {
      await seed(key);
      const holder = randomUUID();
      const deadline = Date.now() + waitMs;
      let pause = 10;
      let slot = await take(key, holder);
      while (slot === undefined) {
        if (Date.now() > deadline) {
          throw new AppError('rate_limited', 'Every Autotask request slot stayed busy; try again shortly.', {
            provider: 'autotask',
            retryAfterSeconds: 30,
          });
        }
        await new Promise((resolve) => setTimeout(resolve, pause + Math.random() * pause));
        pause = Math.min(pause * 2, 200);
        slot = await take(key, holder);
      }
      // A long call (retries with back-off) keeps its lease.
      const renew = setInterval(() => {
        void sql`update autotask_call_slots set expires_at = now() + make_interval(secs => ${leaseMs / 1000})
                  where limit_key = ${key} and slot = ${slot} and holder = ${holder}`
          .execute(database.db)
          .catch(() => undefined);
      }, leaseMs / 3);
      renew.unref();
      return async () => {
        clearInterval(renew);
        await sql`update autotask_call_slots set holder = null, expires_at = null
                   where limit_key = ${key} and slot = ${slot} and holder = ${holder}`.execute(database.db);
      };
    },
  };
};
