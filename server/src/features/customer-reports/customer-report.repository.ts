// Issue 20 (B15.2): the SQL of a customer's monthly report. The customer's totals and the daily
// trend come from customer_day_rollups, the table the dashboard reads; the per-job figures from
// the runs through the same run_rollup_bucket (an override counts as good, a superseded
// placeholder not at all), so the report's sums equal the rollups'.
import { sql } from 'kysely';
import type { Tx } from '#src/db/tenant';

export type Period = { accountId: string; customerId: string; from: string; to: string };

export type JobRow = {
  job_id: string;
  job: string;
  software: string;
  success: number;
  warning: number;
  error: number;
  missed: number;
  overridden: number;
  longest_gap_hours: number | null;
  tickets_opened: number;
  tickets_resolved: number;
};

export const createCustomerReportRepository = () => ({
  customer: (tx: Tx, customerId: string) =>
    tx.selectFrom('customers').select(['id', 'name', 'report_email', 'report_monthly']).where('id', '=', customerId).executeTakeFirst(),
  timezone: (tx: Tx) => tx.selectFrom('accounts').select(['name', 'timezone']).executeTakeFirstOrThrow(),

  days: async (tx: Tx, p: Period) =>
    (
      await sql<{ day: string; success: number; warning: number; error: number; missed: number; overridden: number }>`
        select to_char(day, 'YYYY-MM-DD') as day, success, warning, error, missed, overridden
        from customer_day_rollups
        where account_id = ${p.accountId} and customer_id = ${p.customerId} and day between ${p.from}::date and ${p.to}::date
        order by day`.execute(tx)
    ).rows,

  /**
   * Per job: outcomes in the month, the longest stretch without a good run within the month (from
   * its start, or the job's creation, to the next good run; the last to the month's end or now),
   * and its tickets.
   */
  jobs: async (tx: Tx, p: Period, timezone: string) =>
    (
      await sql<JobRow>`
        with bounds as (
          select (${p.from}::date)::timestamp at time zone ${timezone} as starts,
                 least(((${p.to}::date + 1)::timestamp at time zone ${timezone}), now()) as ends
        ),
        month_runs as (
          select r.id, r.job_id, r.run_at, run_rollup_bucket(r.status, r.override_id, r.superseded_by) as bucket
          from backup_runs r join backup_jobs j on j.id = r.job_id, bounds b
          where r.account_id = ${p.accountId} and j.customer_id = ${p.customerId} and r.run_at >= b.starts and r.run_at < b.ends
        ),
        good as (
          select job_id, run_at from month_runs where bucket in ('success', 'warning', 'overridden')
        ),
        -- A job's watch starts at its creation or its first run, whichever is earlier (history
        -- imported with the first report is older than the job).
        job_start as (
          select j.id, least(j.created_at, (select min(r.run_at) from backup_runs r where r.account_id = j.account_id and r.job_id = j.id)) as at
          from backup_jobs j
          where j.account_id = ${p.accountId} and j.customer_id = ${p.customerId} and j.state = 'active'
        ),
        gaps as (
          select s.id as job_id,
            (select max(g.next_at - g.run_at) from (
              select run_at, lead(run_at, 1, b.ends) over (order by run_at) as next_at
              from (
                select greatest(b.starts, s.at) as run_at
                union all select run_at from good where good.job_id = s.id
              ) points
            ) g) as longest
          from job_start s, bounds b
          where s.at < b.ends
        )
        select j.id as job_id, j.name as job, j.backup_software as software,
          count(m.id) filter (where m.bucket = 'success')::int as success,
          count(m.id) filter (where m.bucket = 'warning')::int as warning,
          count(m.id) filter (where m.bucket = 'error')::int as error,
          count(m.id) filter (where m.bucket = 'missed')::int as missed,
          count(m.id) filter (where m.bucket = 'overridden')::int as overridden,
          round(extract(epoch from max(gp.longest)) / 3600.0, 1)::float8 as longest_gap_hours,
          (select count(*) from ticket_links l join month_runs x on x.id = l.backup_run_id
             where x.job_id = j.id and l.origin = 'created')::int as tickets_opened,
          (select count(*) from ticket_links l join backup_runs x on x.id = l.backup_run_id, bounds b
             where x.job_id = j.id and l.resolved_at >= b.starts and l.resolved_at < b.ends)::int as tickets_resolved
        from backup_jobs j
        left join month_runs m on m.job_id = j.id
        left join gaps gp on gp.job_id = j.id
        where j.account_id = ${p.accountId} and j.customer_id = ${p.customerId} and (j.state = 'active' or m.id is not null)
        group by j.id, j.name, j.backup_software
        order by j.name`.execute(tx)
    ).rows,

  missedRuns: async (tx: Tx, p: Period, timezone: string) =>
    (
      await sql<{ job: string; run_at: Date }>`
        select j.name as job, r.run_at
        from backup_runs r join backup_jobs j on j.id = r.job_id
        where r.account_id = ${p.accountId} and j.customer_id = ${p.customerId} and r.status = 'missed' and r.superseded_by is null and r.override_id is null
          and r.run_at >= (${p.from}::date)::timestamp at time zone ${timezone}
          and r.run_at < ((${p.to}::date + 1)::timestamp at time zone ${timezone})
        order by r.run_at
        limit 200`.execute(tx)
    ).rows,

  branding: (tx: Tx) => tx.selectFrom('report_branding').selectAll().executeTakeFirst(),
  upsertBranding: (tx: Tx, row: { account_id: string; msp_name: string; logo: Buffer | null; logo_type: string | null; at: Date }) =>
    tx
      .insertInto('report_branding')
      .values({ account_id: row.account_id, msp_name: row.msp_name, logo: row.logo, logo_type: row.logo_type, updated_at: row.at })
      .onConflict((oc) =>
        oc.column('account_id').doUpdateSet({ msp_name: row.msp_name, logo: row.logo, logo_type: row.logo_type, updated_at: row.at }),
      )
      .execute(),
  updateRecipient: (tx: Tx, customerId: string, email: string | null, monthly: boolean) =>
    tx.updateTable('customers').set({ report_email: email, report_monthly: monthly }).where('id', '=', customerId).executeTakeFirst(),
  /** Customers whose report is mailed each month (cross-tenant: the sweep). */
  monthlyRecipients: (tx: Tx) =>
    tx
      .selectFrom('customers')
      .select(['id', 'account_id'])
      .where('report_monthly', '=', true)
      .where('report_email', 'is not', null)
      .where('active', '=', true)
      .execute(),
});

export type CustomerReportRepository = ReturnType<typeof createCustomerReportRepository>;
