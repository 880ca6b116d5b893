// B3 overrides: operators create them (optionally applying them to runs already waiting), anyone
// reads them, only admins delete them. New runs meet them in the run writer (apply-overrides.ts).
import type { Database } from '#src/db/connection';
import { withTenant } from '#src/db/tenant';
import type { BackupJobsService } from '#src/features/backup-jobs/backup-jobs.service';
import { notFound } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import { type RequestContext, requireRole, userIdOf } from '#src/lib/context';
import { applyOverrides } from './apply-overrides';
import type { RunOverridesRepository } from './run-overrides.repository';
import type { CreateOverrideBody, OverrideView } from './run-overrides.schemas';

type OverrideRow = NonNullable<Awaited<ReturnType<RunOverridesRepository['findOverride']>>>;

const toView = (row: OverrideRow): OverrideView => ({
  id: row.id,
  level: row.level as OverrideView['level'],
  jobId: row.job_id,
  jobName: row.job_name,
  customerName: row.customer_name,
  objectName: row.object_name,
  statuses: row.statuses as OverrideView['statuses'],
  matchText: row.match_text,
  matchMode: row.match_mode as OverrideView['matchMode'],
  action: 'treat_as_success',
  validFrom: row.valid_from?.toISOString() ?? null,
  validUntil: row.valid_until?.toISOString() ?? null,
  reason: row.reason,
  createdAt: row.created_at.toISOString(),
  createdByName: row.created_by_name,
});

export const createRunOverridesService = (deps: {
  database: Database;
  overrides: RunOverridesRepository;
  jobs: BackupJobsService;
  clock: Clock;
}) => ({
  async createOverride(ctx: RequestContext, body: CreateOverrideBody) {
    requireRole(ctx, ['admin', 'operator']);
    if (body.jobId) {
      await deps.jobs.getJobView(ctx, body.jobId);
    }
    return withTenant(deps.database, ctx, async (tx) => {
      const id = await deps.overrides.insertOverride(tx, {
        account_id: ctx.accountId,
        level: body.level,
        job_id: body.jobId ?? null,
        object_name: body.objectName ?? null,
        statuses: body.statuses,
        match_text: body.matchText ?? null,
        match_mode: body.matchMode,
        valid_from: body.validFrom ? new Date(body.validFrom) : null,
        valid_until: body.validUntil ? new Date(body.validUntil) : null,
        reason: body.reason,
        created_by: userIdOf(ctx),
      });
      let applied = 0;
      if (body.applyToWaiting) {
        const at = deps.clock.now();
        for (let after: string | null = null; ; ) {
          const ids = await deps.overrides.findWaitingRunIds(tx, body.jobId ?? null, after);
          applied += await applyOverrides(tx, deps.overrides, ids, at);
          if (ids.length === 0) {
            break;
          }
          after = ids[ids.length - 1] ?? null;
        }
      }
      ctx.log.info({ overrideId: id, level: body.level, applied }, 'run override created');
      return { override: toView((await deps.overrides.findOverride(tx, id)) as OverrideRow), appliedToWaitingRuns: applied };
    });
  },

  async listOverrides(ctx: RequestContext, jobId: string | null) {
    const rows = await withTenant(deps.database, ctx, (tx) => deps.overrides.listOverrides(tx, jobId));
    return rows.map(toView);
  },

  /** Deleting stops the override for runs still to come; runs it already reviewed stay reviewed. */
  async deleteOverride(ctx: RequestContext, id: string) {
    requireRole(ctx, ['admin']);
    if (!(await withTenant(deps.database, ctx, (tx) => deps.overrides.deleteOverride(tx, id)))) {
      throw notFound('Override');
    }
  },
});

export type RunOverridesService = ReturnType<typeof createRunOverridesService>;
