// B3: the Run Checks board — runs needing review across customers, newest first — and marking a
// run or a whole job reviewed.
import type { Database } from '#src/db/connection';
import { withTenant } from '#src/db/tenant';
import type { BackupJobsService } from '#src/features/backup-jobs/backup-jobs.service';
import type { BackupRunsRepository } from '#src/features/backup-runs/backup-runs.repository';
import { notFound } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import { type RequestContext, requireRole, userIdOf } from '#src/lib/context';
import { decodeKeyset, encodeKeyset } from '#src/lib/keyset-cursor';
import type { TicketUrlOf } from '#src/psa/ticket-urls';
import type { BoardRow, RunBoardRepository } from './run-board.repository';
import type { BoardGroupsQuery, BoardQuery, BoardRunView } from './run-board.schemas';

const REVIEWERS = ['admin', 'operator'] as const;
const filterOf = (ctx: RequestContext, query: BoardQuery) => ({
  accountId: ctx.accountId,
  customerId: query.customerId,
  jobId: query.jobId,
  statuses: query.status,
  ticket: query.ticket,
  includeReviewed: query.includeReviewed,
  day: query.day,
  search: query.q,
});

const toView = (row: BoardRow, ticketUrl: TicketUrlOf): BoardRunView => ({
  runId: row.id,
  jobId: row.job_id,
  jobName: row.job_name,
  checksPaused: row.checks_paused,
  backupSoftware: row.backup_software,
  customerId: row.customer_id,
  customerName: row.customer_name,
  status: row.status as BoardRunView['status'],
  runAt: new Date(row.run_at).toISOString(),
  remark: row.remark,
  summary: row.remark || row.first_message || '',
  problemObjects: row.problem_objects,
  reviewedAt: row.reviewed_at ? new Date(row.reviewed_at).toISOString() : null,
  reviewedByName: row.reviewed_by_name,
  reviewNote: row.review_note,
  overrideId: row.override_id,
  ticket: row.link_id
    ? {
        id: row.link_id,
        psaKind: row.psa_kind as 'autotask' | 'connectwise' | 'syncro' | null,
        ticketId: row.ticket_id,
        ticketNumber: row.ticket_number ?? '',
        ticketUrl: ticketUrl(row.psa_kind, row.ticket_id),
        origin: row.origin as 'created' | 'adopted' | 'linked' | 'manual',
        state: row.link_state as 'active' | 'deleted_external' | 'replaced' | 'unlinked',
        lastStatusName: row.last_status_name,
        lastStatusClosed: row.last_status_closed,
        statusReadAt: row.status_read_at ? new Date(row.status_read_at).toISOString() : null,
        resolution: row.resolution as 'completed' | 'left_open_time_entries' | null,
      }
    : null,
});

export const createRunBoardService = (deps: {
  database: Database;
  board: RunBoardRepository;
  runs: BackupRunsRepository;
  jobs: BackupJobsService;
  /** I3: ticket URLs from the current integration settings. */
  ticketUrls: (ctx: RequestContext) => Promise<TicketUrlOf>;
  clock: Clock;
}) => ({
  async listBoard(ctx: RequestContext, query: BoardQuery) {
    const urls = await deps.ticketUrls(ctx);
    return withTenant(deps.database, ctx, async (tx) => {
      const rows = await deps.board.listBoard(tx, {
        ...filterOf(ctx, query),
        after: query.cursor ? decodeKeyset(query.cursor) : null,
        limit: query.limit,
      });
      const page = rows.slice(0, query.limit);
      const waiting = await deps.board.countWaitingByJob(tx, [...new Set(page.map((r) => r.job_id))]);
      const last = page[page.length - 1];
      return {
        runs: page.map((row) => toView(row, urls)),
        waitingByJob: Object.fromEntries(waiting.map((w) => [w.job_id, w.waiting])),
        nextCursor: rows.length > query.limit && last ? encodeKeyset(last.run_at, last.id) : null,
      };
    });
  },

  /**
   * Issue 19: the board by job. A group holds every matching run of its job (the first ones
   * shown), groups ordered by their newest matching run, so a job failing every night is one
   * group however the runs of other jobs interleave.
   */
  async listGroups(ctx: RequestContext, query: BoardGroupsQuery) {
    const urls = await deps.ticketUrls(ctx);
    return withTenant(deps.database, ctx, async (tx) => {
      const { groups, runs } = await deps.board.listGroups(tx, filterOf(ctx, query), {
        after: query.cursor ? decodeKeyset(query.cursor) : null,
        groups: query.limit,
        runsPerGroup: query.runsPerGroup,
      });
      const page = groups.slice(0, query.limit);
      const waiting = new Map(
        (
          await deps.board.countWaitingByJob(
            tx,
            page.map((g) => g.job_id),
          )
        ).map((w) => [w.job_id, w.waiting] as const),
      );
      const last = page[page.length - 1];
      return {
        groups: page.flatMap((group) => {
          const shown = runs.filter((r) => r.job_id === group.job_id);
          const first = shown[0];
          return first
            ? [
                {
                  jobId: group.job_id,
                  jobName: first.job_name,
                  backupSoftware: first.backup_software,
                  checksPaused: first.checks_paused,
                  customerId: first.customer_id,
                  customerName: first.customer_name,
                  matching: group.matching,
                  waiting: waiting.get(group.job_id) ?? 0,
                  newestRunAt: new Date(group.newest).toISOString(),
                  runs: shown.map((row) => toView(row, urls)),
                },
              ]
            : [];
        }),
        nextCursor: groups.length > query.limit && last ? encodeKeyset(new Date(last.newest), last.job_id) : null,
      };
    });
  },

  /** Issue 19: marks the chosen runs reviewed; answers with the runs it reviewed (for Undo). */
  async reviewRuns(ctx: RequestContext, runIds: readonly string[], note: string) {
    requireRole(ctx, REVIEWERS);
    const reviewed = await withTenant(deps.database, ctx, (tx) =>
      deps.runs.markReviewedReturning(tx, runIds, { by: userIdOf(ctx), note, at: deps.clock.now() }),
    );
    ctx.log.info({ asked: runIds.length, reviewed: reviewed.length }, 'runs reviewed');
    return { reviewed: reviewed.length, runIds: reviewed };
  },

  /** B3.2: who reviewed it and when; reviewing twice keeps the first review. */
  async reviewRun(ctx: RequestContext, runId: string, note: string) {
    requireRole(ctx, REVIEWERS);
    const reviewed = await withTenant(deps.database, ctx, async (tx) => {
      if (!(await deps.board.runExists(tx, runId))) {
        throw notFound('Backup run');
      }
      return deps.runs.markReviewed(tx, { runIds: [runId] }, { by: userIdOf(ctx), note, at: deps.clock.now() });
    });
    return { reviewed, runIds: reviewed ? [runId] : [] };
  },

  /** Undo (B3.2): the runs wait on the board again; `reviewed` counts the runs un-reviewed. */
  async unreviewRuns(ctx: RequestContext, runIds: readonly string[]) {
    requireRole(ctx, REVIEWERS);
    const undone = await withTenant(deps.database, ctx, (tx) => deps.runs.markUnreviewed(tx, runIds));
    ctx.log.info({ runs: runIds.length, undone }, 'run reviews undone');
    return { reviewed: undone, runIds: [...runIds] };
  },

  /** Marks every run of the job still waiting for review, not just the ones on screen. */
  async reviewJob(ctx: RequestContext, jobId: string, note: string) {
    requireRole(ctx, REVIEWERS);
    await deps.jobs.getJobView(ctx, jobId);
    const { reviewed, runIds } = await withTenant(deps.database, ctx, async (tx) => {
      const ids = await deps.runs.listUnreviewedRunIds(tx, jobId);
      return {
        runIds: ids,
        reviewed: await deps.runs.markReviewed(tx, { runIds: ids }, { by: userIdOf(ctx), note, at: deps.clock.now() }),
      };
    });
    ctx.log.info({ jobId, reviewed }, 'job runs reviewed');
    // The ids let the board offer Undo for exactly these runs.
    return { reviewed, runIds };
  },
});

export type RunBoardService = ReturnType<typeof createRunBoardService>;
