// B5 / issue 19: the dashboard every role opens first. Counts come from the daily rollups (one
// row per customer and day in the account's time zone), so the page costs the same at 1M runs as
// at 1,000; only "last 24 hours", waiting runs and open tickets read the live tables, through the
// board's partial indexes.
import type { Database } from '#src/db/connection';
import { withTenant } from '#src/db/tenant';
import type { RequestContext } from '#src/lib/context';
import type { DashboardRepository, DayCellRow } from './dashboard.repository';
import type { Dashboard, DashboardOutcome } from './dashboard.schemas';

const RANKS: DashboardOutcome[] = ['none', 'success', 'warning', 'missed', 'error'];
const rate = (good: number, total: number) => (total ? Math.round((good / total) * 1000) / 10 : null);

/** The day's worst outcome; a run marked as success counts as success. */
export const worstOfDay = (c: Pick<DayCellRow, 'success' | 'warning' | 'error' | 'missed' | 'overridden'>): DashboardOutcome =>
  c.error ? 'error' : c.missed ? 'missed' : c.warning ? 'warning' : c.success || c.overridden ? 'success' : 'none';

/** The dates from `days - 1` before `today` up to today, oldest first. */
export const dayRange = (today: string, days: number) => {
  const end = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => new Date(end - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10));
};

export const createDashboardService = (deps: { database: Database; dashboard: DashboardRepository }) => ({
  async load(
    ctx: RequestContext,
    query: { days: '14' | '30'; sort: 'attention' | 'name'; search: string; offset: number; limit: number },
  ): Promise<Dashboard> {
    return withTenant(deps.database, ctx, async (tx) => {
      const timezone = await deps.dashboard.timezoneOf(tx, ctx.accountId);
      const today = await deps.dashboard.today(tx, timezone);
      const days = dayRange(today, Number(query.days));
      const rows = await deps.dashboard.customerHealth(tx, { accountId: ctx.accountId, today, ...query });
      const cells = await deps.dashboard.dayCells(tx, {
        accountId: ctx.accountId,
        customerIds: rows.map((r) => r.id),
        from: days[0] as string,
        to: today,
      });
      const byCustomer = new Map<string, Map<string, DayCellRow>>();
      for (const cell of cells) {
        const map = byCustomer.get(cell.customer_id) ?? new Map<string, DayCellRow>();
        map.set(cell.day, cell);
        byCustomer.set(cell.customer_id, map);
      }
      const first = rows[0];
      return {
        timezone,
        today,
        days,
        totals: {
          customers: first?.total_customers ?? 0,
          needingAttention: first?.needing_attention ?? 0,
          waiting: first?.waiting_total ?? 0,
          missedToday: first?.missed_today_total ?? 0,
          openTickets: first?.open_tickets_total ?? 0,
        },
        customers: rows.map((r) => ({
          id: r.id,
          name: r.name,
          worst24h: RANKS[r.worst_rank] ?? 'none',
          backupRate7d: rate(r.good_7d, r.total_7d),
          backupRate30d: rate(r.good_30d, r.total_30d),
          waiting: r.waiting,
          missedToday: r.missed_today,
          openTickets: r.open_tickets,
          days: days.map((day) => {
            const c = byCustomer.get(r.id)?.get(day) ?? { success: 0, warning: 0, error: 0, missed: 0, overridden: 0 };
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
        nextOffset: first && query.offset + rows.length < first.total_customers ? query.offset + rows.length : null,
      };
    });
  },
});

export type DashboardService = ReturnType<typeof createDashboardService>;
