import type { Insertable } from 'kysely';
import type { ExternalCallLog } from '#src/db/schema.generated';
import type { Tx } from '#src/db/tenant';

export type ExternalCallFilter = {
  integration?: string;
  outcome?: 'ok' | 'failed';
  action?: string;
  /** Keyset position: rows strictly older than this (created_at, id). */
  before?: { at: Date; id: string };
  limit: number;
};

export const createExternalCallLogRepository = () => ({
  insertExternalCall: (tx: Tx, entry: Insertable<ExternalCallLog>) => tx.insertInto('external_call_log').values(entry).execute(),

  listExternalCalls: (tx: Tx, filter: ExternalCallFilter) => {
    let query = tx.selectFrom('external_call_log').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit);
    if (filter.integration) {
      query = query.where('integration', '=', filter.integration);
    }
    if (filter.outcome) {
      query = query.where('outcome', filter.outcome === 'ok' ? '=' : '<>', 'ok');
    }
    if (filter.action) {
      query = query.where('action', '=', filter.action);
    }
    const before = filter.before;
    if (before) {
      query = query.where((eb) =>
        eb.or([eb('created_at', '<', before.at), eb.and([eb('created_at', '=', before.at), eb('id', '<', before.id)])]),
      );
    }
    return query.execute();
  },
});

export type ExternalCallLogRepository = ReturnType<typeof createExternalCallLogRepository>;
