// Issue 19 (B3): a job's history — every run, keyset-paged, with its review and ticket, and the
// job's backup rate over 7 and 30 days (the dashboard's definition).

import type { Database } from '#src/db/connection';
import { withTenant } from '#src/db/tenant';
import { byteCount, durationSeconds } from '#src/features/backup-runs/run-measures';
import { notFound } from '#src/lib/app-error';
import type { RequestContext } from '#src/lib/context';
import { decodeKeyset, encodeKeyset } from '#src/lib/keyset-cursor';
import { backupRate } from '../dashboard/backup-rate';
import type { JobHistoryRepository } from './job-history.repository';

const rateOf = (rows: { bucket: string; n: number }[]) => {
  const count = (bucket: string) => rows.find((r) => r.bucket === bucket)?.n ?? 0;
  const c = {
    success: count('success'),
    warning: count('warning'),
    error: count('error'),
    missed: count('missed'),
    overridden: count('overridden'),
  };
  const runs = c.success + c.warning + c.error + c.missed + c.overridden;
  const good = c.success + c.warning + c.overridden;
  return { runs, backupRate: backupRate(good, runs), ...c };
};

export const createJobHistoryService = (deps: { database: Database; history: JobHistoryRepository }) => ({
  async load(ctx: RequestContext, jobId: string, query: { cursor?: string; limit: number }) {
    return withTenant(deps.database, ctx, async (tx) => {
      const job = await deps.history.findJob(tx, jobId);
      if (!job) {
        throw notFound('Backup job');
      }
      const rows = await deps.history.listRuns(tx, jobId, query.cursor ? decodeKeyset(query.cursor) : null, query.limit);
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        job: {
          id: job.id,
          name: job.name,
          backupSoftware: job.backup_software,
          backupType: job.backup_type,
          customerId: job.customer_id,
          customerName: job.customer_name,
        },
        last7Days: rateOf(await deps.history.outcomes(tx, jobId, 7)),
        last30Days: rateOf(await deps.history.outcomes(tx, jobId, 30)),
        runs: page.map((r) => ({
          runId: r.id,
          status: r.status as 'success' | 'warning' | 'error' | 'missed',
          runAt: r.run_at.toISOString(),
          durationSeconds: durationSeconds(r.started_at, r.ended_at),
          sizeBytes: byteCount(r.size_bytes),
          transferredBytes: byteCount(r.transferred_bytes),
          remark: r.remark,
          reviewedAt: r.reviewed_at?.toISOString() ?? null,
          reviewedByName: r.reviewed_by_name,
          reviewNote: r.review_note,
          overridden: r.override_id !== null,
          superseded: r.superseded_by !== null,
          ticketNumber: r.ticket_number,
        })),
        nextCursor: rows.length > query.limit && last ? encodeKeyset(last.run_at, last.id) : null,
      };
    });
  },
});

export type JobHistoryService = ReturnType<typeof createJobHistoryService>;
