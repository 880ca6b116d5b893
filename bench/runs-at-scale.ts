// The bench data set of Run Checks and the dashboard: customers with daily jobs whose runs go back
// in time (~85 % success, 8 % warning, 5 % error, 2 % missed; older problems mostly reviewed),
// two objects per run, ticket links on 1 in 20 failed runs. Loaded with set-based SQL; the
// rollup triggers run as they do for every writer.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../server/src/db/schema.generated';

export const loadRunsAtScale = async (
  db: Kysely<DB>,
  account: string,
  {
    customers: CUSTOMERS,
    jobsPerCustomer: JOBS_PER_CUSTOMER,
    runs: RUNS,
    newest = new Date('2026-11-22T02:00:00Z'),
    ticketEvery = 20,
  }: {
    customers: number;
    jobsPerCustomer: number;
    runs: number;
    /** The newest run of each job. */
    newest?: Date;
    /** One ticket per this many failed runs (1: every failed run has its ticket). */
    ticketEvery?: number;
  },
) => {
  const started = performance.now();
  await sql`
    insert into customers (account_id, name)
    select ${account}, 'Customer ' || lpad(g::text, 4, '0') from generate_series(1, ${CUSTOMERS}) g`.execute(db);
  await sql`
    insert into backup_jobs (account_id, customer_id, state, name, backup_software, backup_type, reporter, match_key, approved_at)
    select ${account}, c.id, 'active', 'Job ' || j, 'Veeam Backup & Replication', 'Backup', 'api:bench', c.id || ':' || j, now()
    from customers c, generate_series(1, ${JOBS_PER_CUSTOMER}) j where c.account_id = ${account}`.execute(db);
  // Daily runs going back in time per job; ~85 % success, 8 % warning, 5 % error, 2 % missed.
  // Problems older than 30 days were mostly reviewed (90 %), as on a board that is worked daily.
  await sql`
    with jobs as (select id, row_number() over (order by id) - 1 as n from backup_jobs where account_id = ${account}),
    numbered as (
      select j.id as job_id, g as k, (select count(*) from jobs) as job_count
      from generate_series(0, ${RUNS - 1}) g join jobs j on j.n = g % ${CUSTOMERS * JOBS_PER_CUSTOMER}
    ),
    shaped as (
      select job_id, k,
        ${newest.toISOString()}::timestamptz - ((k / job_count) * interval '1 day') - ((k % 600) * interval '1 minute') as run_at,
        case when hashtext(k::text) % 100 between -8 and 8 then 'warning'
             when hashtext(k::text) % 100 between 9 and 18 then 'error'
             when hashtext(k::text) % 100 between 19 and 22 then 'missed'
             else 'success' end as status
      from numbered
    )
    insert into backup_runs (account_id, job_id, status, run_at, ended_at, remark, source, source_key, reviewed_at)
    select ${account}, job_id, status, run_at, run_at, case when status = 'missed' then 'No report arrived' else '' end,
      'bench', 'run-' || k,
      case when status <> 'success' and run_at < ${newest.toISOString()}::timestamptz - interval '30 days' and hashtext('r' || k) % 10 <> 0 then run_at + interval '1 day' end
    from shaped`.execute(db);
  await sql`
    insert into backup_run_objects (account_id, run_id, position, name, type, status, messages)
    select r.account_id, r.id, p, 'SRV' || p, 'VM',
      case when p = 1 and r.status in ('warning', 'error') then r.status else 'success' end,
      case when p = 1 and r.status = 'error' then '["Failed to create VSS snapshot"]'::jsonb
           when p = 1 and r.status = 'warning' then '["Changed block tracking is disabled."]'::jsonb else '[]'::jsonb end
    from backup_runs r, generate_series(0, 1) p where r.account_id = ${account}`.execute(db);
  // As ingest keeps it: each job's newest run.
  await sql`
    update backup_jobs j set last_run_at = r.newest
    from (select job_id, max(run_at) as newest from backup_runs where account_id = ${account} group by job_id) r
    where j.id = r.job_id`.execute(db);
  // Tickets on 1 in `ticketEvery` failed runs (1: one per failed run, as Flightdeck works); 1 in 10
  // of those deleted in the PSA.
  await sql`
    insert into ticket_links (account_id, backup_run_id, psa_kind, ticket_id, ticket_number, ticket_url, origin, state,
      last_status_id, last_status_name, last_status_closed, status_read_at)
    select r.account_id, r.id, 'autotask', (100000 + row_number() over ())::text, 'T2026.' || row_number() over (), 'https://example.invalid',
      'created', case when hashtext('t' || r.id) % 10 = 0 then 'deleted_external' else 'active' end, '1', 'New', false, now()
    from backup_runs r where r.account_id = ${account} and r.status = 'error' and hashtext(r.id::text) % ${ticketEvery} = 0`.execute(db);
  // A long-lived table is vacuumed (visibility map set) and analysed; measure that steady state,
  // not the minutes right after a bulk load.
  await sql`vacuum analyze`.execute(db);
  await sql`checkpoint`.execute(db);
  return performance.now() - started;
};
