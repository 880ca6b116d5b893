// SQL for the dashboard (B5, issue 19). Each figure is its own small query, grouped per customer,
// so the service can run them side by side on separate connections: the backup rates and the
// missed runs of today from the daily rollups (customer_day_rollups, kept current by triggers,
// read through a covering index), the worst problem of the last 24 hours and the runs waiting
// for review through the board's partial indexes, the open tickets from the active links.

import { sql } from 'kysely';
import type { Tx } from '#src/db/tenant';
import { containsPattern } from '#src/lib/like-pattern';

export type RollupRow = {
  customer_id: string;
  good_7d: number;
  total_7d: number;
  good_30d: number;
  total_30d: number;
  missed_today: number;
};
export type DayCellRow = {
  customer_id: string;
  day: string;
  success: number;
  warning: number;
  error: number;
  missed: number;
  overridden: number;
};

export const createDashboardRepository = () => ({
  /** The account's time zone and today's date there (the rollups' days are the account's days). */
  clock: async (tx: Tx, accountId: string) =>
    (
      await sql<{ timezone: string; today: string }>`
        select timezone, to_char((now() at time zone timezone)::date, 'YYYY-MM-DD') as today from accounts where id = ${accountId}`.execute(
        tx,
      )
    ).rows[0] as { timezone: string; today: string },

  customers: (tx: Tx, accountId: string, search: string) => {
    let query = tx.selectFrom('customers').select(['id', 'name']).where('account_id', '=', accountId).where('active', '=', true);
    if (search) {
      query = query.where('name', 'ilike', containsPattern(search));
    }
    return query.execute();
  },

  /** Runs that left a backup (success, warning, marked success) and all runs, over 7 and 30 days; missed today. */
  rollups: async (tx: Tx, accountId: string, today: string) =>
    (
      await sql<RollupRow>`
        select customer_id,
          coalesce(sum(success + warning + overridden) filter (where day > ${today}::date - 7), 0)::int as good_7d,
          coalesce(sum(success + warning + error + missed + overridden) filter (where day > ${today}::date - 7), 0)::int as total_7d,
          sum(success + warning + overridden)::int as good_30d,
          sum(success + warning + error + missed + overridden)::int as total_30d,
          coalesce(sum(missed) filter (where day = ${today}::date), 0)::int as missed_today
        from customer_day_rollups
        where account_id = ${accountId} and day > ${today}::date - 30 and day <= ${today}::date
        group by customer_id`.execute(tx)
    ).rows,

  /** The worst problem of the last 24 hours (4 error, 3 missed, 2 warning, 1 only runs an override covered). */
  worstProblems: async (tx: Tx, accountId: string) =>
    (
      await sql<{ customer_id: string; rank: number }>`
        select j.customer_id,
          max(case run_rollup_bucket(r.status, r.override_id, r.superseded_by)
                when 'error' then 4 when 'missed' then 3 when 'warning' then 2 else 1 end)::int as rank
        from backup_runs r join backup_jobs j on j.id = r.job_id
        where r.account_id = ${accountId} and r.status <> 'success' and r.job_active and r.run_at > now() - interval '24 hours'
          and j.customer_id is not null
        group by j.customer_id`.execute(tx)
    ).rows,

  /** Customers with any run in the last 24 hours (a job's last run is kept on the job by ingest). */
  ranRecently: async (tx: Tx, accountId: string) =>
    (
      await sql<{ customer_id: string }>`
        select distinct customer_id from backup_jobs
        where account_id = ${accountId} and last_run_at > now() - interval '24 hours' and customer_id is not null`.execute(tx)
    ).rows,

  /** Runs waiting for review: counted per job on the board's index first, then per customer. */
  waiting: async (tx: Tx, accountId: string) =>
    (
      await sql<{ customer_id: string; waiting: number }>`
        select j.customer_id, sum(x.n)::int as waiting
        from (
          select job_id, count(*) as n from backup_runs
          where account_id = ${accountId} and status <> 'success' and reviewed_at is null and job_active
          group by job_id
        ) x join backup_jobs j on j.id = x.job_id
        where j.state = 'active' and j.customer_id is not null
        group by j.customer_id`.execute(tx)
    ).rows,

  /** Distinct open tickets (active links not resolved and not seen closed) per customer. */
  openTickets: async (tx: Tx, accountId: string) =>
    (
      await sql<{ customer_id: string; open_tickets: number }>`
        select j.customer_id, count(distinct (l.psa_kind, coalesce(l.ticket_id, l.ticket_number)))::int as open_tickets
        from ticket_links l join backup_runs r on r.id = l.backup_run_id join backup_jobs j on j.id = r.job_id
        where l.account_id = ${accountId} and l.state = 'active' and l.last_status_closed is not true
          and j.customer_id is not null
        group by j.customer_id`.execute(tx)
    ).rows,

  dayCells: async (tx: Tx, f: { accountId: string; customerIds: readonly string[]; from: string; to: string }) =>
    f.customerIds.length
      ? (
          await sql<DayCellRow>`
            select customer_id, to_char(day, 'YYYY-MM-DD') as day, success, warning, error, missed, overridden
            from customer_day_rollups
            where account_id = ${f.accountId} and customer_id = any(${[...f.customerIds]}::uuid[])
              and day between ${f.from}::date and ${f.to}::date`.execute(tx)
        ).rows
      : [],
});

export type DashboardRepository = ReturnType<typeof createDashboardRepository>;
