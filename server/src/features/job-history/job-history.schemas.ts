import { z } from 'zod';

export const JobHistoryParams = z.strictObject({ jobId: z.uuid() });
export const JobHistoryQuery = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const Rate = z.object({
  runs: z.number(),
  /** Runs that left a backup (success, warning, marked success) of all runs and missed runs; null without runs. */
  backupRate: z.number().nullable(),
  success: z.number(),
  warning: z.number(),
  error: z.number(),
  missed: z.number(),
  overridden: z.number(),
});
export const HistoryRun = z.object({
  runId: z.uuid(),
  status: z.enum(['success', 'warning', 'error', 'missed']),
  runAt: z.iso.datetime(),
  /** From the run's start and end, when the product reported both. */
  durationSeconds: z.number().nullable(),
  /** What the product reported as the protected size and the bytes it sent, when it does. */
  sizeBytes: z.number().nullable(),
  transferredBytes: z.number().nullable(),
  remark: z.string(),
  reviewedAt: z.iso.datetime().nullable(),
  reviewedByName: z.string().nullable(),
  reviewNote: z.string(),
  /** An override treated the run as success. */
  overridden: z.boolean(),
  /** A missed placeholder a late run replaced. */
  superseded: z.boolean(),
  ticketNumber: z.string().nullable(),
});
export const JobHistoryView = z.object({
  job: z.object({
    id: z.uuid(),
    name: z.string(),
    backupSoftware: z.string(),
    backupType: z.string(),
    customerId: z.uuid().nullable(),
    customerName: z.string().nullable(),
  }),
  last7Days: Rate,
  last30Days: Rate,
  runs: z.array(HistoryRun),
  nextCursor: z.string().nullable(),
});
