// B2.4 / issue 12: every watched job's schedule (set by hand, or learned from its runs —
// watch-job.ts) is checked against the runs that arrived. Each slot that passed its grace window
// with no run of its own gets a `missed` run; a run that arrives late is marked late and clears
// its own slot's miss. Missed runs carry a deterministic key (job and slot) and the insert ignores
// a key it already has, so checking twice, or on two nodes at once, adds nothing.
import type { Database } from '#src/db/connection';
import { withoutTenantIsolation, withTenant } from '#src/db/tenant';
import type { BackupRunsRepository, NewRun } from '#src/features/backup-runs/backup-runs.repository';
import { applyOverrides } from '#src/features/run-overrides/apply-overrides';
import type { RunOverridesRepository } from '#src/features/run-overrides/run-overrides.repository';
import { AppError } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import { type RequestContext, requireRole } from '#src/lib/context';
import type { MissedRunsRepository } from './missed-runs.repository';
import { isValidTimeZone, parseStoredSchedule, type Schedule } from './schedule';
import { watchJob } from './watch-job';

/** Enough history to learn and watch a job that runs daily or more often. */
const HISTORY_DAYS = 45;
/**
 * A sparse job (weekly, monthly: fewer than SPARSE_RUNS reports in HISTORY_DAYS) is read back
 * further, long enough to learn a monthly job from three month-ends.
 */
const SPARSE_HISTORY_DAYS = 190;
const SPARSE_RUNS = 10;
export const MISSED_SOURCE = 'flightdeck';

const describeSlot = (slot: Date, timeZone: string, graceMinutes: number) =>
  `No report arrived for the run due ${slot.toLocaleString('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' })} (${timeZone}) within the ${graceMinutes}-minute grace window.`;

const parsed = (value: unknown) => (value === null || value === undefined ? null : parseStoredSchedule(value));

export const createMissedRunsService = (deps: {
  database: Database;
  missed: MissedRunsRepository;
  runs: BackupRunsRepository;
  overrides: RunOverridesRepository;
  clock: Clock;
}) => ({
  /**
   * Adds the missed runs of every watched job of the account (or of one job, after its schedule or
   * pause changed); returns how many were added.
   */
  async detectMissedRuns(ctx: RequestContext, only: { jobId?: string } = {}): Promise<{ jobs: number; added: number; late: number }> {
    const now = deps.clock.now();
    const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
    return withTenant(deps.database, ctx, async (tx) => {
      const jobs = await deps.missed.listWatchedJobs(tx, only.jobId);
      type Row = Awaited<ReturnType<MissedRunsRepository['listRunTimesSince']>>[number];
      const byJob = new Map<string, Row[]>();
      const group = (rows: Row[]) => {
        for (const run of rows) {
          const list = byJob.get(run.job_id);
          if (list) {
            list.push(run);
          } else {
            byJob.set(run.job_id, [run]);
          }
        }
      };
      group(await deps.missed.listRunTimesSince(tx, daysAgo(HISTORY_DAYS), only.jobId ? [only.jobId] : undefined));
      const sparse = jobs.filter((j) => (byJob.get(j.id)?.filter((r) => r.status !== 'missed').length ?? 0) < SPARSE_RUNS).map((j) => j.id);
      if (sparse.length) {
        for (const id of sparse) {
          byJob.delete(id);
        }
        group(await deps.missed.listRunTimesSince(tx, daysAgo(SPARSE_HISTORY_DAYS), sparse));
      }
      const missedRuns: NewRun[] = [];
      let lateMarked = 0;
      for (const job of jobs) {
        const rows = byJob.get(job.id) ?? [];
        const reports = rows.filter((r) => r.status !== 'missed');
        const placeholders = rows.filter((r) => r.status === 'missed' && r.superseded_by === null);
        const runTimes = reports.map((r) => new Date(r.at));
        const manual = job.schedule_source === 'manual' ? parsed(job.schedule) : null;
        // Watching starts with the job's first report (the job existed then, approved or not).
        const firstReport = runTimes.length ? new Date(Math.min(...runTimes.map((t) => t.getTime()))) : (job.approved_at ?? job.created_at);
        const watch = watchJob({
          manual,
          learned: job.schedule_source === 'learned' ? parsed(job.schedule) : null,
          learnFrom: job.schedule_learn_from,
          previous: parsed(job.schedule_previous),
          changedAt: job.schedule_changed_at,
          runs: runTimes,
          timeZone: job.timezone,
          graceMinutes: job.grace_minutes,
          paused: job.checks_paused,
          watchFrom: job.watch_from && job.watch_from > firstReport ? job.watch_from : firstReport,
          now,
          alreadyMissed: placeholders.map((p) => p.run_at),
        });
        const update = {
          schedule: manual ? job.schedule : watch.learned,
          schedule_source: manual ? null : watch.learned ? ('learned' as const) : null,
          schedule_state: watch.state,
          schedule_sessions: watch.sessions,
          schedule_confidence: watch.confidence === null ? null : watch.confidence.toFixed(2),
          schedule_needed: watch.needed,
          schedule_learn_from: watch.learnFrom,
          schedule_previous: watch.previous,
          schedule_changed_at: watch.changedAt,
        };
        const before = {
          schedule: job.schedule,
          schedule_source: manual ? null : job.schedule_source,
          schedule_state: job.schedule_state,
          schedule_sessions: job.schedule_sessions,
          schedule_confidence: job.schedule_confidence === null ? null : Number(job.schedule_confidence).toFixed(2),
          schedule_needed: job.schedule_needed,
          schedule_learn_from: job.schedule_learn_from,
          schedule_previous: job.schedule_previous,
          schedule_changed_at: job.schedule_changed_at,
        };
        if (JSON.stringify(update) !== JSON.stringify(before)) {
          await deps.missed.saveWatch(tx, job.id, update, Boolean(manual), now);
        }
        for (const slot of watch.missed) {
          missedRuns.push({
            account_id: ctx.accountId,
            job_id: job.id,
            status: 'missed',
            started_at: null,
            ended_at: null,
            run_at: slot,
            remark: describeSlot(slot, job.timezone, job.grace_minutes),
            source: MISSED_SOURCE,
            source_key: `missed:${job.id}:${slot.toISOString()}`,
            evidence_id: null,
          });
        }
        // Late runs: marked, and their slot's miss (if one was raised before they came) cleared.
        for (const late of watch.late) {
          const run = reports.find((r) => new Date(r.at).getTime() === late.run.getTime());
          if (!run) {
            continue;
          }
          if (run.late_minutes === null) {
            await deps.missed.markLate(tx, run.id, late.minutes);
            lateMarked += 1;
          }
          for (const placeholder of placeholders) {
            if (Math.abs(placeholder.run_at.getTime() - late.slot.getTime()) <= 30 * 60_000) {
              const note = `The run arrived ${late.minutes} minutes after its slot`;
              await deps.missed.clearMissed(tx, placeholder.id, run.id, note, now);
            }
          }
        }
      }
      const added = await deps.runs.insertRuns(tx, missedRuns);
      // B3: a maintenance window override covers missed runs too.
      await applyOverrides(
        tx,
        deps.overrides,
        added.map((r) => r.id),
        now,
      );
      return { jobs: jobs.length, added: added.length, late: lateMarked };
    });
  },

  /** Sets a job's schedule by hand, or (schedule null) goes back to learning it. */
  async setSchedule(ctx: RequestContext, jobId: string, body: { schedule: Schedule | null; timezone: string; graceMinutes: number }) {
    requireRole(ctx, ['admin', 'operator']);
    if (!isValidTimeZone(body.timezone)) {
      throw new AppError('invalid_input', `Unknown timezone "${body.timezone}"`, {
        fieldErrors: [{ path: 'timezone', message: 'Use an IANA name such as Europe/Amsterdam' }],
      });
    }
    const result = await withTenant(deps.database, ctx, (tx) =>
      deps.missed.setSchedule(tx, jobId, {
        schedule: body.schedule,
        source: body.schedule ? 'manual' : null,
        timezone: body.timezone,
        graceMinutes: body.graceMinutes,
        at: deps.clock.now(),
      }),
    );
    if (Number(result?.numUpdatedRows ?? 0) === 0) {
      throw new AppError('not_found', 'Backup job not found');
    }
  },

  /** Pauses or resumes a job's missed-run checks (maintenance); after a pause, slots are judged from then on. */
  async setChecksPaused(ctx: RequestContext, jobId: string, paused: boolean) {
    requireRole(ctx, ['admin', 'operator']);
    const result = await withTenant(deps.database, ctx, (tx) => deps.missed.setPaused(tx, jobId, paused, deps.clock.now()));
    if (Number(result?.numUpdatedRows ?? 0) === 0) {
      throw new AppError('not_found', 'Backup job not found');
    }
  },

  /** Accounts the hourly sweep must check (the one cross-tenant read). */
  listAccountsToCheck: () =>
    withoutTenantIsolation(deps.database, 'the missed-run sweep lists accounts with watched jobs', (tx) =>
      deps.missed.listAccountsWithWatchedJobs(tx),
    ).then((rows) => rows.map((r) => r.account_id)),
});

export type MissedRunsService = ReturnType<typeof createMissedRunsService>;
