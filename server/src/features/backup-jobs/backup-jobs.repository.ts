import { sql } from 'kysely';
import type { Tx } from '#src/db/tenant';

const lastStatus = sql<string | null>`(select r.status from backup_runs r where r.job_id = j.id order by r.run_at desc limit 1)`;
const lastRunId = sql<string | null>`(select r.id from backup_runs r where r.job_id = j.id order by r.run_at desc limit 1)`;
/**
 * Issue 12: the last run the job reported, as one row — its time with its own status (a missed
 * placeholder is not a report). As JSON so the three fields come from the same run.
 */
const lastReport = sql<{ id: string; run_at: string; status: string; late_minutes: number | null } | null>`(
  select json_build_object('id', r.id, 'run_at', r.run_at, 'status', r.status, 'late_minutes', r.late_minutes)
  from backup_runs r where r.job_id = j.id and r.status <> 'missed' order by r.run_at desc limit 1)`;

const jobColumns = [
  'j.id',
  'j.customer_id',
  'c.name as customer_name',
  'j.state',
  'j.name',
  'j.backup_software',
  'j.backup_type',
  'j.reporter',
  'j.host',
  'j.customer_ref',
  'j.timezone',
  'j.grace_minutes',
  'j.active',
  'j.last_run_at',
  'j.approved_at',
  'j.schedule',
  'j.schedule_source',
  'j.schedule_state',
  'j.schedule_sessions',
  'j.schedule_confidence',
  'j.schedule_needed',
  'j.schedule_previous',
  'j.schedule_changed_at',
  'j.checks_paused',
] as const;

export const createBackupJobsRepository = () => ({
  listPendingJobs: (tx: Tx) =>
    tx
      .selectFrom('backup_jobs as j')
      .select([
        'j.id',
        'j.name',
        'j.backup_software',
        'j.backup_type',
        'j.reporter',
        'j.host',
        'j.customer_ref',
        'j.created_at',
        'j.last_run_at',
        sql<number>`(select count(*)::int from backup_runs r where r.job_id = j.id)`.as('waiting_runs'),
        sql<Date | null>`(select min(r.run_at) from backup_runs r where r.job_id = j.id)`.as('first_run_at'),
        lastStatus.as('last_status'),
        lastRunId.as('last_run_id'),
      ])
      .where('j.state', '=', 'pending')
      .orderBy('j.created_at', 'desc')
      .execute(),

  findJob: (tx: Tx, id: string) =>
    tx
      .selectFrom('backup_jobs as j')
      .leftJoin('customers as c', 'c.id', 'j.customer_id')
      .select([...jobColumns, lastReport.as('last_report')])
      .where('j.id', '=', id)
      .executeTakeFirst(),

  listCustomerJobs: (tx: Tx, customerId: string) =>
    tx
      .selectFrom('backup_jobs as j')
      .leftJoin('customers as c', 'c.id', 'j.customer_id')
      .select([...jobColumns, lastReport.as('last_report')])
      .where('j.customer_id', '=', customerId)
      .orderBy(sql`lower(j.name)`)
      .execute(),

  /** Only a pending job can be approved or rejected; returns whether it was. */
  decideJob: async (
    tx: Tx,
    id: string,
    decision: { state: 'active' | 'rejected'; customerId: string | null; by: string | null; at: Date },
  ) => {
    const result = await tx
      .updateTable('backup_jobs')
      .set({
        state: decision.state,
        customer_id: decision.customerId,
        approved_by: decision.by,
        approved_at: decision.at,
        updated_at: decision.at,
      })
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  /** I5: links the job's run objects to the customer's infrastructure items with the same name. */
  matchObjectsToInfrastructure: (tx: Tx, jobId: string, customerId: string) =>
    sql`
      update backup_run_objects o set infrastructure_item_id = i.id
      from backup_runs r, infrastructure_items i
      where r.id = o.run_id and r.job_id = ${jobId}
        and i.customer_id = ${customerId} and lower(i.name) = lower(o.name)
        and o.infrastructure_item_id is null`.execute(tx),

  findRun: (tx: Tx, jobId: string, runId: string) =>
    tx
      .selectFrom('backup_runs as r')
      .leftJoin('users as u', 'u.id', 'r.reviewed_by')
      .selectAll('r')
      .select('u.display_name as reviewed_by_name')
      .where('r.id', '=', runId)
      .where('r.job_id', '=', jobId)
      .executeTakeFirst(),

  listRunObjects: (tx: Tx, runId: string) =>
    tx
      .selectFrom('backup_run_objects')
      .select(['position', 'name', 'type', 'status', 'messages', 'infrastructure_item_id'])
      .where('run_id', '=', runId)
      .orderBy('position')
      .execute(),

  listRecentRuns: (tx: Tx, jobId: string, limit: number) =>
    tx
      .selectFrom('backup_runs')
      .select(['id', 'status', 'run_at'])
      .where('job_id', '=', jobId)
      .orderBy('run_at', 'desc')
      .limit(limit)
      .execute(),
});

export type BackupJobsRepository = ReturnType<typeof createBackupJobsRepository>;
