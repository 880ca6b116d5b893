// SQL for the dashboard (B5, issue 19): per customer the worst outcome of the last 24 hours, the
// backup rate over 7 and 30 days and the missed runs of today from the daily rollups
// (customer_day_rollups, kept current by triggers), the runs waiting for review and the open
// tickets; ordered by what needs attention, one page at a time; and the heat-map cells of a page.
import { sql } from 'kysely';
import type { Tx } from '#src/db/tenant';

export type DashboardSort = 'attention' | 'name';
export type CustomerHealthRow = {
  id: string;
  name: string;
  /** 4 error, 3 missed, 2 warning, 1 only good runs, 0 no run in the last 24 hours. */
  worst_rank: number;
  good_7d: number;
  total_7d: number;
  good_30d: number;
  total_30d: number;
  missed_today: number;
  waiting: number;
  open_tickets: number;
  total_customers: number;
  needing_attention: number;
  waiting_total: number;
  missed_today_total: number;
  open_tickets_total: number;
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
  timezoneOf: async (tx: Tx, accountId: string) =>
    (await tx.selectFrom('accounts').select('timezone').where('id', '=', accountId).executeTakeFirstOrThrow()).timezone,

  /** Today's date where the account is (the rollups' days are the account's days). */
  today: async (tx: Tx, timezone: string) =>
    (await sql<{ today: string }>`select to_char((now() at time zone ${timezone})::date, 'YYYY-MM-DD') as today`.execute(tx)).rows[0]
      ?.today as string,

  async customerHealth(
    tx: Tx,
    f: { accountId: string; today: string; search: string; sort: DashboardSort; limit: number; offset: number },
  ): Promise<CustomerHealthRow[]> {
    const pattern = f.search ? `%${f.search.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null;
    const order =
      f.sort === 'name'
        ? sql`h.name, h.id`
        : sql`(h.worst_rank >= 2) desc, h.worst_rank desc, h.waiting desc, h.missed_today desc,
            (h.good_7d::float / nullif(h.total_7d, 0)) asc nulls last, h.name, h.id`;
    const result = await sql<CustomerHealthRow>`
      with c as (
        select id, name from customers
        where account_id = ${f.accountId} and active and (${pattern}::text is null or name ilike ${pattern})
      ),
      roll as (
        select customer_id,
          coalesce(sum(success + warning + overridden) filter (where day > ${f.today}::date - 7), 0)::int as good_7d,
          coalesce(sum(success + warning + error + missed + overridden) filter (where day > ${f.today}::date - 7), 0)::int as total_7d,
          sum(success + warning + overridden)::int as good_30d,
          sum(success + warning + error + missed + overridden)::int as total_30d,
          coalesce(sum(missed) filter (where day = ${f.today}::date), 0)::int as missed_today
        from customer_day_rollups
        where account_id = ${f.accountId} and day > ${f.today}::date - 30 and day <= ${f.today}::date
        group by customer_id
      ),
      problems as (
        select j.customer_id,
          max(case run_rollup_bucket(r.status, r.override_id, r.superseded_by)
                when 'error' then 4 when 'missed' then 3 when 'warning' then 2 else 1 end) as rank
        from backup_runs r join backup_jobs j on j.id = r.job_id
        where r.account_id = ${f.accountId} and r.status <> 'success' and r.run_at > now() - interval '24 hours'
        group by j.customer_id
      ),
      ran as (
        select customer_id, 1 as rank from backup_jobs
        where account_id = ${f.accountId} and last_run_at > now() - interval '24 hours' and customer_id is not null
        group by customer_id
      ),
      waiting as (
        select j.customer_id, count(*)::int as waiting
        from backup_runs r join backup_jobs j on j.id = r.job_id
        where r.account_id = ${f.accountId} and r.status <> 'success' and r.reviewed_at is null and j.state = 'active'
        group by j.customer_id
      ),
      tickets as (
        select j.customer_id, count(distinct (l.psa_kind, coalesce(l.ticket_id, l.ticket_number)))::int as open_tickets
        from ticket_links l join backup_runs r on r.id = l.backup_run_id join backup_jobs j on j.id = r.job_id
        where l.account_id = ${f.accountId} and l.state = 'active' and l.last_status_closed is not true
        group by j.customer_id
      ),
      h as (
        select c.id, c.name,
          greatest(coalesce(p.rank, 0), coalesce(ran.rank, 0)) as worst_rank,
          coalesce(roll.good_7d, 0) as good_7d, coalesce(roll.total_7d, 0) as total_7d,
          coalesce(roll.good_30d, 0) as good_30d, coalesce(roll.total_30d, 0) as total_30d,
          coalesce(roll.missed_today, 0) as missed_today,
          coalesce(w.waiting, 0) as waiting, coalesce(t.open_tickets, 0) as open_tickets
        from c
        left join roll on roll.customer_id = c.id
        left join problems p on p.customer_id = c.id
        left join ran on ran.customer_id = c.id
        left join waiting w on w.customer_id = c.id
        left join tickets t on t.customer_id = c.id
      )
      select h.*,
        count(*) over ()::int as total_customers,
        count(*) filter (where h.worst_rank >= 2) over ()::int as needing_attention,
        sum(h.waiting) over ()::int as waiting_total,
        sum(h.missed_today) over ()::int as missed_today_total,
        sum(h.open_tickets) over ()::int as open_tickets_total
      from h
      order by ${order}
      limit ${f.limit} offset ${f.offset}`.execute(tx);
    return result.rows;
  },

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
