import type { Insertable } from 'kysely';
import type { ExternalCallLog } from '#src/db/schema.generated';
import type { Tx } from '#src/db/tenant';

export const createExternalCallLogRepository = () => ({
  insertExternalCall: (tx: Tx, entry: Insertable<ExternalCallLog>) => tx.insertInto('external_call_log').values(entry).execute(),

  listExternalCalls: (tx: Tx, filter: { integration?: string; limit: number }) => {
    let query = tx.selectFrom('external_call_log').selectAll().orderBy('created_at', 'desc').limit(filter.limit);
    if (filter.integration) {
      query = query.where('integration', '=', filter.integration);
    }
    return query.execute();
  },
});

export type ExternalCallLogRepository = ReturnType<typeof createExternalCallLogRepository>;
