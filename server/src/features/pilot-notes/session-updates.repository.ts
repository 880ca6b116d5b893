import type { Insertable } from 'kysely';
import type { SessionUpdates } from '#src/db/schema.generated';
import type { Tx } from '#src/db/tenant';

export const createSessionUpdatesRepository = () => ({
  insertUpdate: (tx: Tx, row: Insertable<SessionUpdates>) =>
    tx.insertInto('session_updates').values(row).returning(['id', 'posted_at']).executeTakeFirstOrThrow(),
  listUpdates: (tx: Tx, sessionId: string) =>
    tx.selectFrom('session_updates').selectAll().where('session_id', '=', sessionId).orderBy('posted_at').execute(),
});

export type SessionUpdatesRepository = ReturnType<typeof createSessionUpdatesRepository>;
