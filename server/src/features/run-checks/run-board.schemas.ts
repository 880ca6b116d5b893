// B3: the Run Checks board over HTTP.
import { z } from 'zod';
import { TicketLinkView } from '#src/features/run-tickets/run-tickets.schemas';

export const PROBLEM_STATUSES = ['warning', 'error', 'missed'] as const;
export const TICKET_FILTERS = ['none', 'active', 'deleted'] as const;

const booleanFlag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const BoardQuery = z.strictObject({
  customerId: z.uuid().optional(),
  jobId: z.uuid().optional(),
  /** Comma-separated: warning,error,missed. */
  status: z
    .string()
    .transform((v) => v.split(',').filter(Boolean))
    .pipe(z.array(z.enum(PROBLEM_STATUSES)).min(1).max(3))
    .optional(),
  /** none: no active ticket; active: an active ticket; deleted: the last ticket was deleted in the PSA. */
  ticket: z.enum(TICKET_FILTERS).optional(),
  includeReviewed: booleanFlag.default(false),
  /** Runs of one day in the account's time zone (a dashboard cell). */
  day: z.iso.date().optional(),
  /** Job name or remark (substring), failing objects' names and messages (full text, by word prefix). */
  q: z.string().trim().min(1).max(200).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type BoardQuery = z.infer<typeof BoardQuery>;
/** The board by job: `limit` groups a page, each with its first `runsPerGroup` runs. */
export const BoardGroupsQuery = BoardQuery.extend({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  runsPerGroup: z.coerce.number().int().min(1).max(50).default(10),
});
export type BoardGroupsQuery = z.infer<typeof BoardGroupsQuery>;

export const BoardRunView = z.object({
  runId: z.uuid(),
  jobId: z.uuid(),
  jobName: z.string(),
  backupSoftware: z.string(),
  /** Issue 12: the job's missed-run checks are paused (maintenance). */
  checksPaused: z.boolean(),
  customerId: z.uuid(),
  customerName: z.string(),
  status: z.enum(PROBLEM_STATUSES),
  runAt: z.iso.datetime(),
  remark: z.string(),
  /** The first problem reported (remark, else the first failing object's first message). */
  summary: z.string(),
  problemObjects: z.number(),
  reviewedAt: z.iso.datetime().nullable(),
  reviewedByName: z.string().nullable(),
  reviewNote: z.string(),
  /** Set when an override treated the run as success. */
  overrideId: z.uuid().nullable(),
  /** The active ticket, else the most recent one (deleted in the PSA or replaced). */
  ticket: TicketLinkView.pick({
    id: true,
    psaKind: true,
    ticketId: true,
    ticketNumber: true,
    ticketUrl: true,
    origin: true,
    state: true,
    lastStatusName: true,
    lastStatusClosed: true,
    statusReadAt: true,
    resolution: true,
  }).nullable(),
});
export type BoardRunView = z.infer<typeof BoardRunView>;

export const BoardView = z.object({
  runs: z.array(BoardRunView),
  /** Runs still waiting for review per job on this page (the whole job, not just this page). */
  waitingByJob: z.record(z.string(), z.number()),
  nextCursor: z.string().nullable(),
});

export const BoardGroupView = z.object({
  jobId: z.uuid(),
  jobName: z.string(),
  backupSoftware: z.string(),
  checksPaused: z.boolean(),
  customerId: z.uuid(),
  customerName: z.string(),
  /** Runs of the job the filter keeps (all of them, not only those shown). */
  matching: z.number(),
  /** Runs of the job waiting for review, whatever the filter. */
  waiting: z.number(),
  newestRunAt: z.iso.datetime(),
  runs: z.array(BoardRunView),
});
export const BoardGroupsView = z.object({ groups: z.array(BoardGroupView), nextCursor: z.string().nullable() });

export const ReviewBody = z.strictObject({ note: z.string().trim().max(2000).default('') });
export const ReviewRunsBody = z.strictObject({
  runIds: z.array(z.uuid()).min(1).max(500),
  note: z.string().trim().max(2000).default(''),
});
export const ReviewRunParams = z.strictObject({ runId: z.uuid() });
export const ReviewJobParams = z.strictObject({ jobId: z.uuid() });
export const ReviewResult = z.object({ reviewed: z.number(), runIds: z.array(z.uuid()) });
export const UnreviewBody = z.strictObject({ runIds: z.array(z.uuid()).min(1).max(5000) });
