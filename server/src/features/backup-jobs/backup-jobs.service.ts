// B2 / B3.3: the Inbox (jobs nobody has approved yet, with their waiting runs), approving a job
// for a customer (existing or new) or rejecting it, a customer's jobs, and a run's details — the
// Job Details page PSA tickets link to.

import type { Database } from '#src/db/connection';
import { withTenant } from '#src/db/tenant';
import { byteCount, durationSeconds } from '#src/features/backup-runs/run-measures';
import type { CustomersService } from '#src/features/customers/customers.service';
import { describeSchedule } from '#src/features/schedules/describe-schedule';
import { nextSlot, parseStoredSchedule, type Schedule } from '#src/features/schedules/schedule';
import { AppError, notFound } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import { type RequestContext, requireRole, userIdOf } from '#src/lib/context';
import type { BackupJobsRepository } from './backup-jobs.repository';
import type { ApproveJobBody, InboxEntryView, JobView } from './backup-jobs.schemas';

const EDITORS = ['admin', 'operator'] as const;
const RECENT_RUNS = 20;

type JobRow = NonNullable<Awaited<ReturnType<BackupJobsRepository['findJob']>>>;
type RunStatus = JobView['lastStatus'] & string;

const STATE_TEXT: Record<string, (row: JobRow) => string> = {
  learning: (row) =>
    `Learning (${row.schedule_sessions} run${row.schedule_sessions === 1 ? '' : 's'} seen${row.schedule_needed ? `; needs ${row.schedule_needed}` : ''})`,
  irregular: (row) => `No regular pattern in ${row.schedule_sessions} runs — no missed-run checks; set the schedule by hand to watch it`,
};

const scheduleTextOf = (row: JobRow, schedule: Schedule | null) => {
  const words = schedule ? describeSchedule(schedule, row.timezone) : null;
  if (row.schedule_source !== 'manual' && STATE_TEXT[row.schedule_state]) {
    return (STATE_TEXT[row.schedule_state] as (r: JobRow) => string)(row);
  }
  if (row.schedule_state === 'relearning') {
    return `Re-learning: the latest runs no longer fit ${words ?? 'the schedule'} (${row.schedule_sessions} new run${row.schedule_sessions === 1 ? '' : 's'} seen)`;
  }
  return words ?? 'Learning (no runs yet)';
};

const toJobView = (row: JobRow, now: Date): JobView => {
  const schedule = parseStoredSchedule(row.schedule);
  const previous = row.schedule_previous ? parseStoredSchedule(row.schedule_previous) : null;
  const watching = schedule && schedule.kind !== 'on_demand' && !row.checks_paused && ['watching', 'paused'].includes(row.schedule_state);
  const watchingManual = schedule && row.schedule_source === 'manual' && schedule.kind !== 'on_demand' && !row.checks_paused;
  const last = row.last_report;
  return {
    id: row.id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    state: row.state as JobView['state'],
    name: row.name,
    software: row.backup_software,
    type: row.backup_type,
    reporter: row.reporter,
    host: row.host,
    customerRef: row.customer_ref,
    timezone: row.timezone,
    graceMinutes: row.grace_minutes,
    schedule,
    scheduleSource: (row.schedule_source as JobView['scheduleSource']) ?? null,
    scheduleState: (row.checks_paused ? 'paused' : row.schedule_state) as JobView['scheduleState'],
    scheduleText: scheduleTextOf(row, schedule),
    scheduleConfidence: row.schedule_confidence === null ? null : Number(row.schedule_confidence),
    scheduleChange:
      previous && row.schedule_changed_at
        ? { at: row.schedule_changed_at.toISOString(), from: describeSchedule(previous, row.timezone) }
        : null,
    nextExpectedAt: schedule && (watching || watchingManual) ? (nextSlot(schedule, row.timezone, now)?.toISOString() ?? null) : null,
    checksPaused: row.checks_paused,
    active: row.active,
    lastRunAt: last ? new Date(last.run_at).toISOString() : null,
    lastStatus: (last?.status as RunStatus | undefined) ?? null,
    lastRunId: last?.id ?? null,
    lastRunLateMinutes: last?.late_minutes ?? null,
    approvedAt: row.approved_at?.toISOString() ?? null,
  };
};

export const createBackupJobsService = (deps: {
  database: Database;
  jobs: BackupJobsRepository;
  customers: CustomersService;
  clock: Clock;
}) => {
  const inTenant = <T>(ctx: RequestContext, work: Parameters<typeof withTenant<T>>[2]) => withTenant(deps.database, ctx, work);

  const getJob = async (ctx: RequestContext, jobId: string) => {
    const row = await inTenant(ctx, (tx) => deps.jobs.findJob(tx, jobId));
    if (!row) {
      throw notFound('Backup job');
    }
    return row;
  };

  const assertPending = (row: JobRow) => {
    if (row.state !== 'pending') {
      throw new AppError('invalid_state', `This job was already ${row.state === 'active' ? 'approved' : 'rejected'}`);
    }
  };

  return {
    async listInbox(ctx: RequestContext): Promise<InboxEntryView[]> {
      const rows = await inTenant(ctx, (tx) => deps.jobs.listPendingJobs(tx));
      return rows.map((r) => ({
        jobId: r.id,
        name: r.name,
        software: r.backup_software,
        type: r.backup_type,
        reporter: r.reporter,
        host: r.host,
        customerRef: r.customer_ref,
        waitingRuns: r.waiting_runs,
        firstRunAt: r.first_run_at ? new Date(r.first_run_at).toISOString() : null,
        lastRunAt: r.last_run_at?.toISOString() ?? null,
        lastStatus: (r.last_status as RunStatus | null) ?? null,
        lastRunId: r.last_run_id ?? null,
        createdAt: r.created_at.toISOString(),
      }));
    },

    /** Approves a pending job for a customer; its waiting runs become the job's runs. */
    async approveJob(ctx: RequestContext, jobId: string, body: ApproveJobBody): Promise<JobView> {
      requireRole(ctx, EDITORS);
      assertPending(await getJob(ctx, jobId));
      const customerId =
        'customerId' in body
          ? (await deps.customers.getCustomer(ctx, body.customerId)).id
          : (await deps.customers.createCustomer(ctx, { name: body.newCustomerName, notes: '' })).id;
      const approved = await inTenant(ctx, async (tx) => {
        const done = await deps.jobs.decideJob(tx, jobId, {
          state: 'active',
          customerId,
          by: userIdOf(ctx),
          at: deps.clock.now(),
        });
        if (done) {
          await deps.jobs.matchObjectsToInfrastructure(tx, jobId, customerId);
        }
        return done;
      });
      if (!approved) {
        throw new AppError('conflict', 'Someone else decided on this job just now');
      }
      ctx.log.info({ jobId, customerId }, 'backup job approved');
      return toJobView(await getJob(ctx, jobId), deps.clock.now());
    },

    /** Rejects a pending job; it and its runs (and mails) are kept, out of the Inbox. */
    async rejectJob(ctx: RequestContext, jobId: string): Promise<JobView> {
      requireRole(ctx, EDITORS);
      assertPending(await getJob(ctx, jobId));
      const rejected = await inTenant(ctx, (tx) =>
        deps.jobs.decideJob(tx, jobId, {
          state: 'rejected',
          customerId: null,
          by: userIdOf(ctx),
          at: deps.clock.now(),
        }),
      );
      if (!rejected) {
        throw new AppError('conflict', 'Someone else decided on this job just now');
      }
      return toJobView(await getJob(ctx, jobId), deps.clock.now());
    },

    getJobView: async (ctx: RequestContext, jobId: string) => toJobView(await getJob(ctx, jobId), deps.clock.now()),

    async listCustomerJobs(ctx: RequestContext, customerId: string) {
      await deps.customers.getCustomer(ctx, customerId);
      const rows = await inTenant(ctx, (tx) => deps.jobs.listCustomerJobs(tx, customerId));
      return rows.map((row) => toJobView(row, deps.clock.now()));
    },

    /** B3.3: everything about one run, for the Job Details page. */
    async getRunDetails(ctx: RequestContext, jobId: string, runId: string) {
      const job = await getJob(ctx, jobId);
      return inTenant(ctx, async (tx) => {
        const run = await deps.jobs.findRun(tx, jobId, runId);
        if (!run) {
          throw notFound('Backup run');
        }
        const [objects, recent] = await Promise.all([
          deps.jobs.listRunObjects(tx, runId),
          deps.jobs.listRecentRuns(tx, jobId, RECENT_RUNS),
        ]);
        return {
          job: toJobView(job, deps.clock.now()),
          run: {
            id: run.id,
            status: run.status as RunStatus,
            startedAt: run.started_at?.toISOString() ?? null,
            endedAt: run.ended_at?.toISOString() ?? null,
            runAt: run.run_at.toISOString(),
            remark: run.remark,
            source: run.source,
            sourceKey: run.source_key,
            evidenceId: run.evidence_id,
            reviewedAt: run.reviewed_at?.toISOString() ?? null,
            reviewedBy: run.reviewed_by,
            reviewedByName: run.reviewed_by_name,
            reviewNote: run.review_note,
            durationSeconds: durationSeconds(run.started_at, run.ended_at),
            sizeBytes: byteCount(run.size_bytes),
            transferredBytes: byteCount(run.transferred_bytes),
          },
          objects: objects.map((o) => ({
            position: o.position,
            name: o.name,
            type: o.type,
            status: o.status as 'success' | 'warning' | 'error',
            messages: o.messages as string[],
            infrastructureItemId: o.infrastructure_item_id,
          })),
          recentRuns: recent.map((r) => ({ id: r.id, status: r.status as RunStatus, runAt: r.run_at.toISOString() })),
        };
      });
    },
  };
};

export type BackupJobsService = ReturnType<typeof createBackupJobsService>;
