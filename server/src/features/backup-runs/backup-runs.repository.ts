// SQL for backup jobs, runs and run objects. Ingestion writes whole batches in a few statements.
import { sql } from 'kysely';
import type { Tx } from '#src/db/tenant';

export type JobRef = { id: string; match_key: string; state: string; customer_id: string | null };

export type NewPendingJob = {
  account_id: string;
  name: string;
  backup_software: string;
  backup_type: string;
  reporter: string;
  match_key: string;
  host: string;
  customer_ref: string | null;
  /** `active` with a customer when the run's customer reference is mapped (issue 19). */
  state: 'pending' | 'active';
  customer_id: string | null;
  approved_at: Date | null;
};

export type NewRun = {
  account_id: string;
  job_id: string;
  status: string;
  started_at: Date | null;
  ended_at: Date | null;
  run_at: Date;
  remark: string;
  source: string;
  source_key: string;
  evidence_id: string | null;
  /** 1 for a first attempt; a retry of the same session counts up (Veeam "(Retry N)"). */
  attempt?: number;
  size_bytes?: number | null;
  transferred_bytes?: number | null;
};

export type NewRunObject = {
  account_id: string;
  run_id: string;
  position: number;
  name: string;
  type: string;
  status: string;
  messages: string;
  infrastructure_item_id: string | null;
};

export const createBackupRunsRepository = () => ({
  findJobsByMatchKeys: (tx: Tx, keys: readonly string[]): Promise<JobRef[]> =>
    keys.length
      ? tx
          .selectFrom('backup_jobs')
          .select(['id', 'match_key', 'state', 'customer_id'])
          .where('match_key', 'in', [...keys])
          .execute()
      : Promise.resolve([]),

  /** The customers this source's references are mapped to, by normalised reference. */
  findMappedCustomerRefs: async (tx: Tx, source: string, refs: readonly string[]): Promise<Map<string, string>> => {
    if (refs.length === 0) {
      return new Map();
    }
    const rows = await tx
      .selectFrom('source_customer_refs')
      .select([sql<string>`lower(btrim(customer_ref))`.as('ref'), 'customer_id'])
      .where('source', '=', source)
      .where(sql<string>`lower(btrim(customer_ref))`, 'in', [...refs])
      .execute();
    return new Map(rows.map((r) => [r.ref, r.customer_id]));
  },

  /**
   * Creates jobs not seen before: Inbox entries, or approved jobs when their customer reference is
   * mapped; a job someone else just created is left as is.
   */
  insertPendingJobs: async (tx: Tx, jobs: readonly NewPendingJob[]) => {
    if (jobs.length) {
      await tx
        .insertInto('backup_jobs')
        .values([...jobs])
        .onConflict((oc) => oc.columns(['account_id', 'match_key']).doNothing())
        .execute();
    }
  },

  /**
   * Inserts runs whose (source, source key) is new; returns the ones inserted. Issue 14: one
   * statement per batch with one array per column (UNNEST) — a fixed 13 bind parameters however
   * many runs, where multi-row VALUES needed 13 per run and a round trip per chunk; the rollup
   * trigger, per statement, then runs once.
   */
  insertRuns: async (tx: Tx, runs: readonly NewRun[]) => {
    if (runs.length === 0) {
      return [];
    }
    const column = <K extends keyof NewRun>(key: K) => runs.map((r) => r[key]);
    const { rows } = await sql<{ id: string; source: string; source_key: string }>`
      insert into backup_runs (account_id, job_id, status, started_at, ended_at, run_at, remark, source, source_key,
                               evidence_id, attempt, size_bytes, transferred_bytes, job_active)
      select u.*, j.state = 'active'
      from unnest(${column('account_id')}::uuid[], ${column('job_id')}::uuid[], ${column('status')}::text[],
                  ${column('started_at')}::timestamptz[], ${column('ended_at')}::timestamptz[],
                  ${column('run_at')}::timestamptz[], ${column('remark')}::text[], ${column('source')}::text[],
                  ${column('source_key')}::text[], ${column('evidence_id')}::uuid[], ${runs.map((r) => r.attempt ?? 1)}::int[],
                  ${runs.map((r) => r.size_bytes ?? null)}::bigint[], ${runs.map((r) => r.transferred_bytes ?? null)}::bigint[])
        as u(account_id, job_id, status, started_at, ended_at, run_at, remark, source, source_key, evidence_id, attempt, size_bytes, transferred_bytes)
      -- Issue 14: whether the job is active rides on the run, for the board's indexes.
      join backup_jobs j on j.id = u.job_id
      on conflict (account_id, source, source_key) do nothing
      returning id, source, source_key`.execute(tx);
    return rows;
  },

  /** All objects of a batch in one statement, one array per column (see insertRuns). */
  insertRunObjects: async (tx: Tx, objects: readonly NewRunObject[]) => {
    if (objects.length === 0) {
      return;
    }
    const column = <K extends keyof NewRunObject>(key: K) => objects.map((o) => o[key]);
    await sql`
      insert into backup_run_objects (account_id, run_id, position, name, type, status, messages, infrastructure_item_id)
      select account_id, run_id, position, name, type, status, messages::jsonb, infrastructure_item_id
        from unnest(${column('account_id')}::uuid[], ${column('run_id')}::uuid[], ${column('position')}::int[],
                    ${column('name')}::text[], ${column('type')}::text[], ${column('status')}::text[],
                    ${column('messages')}::text[], ${column('infrastructure_item_id')}::uuid[])
             as o(account_id, run_id, position, name, type, status, messages, infrastructure_item_id)`.execute(tx);
  },

  /** Infrastructure items of these customers, for matching run objects by name. */
  findInfrastructureItems: (tx: Tx, customerIds: readonly string[]) =>
    customerIds.length
      ? tx
          .selectFrom('infrastructure_items')
          .select(['id', 'customer_id', 'name'])
          .where('customer_id', 'in', [...customerIds])
          .execute()
      : Promise.resolve([]),

  /** B3.2: marks runs reviewed (by id, or all of a job still waiting); returns how many changed. */
  markReviewed: async (
    tx: Tx,
    scope: { runIds: readonly string[] } | { jobId: string },
    review: { by: string | null; note: string; at: Date },
  ) => {
    let query = tx
      .updateTable('backup_runs')
      .set({ reviewed_at: review.at, reviewed_by: review.by, review_note: review.note })
      .where('reviewed_at', 'is', null)
      .where('status', '<>', 'success');
    if ('jobId' in scope) {
      query = query.where('job_id', '=', scope.jobId);
    } else if (scope.runIds.length) {
      query = query.where('id', 'in', [...scope.runIds]);
    } else {
      return 0;
    }
    return Number((await query.executeTakeFirst()).numUpdatedRows);
  },

  /** The ids of a job's runs still waiting for review (what "Mark job reviewed" is about to mark). */
  listUnreviewedRunIds: async (tx: Tx, jobId: string) =>
    (
      await tx
        .selectFrom('backup_runs')
        .select('id')
        .where('job_id', '=', jobId)
        .where('reviewed_at', 'is', null)
        .where('status', '<>', 'success')
        .execute()
    ).map((r) => r.id),

  /** Undoes reviews (B3.2); a run whose ticket was resolved from Flightdeck stays reviewed. */
  /** Reviews the runs still waiting among these; answers with the ids it reviewed. */
  markReviewedReturning: async (tx: Tx, runIds: readonly string[], review: { by: string | null; note: string; at: Date }) =>
    runIds.length
      ? (
          await tx
            .updateTable('backup_runs')
            .set({ reviewed_at: review.at, reviewed_by: review.by, review_note: review.note })
            .where('id', 'in', [...runIds])
            .where('reviewed_at', 'is', null)
            .where('status', '<>', 'success')
            .returning('id')
            .execute()
        ).map((r) => r.id)
      : [],

  markUnreviewed: async (tx: Tx, runIds: readonly string[]) => {
    if (runIds.length === 0) {
      return 0;
    }
    const result = await tx
      .updateTable('backup_runs')
      .set({ reviewed_at: null, reviewed_by: null, review_note: '' })
      .where('id', 'in', [...runIds])
      .where('reviewed_at', 'is not', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  /**
   * ADR 8: a retry supersedes the earlier attempts of its session — runs of the same job with a
   * lower attempt that ran in the day before it. They stay as history, marked reviewed so the
   * board asks about the session once, with its final result.
   */
  supersedeEarlierAttempts: async (tx: Tx, retry: { id: string; jobId: string; attempt: number; startedAt: Date }, at: Date) => {
    const from = new Date(retry.startedAt.getTime() - 24 * 3_600_000);
    const result = await tx
      .updateTable('backup_runs')
      .set((eb) => ({
        superseded_by: retry.id,
        reviewed_at: eb.fn.coalesce('reviewed_at', eb.val(at)),
        review_note: eb
          .case()
          .when('reviewed_at', 'is', null)
          .then(`Superseded by retry ${retry.attempt}`)
          .else(eb.ref('review_note'))
          .end(),
      }))
      .where('job_id', '=', retry.jobId)
      .where('id', '<>', retry.id)
      .where('superseded_by', 'is', null)
      .where('attempt', '<', retry.attempt)
      .where('run_at', '>=', from)
      .where('run_at', '<=', retry.startedAt)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  /**
   * ADR 8: a later mail about the same session (same job, same start) is that session's newer
   * report — Veeam Agent mails at the first error and again with the final result. The earlier
   * reports stay as history, marked reviewed, like superseded attempts. Runs of one mail never
   * supersede each other (a policy report lists hosts that may start in the same second).
   * A report that arrives late (its session ended earlier than the stored one's) is itself
   * superseded by the stored report.
   */
  supersedeEarlierReports: async (
    tx: Tx,
    report: { id: string; jobId: string; startedAt: Date; endedAt: Date | null; evidenceId: string },
    at: Date,
  ) => {
    const result = await tx
      .updateTable('backup_runs')
      .set((eb) => ({
        superseded_by: report.id,
        reviewed_at: eb.fn.coalesce('reviewed_at', eb.val(at)),
        review_note: eb
          .case()
          .when('reviewed_at', 'is', null)
          .then('Superseded by a later report of the same session')
          .else(eb.ref('review_note'))
          .end(),
      }))
      .where('job_id', '=', report.jobId)
      .where('id', '<>', report.id)
      .where('superseded_by', 'is', null)
      .where('started_at', '=', report.startedAt)
      .where('evidence_id', '<>', report.evidenceId)
      // Out-of-order delivery: the report that ends later is the newer one, whenever it arrives.
      .where((eb) =>
        report.endedAt ? eb.or([eb('ended_at', 'is', null), eb('ended_at', '<=', report.endedAt)]) : eb('ended_at', 'is', null),
      )
      .executeTakeFirst();
    if (report.endedAt) {
      const newer = await tx
        .selectFrom('backup_runs')
        .select('id')
        .where('job_id', '=', report.jobId)
        .where('started_at', '=', report.startedAt)
        .where('evidence_id', '<>', report.evidenceId)
        .where('superseded_by', 'is', null)
        .where('ended_at', '>', report.endedAt)
        .orderBy('ended_at', 'desc')
        .executeTakeFirst();
      if (newer) {
        await tx
          .updateTable('backup_runs')
          .set((eb) => ({
            superseded_by: newer.id,
            reviewed_at: eb.fn.coalesce('reviewed_at', eb.val(at)),
            review_note: 'Superseded by a later report of the same session',
          }))
          .where('id', '=', report.id)
          .execute();
      }
    }
    return Number(result.numUpdatedRows);
  },

  /** Moves each job's last-run mark forward (never back). */
  async touchJobs(tx: Tx, lastRuns: ReadonlyMap<string, Date>) {
    if (lastRuns.size === 0) {
      return;
    }
    const values = sql.join([...lastRuns].map(([id, at]) => sql`(${id}::uuid, ${at}::timestamptz)`));
    await sql`
      update backup_jobs j set last_run_at = greatest(j.last_run_at, v.at), updated_at = now()
      from (values ${values}) as v(id, at)
      where j.id = v.id`.execute(tx);
  },
});

export type BackupRunsRepository = ReturnType<typeof createBackupRunsRepository>;
