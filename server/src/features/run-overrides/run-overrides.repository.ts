// SQL for B3 overrides and for marking the runs they cover as reviewed.
import { sql } from 'kysely';
import type { Tx } from '#src/db/tenant';

export type NewOverride = {
  account_id: string;
  level: string;
  job_id: string | null;
  object_name: string | null;
  statuses: string[];
  match_text: string | null;
  match_mode: string;
  valid_from: Date | null;
  valid_until: Date | null;
  reason: string;
  created_by: string | null;
};

const overrideColumns = [
  'o.id',
  'o.level',
  'o.job_id',
  'o.object_name',
  'o.statuses',
  'o.match_text',
  'o.match_mode',
  'o.action',
  'o.valid_from',
  'o.valid_until',
  'o.reason',
  'o.created_at',
  'j.name as job_name',
  'c.name as customer_name',
  'u.display_name as created_by_name',
] as const;

export type RunToCheckRow = {
  id: string;
  job_id: string;
  status: string;
  run_at: Date;
  remark: string;
  objects: { name: string; status: string; messages: string[] }[];
};

const BATCH = 1000;

export const createRunOverridesRepository = () => {
  const selectOverrides = (tx: Tx) =>
    tx
      .selectFrom('run_overrides as o')
      .leftJoin('backup_jobs as j', 'j.id', 'o.job_id')
      .leftJoin('customers as c', 'c.id', 'j.customer_id')
      .leftJoin('users as u', 'u.id', 'o.created_by')
      .select(overrideColumns);

  return {
    insertOverride: async (tx: Tx, row: NewOverride) =>
      (await tx.insertInto('run_overrides').values(row).returning('id').executeTakeFirstOrThrow()).id,

    findOverride: (tx: Tx, id: string) => selectOverrides(tx).where('o.id', '=', id).executeTakeFirst(),

    listOverrides: (tx: Tx, jobId: string | null) => {
      const query = selectOverrides(tx).orderBy('o.created_at', 'desc');
      return (jobId ? query.where((eb) => eb.or([eb('o.job_id', '=', jobId), eb('o.level', '=', 'global')])) : query).execute();
    },

    deleteOverride: async (tx: Tx, id: string) =>
      Number((await tx.deleteFrom('run_overrides').where('id', '=', id).executeTakeFirst()).numDeletedRows) === 1,

    /** The overrides that can apply to runs of these jobs: theirs and the global ones. */
    findRulesForJobs: (tx: Tx, jobIds: readonly string[]) =>
      tx
        .selectFrom('run_overrides')
        .select(['id', 'level', 'job_id', 'object_name', 'statuses', 'match_text', 'match_mode', 'valid_from', 'valid_until'])
        .where((eb) => eb.or([eb('level', '=', 'global'), ...(jobIds.length ? [eb('job_id', 'in', [...jobIds])] : [])]))
        .orderBy('created_at')
        .execute(),

    /** Of these runs, the ones still waiting for review, with their unsuccessful objects. */
    findRunsToCheck: async (tx: Tx, runIds: readonly string[]): Promise<RunToCheckRow[]> => {
      if (runIds.length === 0) {
        return [];
      }
      const result = await sql<RunToCheckRow>`
        select r.id, r.job_id, r.status, r.run_at, r.remark,
          coalesce((select json_agg(json_build_object('name', o.name, 'status', o.status, 'messages', o.messages) order by o.position)
                    from backup_run_objects o where o.run_id = r.id and o.status <> 'success'), '[]'::json) as objects
        from backup_runs r
        where r.id = any(${[...runIds]}::uuid[]) and r.status <> 'success' and r.reviewed_at is null`.execute(tx);
      return result.rows.map((row) => ({ ...row, run_at: new Date(row.run_at) }));
    },

    /** Ids of runs waiting for review, for one job or all, one batch after another (keyset). */
    findWaitingRunIds: async (tx: Tx, jobId: string | null, after: string | null) => {
      let query = tx
        .selectFrom('backup_runs')
        .select('id')
        .where('status', '<>', 'success')
        .where('reviewed_at', 'is', null)
        .orderBy('id')
        .limit(BATCH);
      if (jobId) {
        query = query.where('job_id', '=', jobId);
      }
      if (after) {
        query = query.where('id', '>', after);
      }
      return (await query.execute()).map((r) => r.id);
    },

    /** Marks runs reviewed by the override that covers them; a run reviewed meanwhile is left alone. */
    markOverridden: async (tx: Tx, decisions: ReadonlyMap<string, string>, at: Date) => {
      if (decisions.size === 0) {
        return 0;
      }
      const values = sql.join([...decisions].map(([runId, overrideId]) => sql`(${runId}::uuid, ${overrideId}::uuid)`));
      const result = await sql`
        update backup_runs r set reviewed_at = ${at}, override_id = v.override_id
        from (values ${values}) as v(run_id, override_id)
        where r.id = v.run_id and r.reviewed_at is null`.execute(tx);
      return Number(result.numAffectedRows ?? 0);
    },
  };
};

export type RunOverridesRepository = ReturnType<typeof createRunOverridesRepository>;
