// B2.4: every watched job's schedule (set by hand, or learned from its runs) is checked against
// the runs that arrived; each slot that passed its grace window without a report gets a `missed`
// run. Missed runs carry a deterministic key (job and slot), so checking twice adds nothing.
import type { Database } from '#src/db/connection';
import { withoutTenantIsolation, withTenant } from '#src/db/tenant';
import type { BackupRunsRepository, NewRun } from '#src/features/backup-runs/backup-runs.repository';
import { applyOverrides } from '#src/features/run-overrides/apply-overrides';
import type { RunOverridesRepository } from '#src/features/run-overrides/run-overrides.repository';
import { AppError } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import { type RequestContext, requireRole } from '#src/lib/context';
import { learnSchedule } from './learn-schedule';
import type { MissedRunsRepository } from './missed-runs.repository';
import { isValidTimeZone, missedSlots, Schedule } from './schedule';

const HISTORY_DAYS = 45;
export const MISSED_SOURCE = 'flightdeck';

const describeSlot = (slot: Date, timeZone: string, graceMinutes: number) =>
  `No report arrived for the run due ${slot.toLocaleString('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' })} (${timeZone}) within the ${graceMinutes}-minute grace window.`;

export const createMissedRunsService = (deps: {
  database: Database;
  missed: MissedRunsRepository;
  runs: BackupRunsRepository;
  overrides: RunOverridesRepository;
  clock: Clock;
}) => ({
  /** Adds the missed runs of every watched job of the account; returns how many were added. */
  async detectMissedRuns(ctx: RequestContext): Promise<{ jobs: number; added: number }> {
    const now = deps.clock.now();
    return withTenant(deps.database, ctx, async (tx) => {
      const jobs = await deps.missed.listWatchedJobs(tx);
      const history = await deps.missed.listRunTimesSince(tx, new Date(now.getTime() - HISTORY_DAYS * 86_400_000));
      const reported = new Map<string, Date[]>();
      for (const run of history) {
        if (run.status !== 'missed') {
          reported.set(run.job_id, [...(reported.get(run.job_id) ?? []), run.run_at]);
        }
      }
      const missedRuns: NewRun[] = [];
      for (const job of jobs) {
        const runTimes = reported.get(job.id) ?? [];
        let schedule = job.schedule_source === 'manual' ? Schedule.safeParse(job.schedule).data : undefined;
        if (job.schedule_source !== 'manual') {
          const learned = learnSchedule(runTimes, job.timezone);
          if (JSON.stringify(learned) !== JSON.stringify(job.schedule ?? null)) {
            await deps.missed.saveLearnedSchedule(tx, job.id, learned, now);
          }
          schedule = learned ?? undefined;
        }
        if (!schedule) {
          continue;
        }
        // Watching starts with the job's first report (the job existed then, approved or not).
        const since = runTimes.length ? new Date(Math.min(...runTimes.map((t) => t.getTime()))) : (job.approved_at ?? job.created_at);
        for (const slot of missedSlots(schedule, job.timezone, job.grace_minutes, runTimes, since, now)) {
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
      }
      const added = await deps.runs.insertRuns(tx, missedRuns);
      // B3: a maintenance window override covers missed runs too.
      await applyOverrides(
        tx,
        deps.overrides,
        added.map((r) => r.id),
        now,
      );
      return { jobs: jobs.length, added: added.length };
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

  /** Accounts the hourly sweep must check (the one cross-tenant read). */
  listAccountsToCheck: () =>
    withoutTenantIsolation(deps.database, 'the missed-run sweep lists accounts with watched jobs', (tx) =>
      deps.missed.listAccountsWithWatchedJobs(tx),
    ).then((rows) => rows.map((r) => r.account_id)),
});

export type MissedRunsService = ReturnType<typeof createMissedRunsService>;
