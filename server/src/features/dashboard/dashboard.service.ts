// B5 / issue 19: the dashboard every role opens first. Counts come from the daily rollups (one
// row per customer and day in the account's time zone), so the page costs the same at 1M runs as
// at 1,000; only "last 24 hours", waiting runs and open tickets read the live tables, through the
// board's partial indexes.

import { sql } from 'kysely';
import type { Database } from '#src/db/connection';
import { type Tx, withTenant } from '#src/db/tenant';
import type { RequestContext } from '#src/lib/context';
import { backupRate } from './backup-rate';
import type { DashboardRepository, DayCellRow } from './dashboard.repository';
import type { Dashboard, DashboardOutcome } from './dashboard.schemas';

const RANKS: DashboardOutcome[] = ['none', 'success', 'warning', 'missed', 'error'];

/** The day's worst outcome; a run marked as success counts as success. */
export const worstOfDay = (c: Pick<DayCellRow, 'success' | 'warning' | 'error' | 'missed' | 'overridden'>): DashboardOutcome =>
  c.error ? 'error' : c.missed ? 'missed' : c.warning ? 'warning' : c.success || c.overridden ? 'success' : 'none';

/** The dates from `days - 1` before `today` up to today, oldest first. */
export const dayRange = (today: string, days: number) => {
  const end = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => new Date(end - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10));
};

type Health = {
  id: string;
  name: string;
  worstRank: number;
  good7: number;
  total7: number;
  good30: number;
  total30: number;
  missedToday: number;
  waiting: number;
  openTickets: number;
};

/** "Needs attention" first: a problem in the last 24 h, the worst first, then most waiting, missed, lowest 7-day rate. */
export const byAttention = (a: Health, b: Health) =>
  Number(b.worstRank >= 2) - Number(a.worstRank >= 2) ||
  b.worstRank - a.worstRank ||
  b.waiting - a.waiting ||
  b.missedToday - a.missedToday ||
  (a.total7 ? a.good7 / a.total7 : 2) - (b.total7 ? b.good7 / b.total7 : 2) ||
  a.name.localeCompare(b.name) ||
  a.id.localeCompare(b.id);
const byName = (a: Health, b: Health) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

export const createDashboardService = (deps: { database: Database; dashboard: DashboardRepository }) => ({
  async load(
    ctx: RequestContext,
    query: { days: '14' | '30'; sort: 'attention' | 'name'; search: string; offset: number; limit: number },
  ): Promise<Dashboard> {
    // Short reads: PostgreSQL's JIT would spend longer compiling these aggregates than running them.
    const read = <T>(work: (tx: Tx) => Promise<T>) =>
      withTenant(deps.database, ctx, async (tx) => {
        if (deps.database.engine === 'postgres') {
          await sql`set local jit = off`.execute(tx);
        }
        return work(tx);
      });
    const { timezone, today } = await read((tx) => deps.dashboard.clock(tx, ctx.accountId));
    // Independent figures, each on its own connection at the same time (PGlite runs them in turn).
    const [customers, rollups, problems, ran, waiting, tickets] = await Promise.all([
      read((tx) => deps.dashboard.customers(tx, ctx.accountId, query.search)),
      read((tx) => deps.dashboard.rollups(tx, ctx.accountId, today)),
      read((tx) => deps.dashboard.worstProblems(tx, ctx.accountId)),
      read((tx) => deps.dashboard.ranRecently(tx, ctx.accountId)),
      read((tx) => deps.dashboard.waiting(tx, ctx.accountId)),
      read((tx) => deps.dashboard.openTickets(tx, ctx.accountId)),
    ]);
    const rollupOf = new Map(rollups.map((r) => [r.customer_id, r]));
    const problemOf = new Map(problems.map((p) => [p.customer_id, p.rank]));
    const ranOf = new Set(ran.map((r) => r.customer_id));
    const waitingOf = new Map(waiting.map((w) => [w.customer_id, w.waiting]));
    const ticketsOf = new Map(tickets.map((t) => [t.customer_id, t.open_tickets]));
    const health: Health[] = customers.map((c) => {
      const r = rollupOf.get(c.id);
      return {
        id: c.id,
        name: c.name,
        worstRank: Math.max(problemOf.get(c.id) ?? 0, ranOf.has(c.id) ? 1 : 0),
        good7: r?.good_7d ?? 0,
        total7: r?.total_7d ?? 0,
        good30: r?.good_30d ?? 0,
        total30: r?.total_30d ?? 0,
        missedToday: r?.missed_today ?? 0,
        waiting: waitingOf.get(c.id) ?? 0,
        openTickets: ticketsOf.get(c.id) ?? 0,
      };
    });
    health.sort(query.sort === 'name' ? byName : byAttention);
    const page = health.slice(query.offset, query.offset + query.limit);
    const days = dayRange(today, Number(query.days));
    const cells = await read((tx) =>
      deps.dashboard.dayCells(tx, { accountId: ctx.accountId, customerIds: page.map((h) => h.id), from: days[0] as string, to: today }),
    );
    const cellOf = new Map(cells.map((c) => [`${c.customer_id}|${c.day}`, c]));
    const sum = (pick: (h: Health) => number) => health.reduce((total, h) => total + pick(h), 0);
    return {
      timezone,
      today,
      days,
      totals: {
        customers: health.length,
        needingAttention: health.filter((h) => h.worstRank >= 2).length,
        waiting: sum((h) => h.waiting),
        missedToday: sum((h) => h.missedToday),
        openTickets: sum((h) => h.openTickets),
      },
      customers: page.map((h) => ({
        id: h.id,
        name: h.name,
        worst24h: RANKS[h.worstRank] ?? 'none',
        backupRate7d: backupRate(h.good7, h.total7),
        backupRate30d: backupRate(h.good30, h.total30),
        waiting: h.waiting,
        missedToday: h.missedToday,
        openTickets: h.openTickets,
        days: days.map((day) => {
          const c = cellOf.get(`${h.id}|${day}`) ?? { success: 0, warning: 0, error: 0, missed: 0, overridden: 0 };
          return {
            day,
            success: c.success,
            warning: c.warning,
            error: c.error,
            missed: c.missed,
            overridden: c.overridden,
            worst: worstOfDay(c),
          };
        }),
      })),
      nextOffset: query.offset + page.length < health.length ? query.offset + page.length : null,
    };
  },
});

export type DashboardService = ReturnType<typeof createDashboardService>;
