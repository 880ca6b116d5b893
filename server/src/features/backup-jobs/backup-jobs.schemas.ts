// B2, B3.3: the Inbox of unapproved jobs, the jobs of a customer, and a run's details.
import { z } from 'zod';
import { Schedule } from '#src/features/schedules/schedule';

export const RunStatus = z.enum(['success', 'warning', 'error', 'missed']);

export const JobParams = z.strictObject({ jobId: z.uuid() });
export const RunParams = z.strictObject({ jobId: z.uuid(), runId: z.uuid() });
export const CustomerJobsParams = z.strictObject({ customerId: z.uuid() });

export const InboxEntryView = z.object({
  jobId: z.uuid(),
  name: z.string(),
  software: z.string(),
  type: z.string(),
  reporter: z.string(),
  host: z.string(),
  customerRef: z.string().nullable(),
  waitingRuns: z.number(),
  firstRunAt: z.iso.datetime().nullable(),
  lastRunAt: z.iso.datetime().nullable(),
  lastStatus: RunStatus.nullable(),
  lastRunId: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
});
export type InboxEntryView = z.infer<typeof InboxEntryView>;
export const InboxView = z.object({ entries: z.array(InboxEntryView) });

export const ApproveJobBody = z.union([
  z.strictObject({ customerId: z.uuid() }),
  z.strictObject({ newCustomerName: z.string().trim().min(1, 'Enter a name').max(200) }),
]);
export type ApproveJobBody = z.infer<typeof ApproveJobBody>;

export const JobView = z.object({
  id: z.uuid(),
  customerId: z.uuid().nullable(),
  customerName: z.string().nullable(),
  state: z.enum(['pending', 'active', 'rejected']),
  name: z.string(),
  software: z.string(),
  type: z.string(),
  reporter: z.string(),
  /** The machine the job runs on, when its sender names it (part of the job's identity). */
  host: z.string(),
  /** The sender's reference for the customer, when it sends one. */
  customerRef: z.string().nullable(),
  timezone: z.string(),
  graceMinutes: z.number(),
  /** Expected schedule; learned from the runs unless set by hand. */
  schedule: Schedule.nullable(),
  scheduleSource: z.enum(['learned', 'manual']).nullable(),
  /** Issue 12: learning / watching / re-learning / irregular / on demand / paused. */
  scheduleState: z.enum(['learning', 'watching', 'relearning', 'irregular', 'on_demand', 'paused']),
  /** The schedule in words, or what the watch is doing ("learning (4 runs seen)"). */
  scheduleText: z.string(),
  scheduleConfidence: z.number().nullable(),
  /** When the learned schedule last changed, and what it was before (a job that moved). */
  scheduleChange: z.object({ at: z.iso.datetime(), from: z.string() }).nullable(),
  nextExpectedAt: z.iso.datetime().nullable(),
  checksPaused: z.boolean(),
  active: z.boolean(),
  /** The last run the job reported: its time, its status, its id — all from the same run. */
  lastRunAt: z.iso.datetime().nullable(),
  lastStatus: RunStatus.nullable(),
  lastRunId: z.uuid().nullable(),
  lastRunLateMinutes: z.number().nullable(),
  approvedAt: z.iso.datetime().nullable(),
});
export type JobView = z.infer<typeof JobView>;
export const JobList = z.object({ jobs: z.array(JobView) });

export const RunObjectView = z.object({
  position: z.number(),
  name: z.string(),
  type: z.string(),
  status: z.enum(['success', 'warning', 'error']),
  messages: z.array(z.string()),
  infrastructureItemId: z.uuid().nullable(),
});

export const RunSummaryView = z.object({ id: z.uuid(), status: RunStatus, runAt: z.iso.datetime() });

export const RunDetailView = z.object({
  job: JobView,
  run: z.object({
    id: z.uuid(),
    status: RunStatus,
    startedAt: z.iso.datetime().nullable(),
    endedAt: z.iso.datetime().nullable(),
    runAt: z.iso.datetime(),
    remark: z.string(),
    source: z.string(),
    sourceKey: z.string(),
    evidenceId: z.uuid().nullable(),
    reviewedAt: z.iso.datetime().nullable(),
    reviewedBy: z.uuid().nullable(),
    reviewedByName: z.string().nullable(),
    reviewNote: z.string(),
    durationSeconds: z.number().nullable(),
    sizeBytes: z.number().nullable(),
    transferredBytes: z.number().nullable(),
  }),
  objects: z.array(RunObjectView),
  /** The job's most recent runs, newest first, including this one. */
  recentRuns: z.array(RunSummaryView),
});

export const SetChecksPausedBody = z.strictObject({ paused: z.boolean() });

export const SetScheduleBody = z.strictObject({
  /** null: learn it from the job's runs. */
  schedule: Schedule.nullable(),
  timezone: z.string().min(1).max(64),
  graceMinutes: z.number().int().min(0).max(10080),
});
