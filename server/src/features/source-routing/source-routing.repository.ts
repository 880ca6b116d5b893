// SQL for the customer references machine senders use (issue 19, B2.3): the mappings an admin
// made, the references still waiting in the Inbox, and approving the jobs a new mapping routes.
import { sql } from 'kysely';
import type { Tx } from '#src/db/tenant';

const refOf = sql<string>`lower(btrim(customer_ref))`;

export const createSourceRoutingRepository = () => ({
  listMappings: (tx: Tx) =>
    tx
      .selectFrom('source_customer_refs as m')
      .innerJoin('customers as c', 'c.id', 'm.customer_id')
      .select(['m.id', 'm.source', 'm.customer_ref', 'm.customer_id', 'c.name as customer_name', 'm.created_at'])
      .orderBy('m.source')
      .orderBy('m.customer_ref')
      .execute(),

  findMapping: (tx: Tx, id: string) =>
    tx.selectFrom('source_customer_refs').select(['id', 'source', 'customer_ref']).where('id', '=', id).executeTakeFirst(),

  findMappingByRef: (tx: Tx, source: string, ref: string) =>
    tx
      .selectFrom('source_customer_refs')
      .select('id')
      .where('source', '=', source)
      .where(sql<string>`lower(btrim(customer_ref))`, '=', ref.trim().toLowerCase())
      .executeTakeFirst(),

  /** References on jobs waiting in the Inbox that no mapping covers yet, with what waits on them. */
  listUnmappedRefs: async (tx: Tx) =>
    (
      await sql<{ reporter: string; customer_ref: string; waiting_jobs: number; waiting_runs: number; last_run_at: Date | null }>`
        select j.reporter, min(j.customer_ref) as customer_ref, count(*)::int as waiting_jobs,
               coalesce(sum((select count(*) from backup_runs r where r.job_id = j.id)), 0)::int as waiting_runs,
               max(j.last_run_at) as last_run_at
        from backup_jobs j
        where j.state = 'pending' and j.customer_ref is not null and j.reporter like 'api:%'
          and not exists (
            select 1 from source_customer_refs m
            where 'api:' || m.source = j.reporter and lower(btrim(m.customer_ref)) = lower(btrim(j.customer_ref)))
        group by j.reporter, lower(btrim(j.customer_ref))
        order by max(j.last_run_at) desc nulls last
        limit 500`.execute(tx)
    ).rows,

  insertMapping: async (
    tx: Tx,
    row: { account_id: string; source: string; customer_ref: string; customer_id: string; created_by: string | null },
  ) => (await tx.insertInto('source_customer_refs').values(row).returning('id').executeTakeFirstOrThrow()).id,

  deleteMapping: async (tx: Tx, id: string) =>
    Number((await tx.deleteFrom('source_customer_refs').where('id', '=', id).executeTakeFirst()).numDeletedRows),

  /** Approves the Inbox jobs of this source carrying the reference; answers with their ids. */
  approveWaitingJobs: async (tx: Tx, scope: { source: string; ref: string; customerId: string; by: string | null; at: Date }) =>
    (
      await tx
        .updateTable('backup_jobs')
        .set({ state: 'active', customer_id: scope.customerId, approved_by: scope.by, approved_at: scope.at, updated_at: scope.at })
        .where('state', '=', 'pending')
        .where('reporter', '=', `api:${scope.source}`)
        .where(refOf, '=', scope.ref.trim().toLowerCase())
        .returning('id')
        .execute()
    ).map((r) => r.id),
});

export type SourceRoutingRepository = ReturnType<typeof createSourceRoutingRepository>;
