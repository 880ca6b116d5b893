// SQL the ticket flow needs about a run: its job and customer, and the objects that failed.
import type { Tx } from '#src/db/tenant';

export const createRunTicketsRepository = () => ({
  findRunForTicket: (tx: Tx, runId: string) =>
    tx
      .selectFrom('backup_runs as r')
      .innerJoin('backup_jobs as j', 'j.id', 'r.job_id')
      .leftJoin('customers as c', 'c.id', 'j.customer_id')
      .select([
        'r.id',
        'r.job_id',
        'r.status',
        'r.run_at',
        'r.remark',
        'j.name as job_name',
        'j.backup_type',
        'j.timezone',
        'j.customer_id',
        'c.name as customer_name',
      ])
      .where('r.id', '=', runId)
      .executeTakeFirst(),

  /** B14.5: the first successful run of the job after `after`, which verifies a fix. */
  findLaterSuccess: (tx: Tx, jobId: string, after: Date) =>
    tx
      .selectFrom('backup_runs')
      .select(['id', 'run_at'])
      .where('job_id', '=', jobId)
      .where('status', '=', 'success')
      .where('run_at', '>', after)
      .orderBy('run_at')
      .limit(1)
      .executeTakeFirst(),

  listProblemObjects: (tx: Tx, runId: string) =>
    tx
      .selectFrom('backup_run_objects')
      .select(['name', 'status', 'messages'])
      .where('run_id', '=', runId)
      .where('status', '<>', 'success')
      .orderBy('position')
      .execute(),
});

export type RunTicketsRepository = ReturnType<typeof createRunTicketsRepository>;
export type RunForTicket = NonNullable<Awaited<ReturnType<RunTicketsRepository['findRunForTicket']>>>;
