// B3.1: the board query. Runs needing review (status other than success, not reviewed) newest
// first with keyset pagination on (run_at, id); partial indexes on exactly that predicate keep the
// first and the deepest page equally cheap (see bench/board.ts).

import { type SelectQueryBuilder, sql } from 'kysely';
import type { DB } from '#src/db/schema.generated';
import type { Tx } from '#src/db/tenant';
import { containsPattern } from '#src/lib/like-pattern';

export type BoardFilter = {
  accountId: string;
  customerId?: string;
  jobId?: string;
  statuses?: readonly string[];
  ticket?: 'none' | 'active' | 'deleted';
  includeReviewed: boolean;
  /** A day in the account's time zone (YYYY-MM-DD): runs of that day only (the dashboard's cells). */
  day?: string;
  /** Words matched against the job's name, the run's remark (substring) and the failing objects' names and messages (full text, prefix). */
  search?: string;
  /** The last run of the previous page (its run_at and id). */
  after: { at: Date; id: string } | null;
  limit: number;
};

/** A job's group on the board: its newest matching run, how many runs match, its first runs. */
export type BoardGroupRow = { job_id: string; newest: Date; matching: number };

/** Words of a search as a prefix tsquery ('vss snap' → 'vss:* & snap:*'); null when nothing is left. */
export const searchQueryOf = (search: string) => {
  const words =
    search
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu)
      ?.slice(0, 8) ?? [];
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : null;
};

export type BoardRow = {
  id: string;
  job_id: string;
  job_name: string;
  checks_paused: boolean;
  backup_software: string;
  customer_id: string;
  customer_name: string;
  status: string;
  run_at: Date;
  remark: string;
  first_message: string | null;
  problem_objects: number;
  reviewed_at: Date | null;
  reviewed_by_name: string | null;
  review_note: string;
  override_id: string | null;
  link_id: string | null;
  psa_kind: string | null;
  ticket_id: string | null;
  ticket_number: string | null;
  ticket_url: string | null;
  origin: string | null;
  link_state: string | null;
  last_status_name: string | null;
  last_status_closed: boolean | null;
  status_read_at: Date | null;
  resolution: string | null;
};

type RunQuery = SelectQueryBuilder<DB, 'backup_runs', object>;

// By (account, state, run): the index ticket_links_state_run_idx answers both (issue 14).
const linkInState = (state: 'active' | 'deleted_external') =>
  sql<boolean>`exists (select 1 from ticket_links t
                        where t.account_id = backup_runs.account_id and t.state = ${state} and t.backup_run_id = backup_runs.id)`;
const activeLinkExists = linkInState('active');
const deletedLinkExists = linkInState('deleted_external');

/** The runs the filter keeps (problem runs only, by the partial indexes). */
const filteredRuns = (tx: Tx, f: Omit<BoardFilter, 'after' | 'limit'>) => {
  // Runs of jobs nobody approved yet wait in the Inbox, not here: `job_active` (kept on the run)
  // is in the partial indexes' predicate, so the board never walks them (issue 14).
  let query: RunQuery = tx
    .selectFrom('backup_runs')
    .where('account_id', '=', f.accountId)
    .where(sql<boolean>`status <> 'success'`)
    .where(sql<boolean>`job_active`);
  if (!f.includeReviewed) {
    query = query.where('reviewed_at', 'is', null);
  }
  if (f.jobId) {
    query = query.where('job_id', '=', f.jobId);
  }
  if (f.customerId) {
    query = query.where('job_id', 'in', (eb) =>
      eb
        .selectFrom('backup_jobs')
        .select('id')
        .where('customer_id', '=', f.customerId as string),
    );
  }
  if (f.statuses?.length) {
    query = query.where('status', 'in', [...f.statuses]);
  }
  if (f.ticket === 'none') {
    query = query.where(sql<boolean>`not ${activeLinkExists}`);
  } else if (f.ticket === 'active') {
    query = query.where(activeLinkExists);
  } else if (f.ticket === 'deleted') {
    query = query.where(deletedLinkExists).where(sql<boolean>`not ${activeLinkExists}`);
  }
  if (f.day) {
    const zone = sql`(select timezone from accounts where id = ${f.accountId})`;
    query = query
      .where(sql<boolean>`run_at >= (${f.day}::date::timestamp at time zone ${zone})`)
      .where(sql<boolean>`run_at < ((${f.day}::date + 1)::timestamp at time zone ${zone})`);
  }
  const words = f.search ? searchQueryOf(f.search) : null;
  if (f.search && words) {
    const pattern = containsPattern(f.search.trim());
    query = query.where((eb) =>
      eb.or([
        eb('job_id', 'in', eb.selectFrom('backup_jobs').select('id').where('account_id', '=', f.accountId).where('name', 'ilike', pattern)),
        eb('remark', 'ilike', pattern),
        eb(
          'id',
          'in',
          eb
            .selectFrom('backup_run_objects')
            .select('run_id')
            .where('account_id', '=', f.accountId)
            .where(sql<boolean>`status <> 'success' and search @@ to_tsquery('simple', ${words})`),
        ),
      ]),
    );
  }
  return query;
};

/** The filtered, ordered page of run ids; details are joined onto these few rows afterwards. */
const pageOfRuns = (tx: Tx, f: BoardFilter) => {
  let query = filteredRuns(tx, f);
  if (f.after) {
    const { at, id } = f.after;
    query = query.where(sql<boolean>`(run_at, id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  return query
    .select(['id', 'run_at'])
    .orderBy('run_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit + 1);
};

/** The board's columns for a set of runs (`page`: id, run_at), newest first. */
const hydrate = async (tx: Tx, page: unknown): Promise<BoardRow[]> => {
  const result = await sql<BoardRow>`
      with page as (${page})
      select r.id, r.job_id, j.name as job_name, j.backup_software, j.checks_paused, j.customer_id, c.name as customer_name,
        r.status, r.run_at, r.remark, r.reviewed_at, u.display_name as reviewed_by_name, r.review_note, r.override_id,
        o.first_message, coalesce(o.problem_objects, 0) as problem_objects,
        l.id as link_id, l.psa_kind, l.ticket_id, l.ticket_number, l.ticket_url, l.origin, l.state as link_state,
        l.last_status_name, l.last_status_closed, l.status_read_at, l.resolution
      from page p
      join backup_runs r on r.id = p.id
      join backup_jobs j on j.id = r.job_id
      join customers c on c.id = j.customer_id
      left join users u on u.id = r.reviewed_by
      left join lateral (
        select count(*)::int as problem_objects,
          (array_agg(bo.messages ->> 0 order by bo.position) filter (where jsonb_array_length(bo.messages) > 0))[1] as first_message
        from backup_run_objects bo where bo.run_id = r.id and bo.status <> 'success'
      ) o on true
      left join lateral (
        select * from ticket_links t where t.backup_run_id = r.id
        order by (t.state = 'active') desc, t.created_at desc limit 1
      ) l on true
      order by p.run_at desc, p.id desc`.execute(tx);
  return result.rows;
};

export const createRunBoardRepository = () => ({
  listBoard: (tx: Tx, filter: BoardFilter): Promise<BoardRow[]> => hydrate(tx, pageOfRuns(tx, filter)),

  /**
   * Issue 19: the board by job — each group holds every matching run of its job, groups ordered
   * by their newest matching run (keyset on newest, job id); a group's first runs come with it.
   */
  async listGroups(
    tx: Tx,
    filter: Omit<BoardFilter, 'after' | 'limit'>,
    /** `after`: the last group of the previous page (its newest run and job id). */
    page: { after: { at: Date; id: string } | null; groups: number; runsPerGroup: number },
  ): Promise<{ groups: BoardGroupRow[]; runs: BoardRow[] }> {
    const runs = filteredRuns(tx, filter).select(['id', 'job_id', 'run_at']);
    const after = page.after ? sql`where (newest, job_id) < (${page.after.at}::timestamptz, ${page.after.id}::uuid)` : sql``;
    const groups = (
      await sql<BoardGroupRow>`
        with f as (${runs})
        select job_id, newest, matching from (
          select job_id, max(run_at) as newest, count(*)::int as matching from f group by job_id
        ) g ${after}
        order by newest desc, job_id desc
        limit ${page.groups + 1}`.execute(tx)
    ).rows;
    const jobIds = groups.slice(0, page.groups).map((g) => g.job_id);
    if (!jobIds.length) {
      return { groups, runs: [] };
    }
    const top = sql`
      select id, run_at from (
        select f.id, f.run_at, row_number() over (partition by f.job_id order by f.run_at desc, f.id desc) as n
        from (${runs}) f where f.job_id = any(${jobIds}::uuid[])
      ) ranked where n <= ${page.runsPerGroup}`;
    return { groups, runs: await hydrate(tx, top) };
  },

  runExists: async (tx: Tx, runId: string) =>
    (await tx.selectFrom('backup_runs').select('id').where('id', '=', runId).executeTakeFirst()) !== undefined,

  /** Runs still waiting for review in each of these jobs. */
  countWaitingByJob: async (tx: Tx, jobIds: readonly string[]) =>
    jobIds.length
      ? tx
          .selectFrom('backup_runs')
          .select(['job_id', sql<number>`count(*)::int`.as('waiting')])
          .where('job_id', 'in', [...jobIds])
          .where(sql<boolean>`status <> 'success' and reviewed_at is null and job_active`)
          .groupBy('job_id')
          .execute()
      : [],
});

export type RunBoardRepository = ReturnType<typeof createRunBoardRepository>;
