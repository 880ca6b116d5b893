import { sql } from 'kysely';
import type { Tx } from '#src/db/tenant';

export type WatchUpdate = {
  schedule: unknown;
  schedule_source: 'learned' | null;
  schedule_state: string;
  schedule_sessions: number;
  schedule_confidence: string | null;
  schedule_needed: string | null;
  schedule_learn_from: Date | null;
  schedule_previous: unknown;
  schedule_changed_at: Date | null;
};

export const createMissedRunsRepository = () => ({
  listWatchedJobs: (tx: Tx, jobId?: string) => {
    const query = tx
      .selectFrom('backup_jobs')
      .select([
        'id',
        'schedule',
        'schedule_source',
        'schedule_state',
        'schedule_sessions',
        'schedule_confidence',
        'schedule_needed',
        'schedule_learn_from',
        'schedule_previous',
        'schedule_changed_at',
        'checks_paused',
        'watch_from',
        'timezone',
        'grace_minutes',
        'approved_at',
        'created_at',
      ])
      .where('state', '=', 'active')
      .where('active', '=', true);
    return (jobId ? query.where('id', '=', jobId) : query).execute();
  },

  /** Runs since a time: when each started (else its run time), and the missed placeholders. */
  listRunTimesSince: (tx: Tx, since: Date, jobIds?: readonly string[]) => {
    const query = tx
      .selectFrom('backup_runs')
      .select(['id', 'job_id', 'run_at', 'status', 'late_minutes', 'superseded_by', sql<Date>`coalesce(started_at, run_at)`.as('at')])
      .where('run_at', '>=', since);
    return (jobIds ? query.where('job_id', 'in', [...jobIds]) : query).execute();
  },

  /** Only a learned (or unset) schedule is written by the sweep; a schedule set by hand stays. */
  saveWatch: (tx: Tx, jobId: string, watch: WatchUpdate, manual: boolean, at: Date) =>
    tx
      .updateTable('backup_jobs')
      .set({
        ...(manual
          ? {}
          : { schedule: watch.schedule === null ? null : JSON.stringify(watch.schedule), schedule_source: watch.schedule_source }),
        schedule_state: watch.schedule_state,
        schedule_sessions: watch.schedule_sessions,
        schedule_confidence: watch.schedule_confidence,
        schedule_needed: watch.schedule_needed,
        schedule_learn_from: watch.schedule_learn_from,
        schedule_previous: watch.schedule_previous === null ? null : JSON.stringify(watch.schedule_previous),
        schedule_changed_at: watch.schedule_changed_at,
        updated_at: at,
      })
      .where('id', '=', jobId)
      .execute(),

  markLate: (tx: Tx, runId: string, minutes: number) =>
    tx.updateTable('backup_runs').set({ late_minutes: minutes }).where('id', '=', runId).where('late_minutes', 'is', null).execute(),

  /** A late run clears its slot's missed placeholder: kept as history, reviewed, superseded by it. */
  clearMissed: (tx: Tx, missedId: string, lateRunId: string, note: string, at: Date) =>
    tx
      .updateTable('backup_runs')
      .set((eb) => ({
        superseded_by: lateRunId,
        reviewed_at: eb.fn.coalesce('reviewed_at', eb.val(at)),
        review_note: eb.case().when('reviewed_at', 'is', null).then(note).else(eb.ref('review_note')).end(),
      }))
      .where('id', '=', missedId)
      .where('status', '=', 'missed')
      .where('superseded_by', 'is', null)
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
        schedule_state: values.schedule ? 'watching' : 'learning',
        schedule_learn_from: null,
        timezone: values.timezone,
        grace_minutes: values.graceMinutes,
        // Slots before the change are not judged against the new schedule.
        watch_from: values.at,
        updated_at: values.at,
      })
      .where('id', '=', jobId)
      .executeTakeFirst(),

  /** Pausing stops misses; resuming judges slots from then on only. */
  setPaused: (tx: Tx, jobId: string, paused: boolean, at: Date) =>
    tx
      .updateTable('backup_jobs')
      .set({ checks_paused: paused, checks_paused_at: paused ? at : null, ...(paused ? {} : { watch_from: at }), updated_at: at })
      .where('id', '=', jobId)
      .executeTakeFirst(),

  /** Accounts with at least one watched job (the sweep; cross-tenant). */
  listAccountsWithWatchedJobs: (tx: Tx) =>
    tx.selectFrom('backup_jobs').select('account_id').distinct().where('state', '=', 'active').where('active', '=', true).execute(),
});

export type MissedRunsRepository = ReturnType<typeof createMissedRunsRepository>;
