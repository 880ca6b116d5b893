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

  /**
   * Issue 19: the open ticket another run of the job has — an active link to a validated ticket
   * not resolved from Flightdeck and not seen closed — newest first.
   */
  findOpenTicketOfJob: (tx: Tx, jobId: string, exceptRunId: string) =>
    tx
      .selectFrom('ticket_links as l')
      .innerJoin('backup_runs as r', 'r.id', 'l.backup_run_id')
      .select(['l.id', 'l.psa_kind', 'l.ticket_id', 'l.ticket_number', 'l.backup_run_id'])
      .where('r.job_id', '=', jobId)
      .where('r.id', '<>', exceptRunId)
      .where('l.state', '=', 'active')
      .where('l.ticket_id', 'is not', null)
      .where('l.resolved_at', 'is', null)
      .where((eb) => eb.or([eb('l.last_status_closed', 'is', null), eb('l.last_status_closed', '=', false)]))
      .orderBy('l.created_at', 'desc')
      .limit(1)
      .executeTakeFirst(),

  /** The newest run time among the runs an active link puts on this ticket (what a fix must outlast). */
  newestRunOnTicket: async (tx: Tx, psaKind: string, ticketId: string) =>
    (
      await tx
        .selectFrom('ticket_links as l')
        .innerJoin('backup_runs as r', 'r.id', 'l.backup_run_id')
        .select((eb) => eb.fn.max('r.run_at').as('newest'))
        .where('l.state', '=', 'active')
        .where('l.psa_kind', '=', psaKind)
        .where('l.ticket_id', '=', ticketId)
        .executeTakeFirst()
    )?.newest ?? null,

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
