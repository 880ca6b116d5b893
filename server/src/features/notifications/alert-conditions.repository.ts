// Issue 20: the SQL behind each alert condition. Each returns the conditions true now, one row per
// job, customer or integration, with what the message needs. Outcomes are read the way the
// dashboard reads them (run_rollup_bucket: an override counts as good, a superseded placeholder
// not at all), so an alert and the dashboard never disagree.
import { sql } from 'kysely';
import type { Tx } from '#src/db/tenant';

export type ActiveCondition = {
  key: string;
  subject: string;
  facts: { label: string; value: string }[];
  /** A path in Flightdeck to look at. */
  path: string;
};

export const createAlertConditionsRepository = () => ({
  /** Watched jobs whose last `n` runs all failed or were missed. */
  async jobsFailing(tx: Tx, n: number): Promise<ActiveCondition[]> {
    const rows = (
      await sql<{ id: string; name: string; customer: string | null; last_at: Date; statuses: string[] }>`
        select j.id, j.name, c.name as customer, f.last_at, f.statuses
        from backup_jobs j
        left join customers c on c.id = j.customer_id
        cross join lateral (
          select count(*) as runs, count(*) filter (where b in ('error', 'missed')) as bad, max(run_at) as last_at, array_agg(b) as statuses
          from (
            select run_rollup_bucket(r.status, r.override_id, r.superseded_by) as b, r.run_at
            from backup_runs r
            where r.account_id = j.account_id and r.job_id = j.id and r.superseded_by is null
            order by r.run_at desc limit ${n}
          ) last_runs
        ) f
        where j.state = 'active' and j.active and not j.checks_paused and f.runs = ${n} and f.bad = ${n}
        order by c.name, j.name`.execute(tx)
    ).rows;
    return rows.map((r) => ({
      key: `job:${r.id}`,
      subject: `${r.customer ?? 'No customer'} · ${r.name}`,
      facts: [
        { label: 'Customer', value: r.customer ?? 'not assigned' },
        { label: 'Job', value: r.name },
        { label: 'Last runs', value: r.statuses.join(', ') },
        { label: 'Last run', value: r.last_at.toISOString() },
      ],
      path: `/jobs/${r.id}`,
    }));
  },

  /** Active customers with watched jobs older than `days` and no good backup in the last `days` days. */
  async customersWithoutSuccess(tx: Tx, accountId: string, days: number): Promise<ActiveCondition[]> {
    const rows = (
      await sql<{ id: string; name: string; last_good: string | null }>`
        with today as (select (now() at time zone timezone)::date as d from accounts where id = ${accountId})
        select c.id, c.name,
          (select to_char(max(day), 'YYYY-MM-DD') from customer_day_rollups g
            where g.account_id = c.account_id and g.customer_id = c.id and g.success + g.warning + g.overridden > 0) as last_good
        from customers c, today
        where c.active
          and exists (select 1 from backup_jobs j where j.customer_id = c.id and j.state = 'active' and j.active and not j.checks_paused
                        and j.created_at < now() - make_interval(days => ${days}))
          and not exists (select 1 from customer_day_rollups g where g.account_id = c.account_id and g.customer_id = c.id
                            and g.day > today.d - ${days}::int and g.success + g.warning + g.overridden > 0)
        order by c.name`.execute(tx)
    ).rows;
    return rows.map((r) => ({
      key: `customer:${r.id}`,
      subject: r.name,
      facts: [
        { label: 'Customer', value: r.name },
        { label: 'Last good backup', value: r.last_good ?? 'none on record' },
      ],
      path: `/customers/${r.id}/jobs`,
    }));
  },

  /**
   * Enabled PSA integrations whose credentials are refused: the last connection test failed, or
   * a call since the last good test was answered 401 (read from the external-call log, which
   * keeps errors unless an admin switched logging off for the integration).
   */
  async psaAuthFailing(tx: Tx): Promise<ActiveCondition[]> {
    const rows = (
      await sql<{ kind: string; message: string | null; at: Date | null }>`
        select i.kind,
          coalesce(case when cr.last_test_ok = false then cr.last_test_message end, refused.error_message) as message,
          coalesce(refused.created_at, cr.last_test_at) as at
        from psa_integrations i
        left join integration_credentials cr on cr.integration = i.kind
        left join lateral (
          select l.error_message, l.created_at from external_call_log l
          where l.integration = i.kind and l.http_status = 401 and l.created_at > now() - interval '24 hours'
            and (cr.last_test_at is null or cr.last_test_ok = false or l.created_at > cr.last_test_at)
          order by l.created_at desc limit 1
        ) refused on true
        where i.enabled and (cr.last_test_ok = false or refused.created_at is not null)`.execute(tx)
    ).rows;
    return rows.map((r) => ({
      key: `psa:${r.kind}`,
      subject: r.kind === 'autotask' ? 'Autotask' : 'ConnectWise',
      facts: [
        { label: 'Integration', value: r.kind },
        { label: 'Answer', value: r.message ?? 'credentials refused' },
        ...(r.at ? [{ label: 'Seen', value: r.at.toISOString() }] : []),
      ],
      path: '/settings/integrations',
    }));
  },

  /** The report mailbox, when its last poll failed. */
  async mailboxFailing(tx: Tx): Promise<ActiveCondition[]> {
    const row = await tx
      .selectFrom('mailbox_settings')
      .select(['last_poll_at', 'last_poll_message'])
      .where('enabled', '=', true)
      .where('last_poll_ok', '=', false)
      .executeTakeFirst();
    return row
      ? [
          {
            key: 'mailbox',
            subject: 'Report mailbox',
            facts: [
              { label: 'Last poll', value: row.last_poll_at?.toISOString() ?? 'unknown' },
              { label: 'Error', value: row.last_poll_message ?? '' },
            ],
            path: '/settings/integrations',
          },
        ]
      : [];
  },
});

export type AlertConditionsRepository = ReturnType<typeof createAlertConditionsRepository>;
