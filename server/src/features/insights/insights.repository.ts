// SQL for environment insights (I4), inside withTenant: each account sees its own only.
import { type Insertable, sql } from 'kysely';
import type { EnvironmentInsights } from '#src/db/schema.generated';
import type { Tx } from '#src/db/tenant';

const COLUMNS = [
  'i.id',
  'i.customer_id',
  'i.category',
  'i.confidence',
  'i.priority',
  'i.text',
  'i.infrastructure_item_id',
  'i.source_session_id',
  'i.source_fact_id',
  'u.display_name as created_by_name',
  'i.retired_at',
  'i.created_at',
  'i.updated_at',
] as const;

export const createInsightsRepository = () => ({
  list: (tx: Tx, customerId: string, includeRetired: boolean) => {
    let query = tx
      .selectFrom('environment_insights as i')
      .leftJoin('users as u', 'u.id', 'i.created_by')
      .select(COLUMNS)
      .where('i.customer_id', '=', customerId);
    if (!includeRetired) {
      query = query.where('i.retired_at', 'is', null);
    }
    return query.orderBy('i.priority', 'desc').orderBy('i.created_at').execute();
  },
  find: (tx: Tx, id: string) =>
    tx
      .selectFrom('environment_insights as i')
      .leftJoin('users as u', 'u.id', 'i.created_by')
      .select(COLUMNS)
      .where('i.id', '=', id)
      .executeTakeFirst(),
  insert: async (tx: Tx, insight: Insertable<EnvironmentInsights>) =>
    (await tx.insertInto('environment_insights').values(insight).returning('id').executeTakeFirstOrThrow()).id,
  update: (tx: Tx, id: string, values: Partial<Pick<Insertable<EnvironmentInsights>, 'category' | 'confidence' | 'priority' | 'text'>>) =>
    tx
      .updateTable('environment_insights')
      .set({ ...values, updated_at: sql`now()` })
      .where('id', '=', id)
      .where('retired_at', 'is', null)
      .executeTakeFirst(),
  retire: (tx: Tx, id: string) =>
    tx
      .updateTable('environment_insights')
      .set({ retired_at: sql`now()`, updated_at: sql`now()` })
      .where('id', '=', id)
      .where('retired_at', 'is', null)
      .executeTakeFirst(),
});

export type InsightsRepository = ReturnType<typeof createInsightsRepository>;
export type InsightRow = NonNullable<Awaited<ReturnType<InsightsRepository['find']>>>;
