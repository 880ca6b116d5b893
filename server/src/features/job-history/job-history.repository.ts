// SQL for a job's history (issue 19, B3): every run newest first, keyset-paged on (run_at, id)
// through backup_runs_job_idx, with who reviewed it and its ticket; the outcome counts of the
// last 7 and 30 days; and the recent runs for the trend charts.
import { sql } from 'kysely';
import type { Tx } from '#src/db/tenant';

export type HistoryRunRow = {
  id: string;
  status: string;
  run_at: Date;
  started_at: Date | null;
  ended_at: Date | null;
  size_bytes: string | number | bigint | null;
  transferred_bytes: string | number | bigint | null;
  remark: string;
  reviewed_at: Date | null;
  reviewed_by_name: string | null;
  review_note: string;
  override_id: string | null;
  superseded_by: string | null;
  ticket_number: string | null;
};

export const createJobHistoryRepository = () => ({
  findJob: (tx: Tx, jobId: string) =>
    tx
      .selectFrom('backup_jobs as j')
      .leftJoin('customers as c', 'c.id', 'j.customer_id')
      .select(['j.id', 'j.name', 'j.backup_software', 'j.backup_type', 'j.customer_id', 'c.name as customer_name'])
      .where('j.id', '=', jobId)
      .executeTakeFirst(),

  async listRuns(tx: Tx, jobId: string, after: { at: Date; id: string } | null, limit: number): Promise<HistoryRunRow[]> {
    const cursor = after ? sql`and (r.run_at, r.id) < (${after.at}::timestamptz, ${after.id}::uuid)` : sql``;
    return (
      await sql<HistoryRunRow>`
        select r.id, r.status, r.run_at, r.started_at, r.ended_at, r.size_bytes, r.transferred_bytes, r.remark, r.reviewed_at, u.display_name as reviewed_by_name,
          r.review_note, r.override_id, r.superseded_by,
          (select l.ticket_number from ticket_links l where l.backup_run_id = r.id and l.state = 'active' limit 1) as ticket_number
        from backup_runs r left join users u on u.id = r.reviewed_by
        where r.job_id = ${jobId} ${cursor}
        order by r.run_at desc, r.id desc
        limit ${limit + 1}`.execute(tx)
    ).rows;
  },

  /** Outcome counts over the last `days` days (a run an override covered counts as success; superseded placeholders not at all). */
  outcomes: async (tx: Tx, jobId: string, days: number) =>
    (
      await sql<{ bucket: string; n: number }>`
        select run_rollup_bucket(status, override_id, superseded_by) as bucket, count(*)::int as n
        from backup_runs
        where job_id = ${jobId} and run_at > now() - make_interval(days => ${days})
        group by 1`.execute(tx)
    ).rows,
});

export type JobHistoryRepository = ReturnType<typeof createJobHistoryRepository>;
