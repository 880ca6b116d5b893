import type { Tx } from '#src/db/tenant';

export const createMissedRunsRepository = () => ({
  listWatchedJobs: (tx: Tx) =>
    tx
      .selectFrom('backup_jobs')
      .select(['id', 'schedule', 'schedule_source', 'timezone', 'grace_minutes', 'approved_at', 'created_at'])
      .where('state', '=', 'active')
      .where('active', '=', true)
      .execute(),

  listRunTimesSince: (tx: Tx, since: Date) =>
    tx.selectFrom('backup_runs').select(['job_id', 'run_at', 'status']).where('run_at', '>=', since).execute(),

  saveLearnedSchedule: (tx: Tx, jobId: string, schedule: unknown, at: Date) =>
    tx
      .updateTable('backup_jobs')
      .set({ schedule: JSON.stringify(schedule), schedule_source: schedule === null ? null : 'learned', updated_at: at })
      .where('id', '=', jobId)
      .where((eb) => eb.or([eb('schedule_source', 'is', null), eb('schedule_source', '=', 'learned')]))
      .execute(),

  setSchedule: (
    tx: Tx,
    jobId: string,
    values: { schedule: unknown; source: 'manual' | null; timezone: string; graceMinutes: number; at: Date },
  ) =>
    tx
      .updateTable('backup_jobs')
      .set({
        schedule: values.schedule === null ? null : JSON.stringify(values.schedule),
        schedule_source: values.source,
        timezone: values.timezone,
        grace_minutes: values.graceMinutes,
        updated_at: values.at,
      })
      .where('id', '=', jobId)
      .executeTakeFirst(),

  /** Accounts with at least one watched job (the sweep; cross-tenant). */
  listAccountsWithWatchedJobs: (tx: Tx) =>
    tx.selectFrom('backup_jobs').select('account_id').distinct().where('state', '=', 'active').where('active', '=', true).execute(),
});

export type MissedRunsRepository = ReturnType<typeof createMissedRunsRepository>;
