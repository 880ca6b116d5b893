import type { Insertable, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { NotificationChannels } from '#src/db/schema.generated';
import type { Tx } from '#src/db/tenant';

export const createChannelsRepository = () => ({
  list: (tx: Tx) => tx.selectFrom('notification_channels').selectAll().orderBy('name').execute(),
  find: (tx: Tx, id: string) => tx.selectFrom('notification_channels').selectAll().where('id', '=', id).executeTakeFirst(),
  findMany: (tx: Tx, ids: readonly string[]) =>
    ids.length ? tx.selectFrom('notification_channels').selectAll().where('id', 'in', ids).execute() : Promise.resolve([]),
  insert: (tx: Tx, row: Insertable<NotificationChannels>) =>
    tx.insertInto('notification_channels').values(row).returningAll().executeTakeFirstOrThrow(),
  update: (tx: Tx, id: string, changes: Updateable<NotificationChannels>) =>
    tx.updateTable('notification_channels').set(changes).where('id', '=', id).returningAll().executeTakeFirst(),
  delete: (tx: Tx, id: string) => tx.deleteFrom('notification_channels').where('id', '=', id).executeTakeFirst(),
  /** The newest delivery of each channel, for the list. */
  lastDeliveries: async (tx: Tx) =>
    (
      await sql<{ channel_id: string; created_at: Date; status: string; last_error: string | null }>`
        select distinct on (channel_id) channel_id, created_at, status, last_error
        from notification_deliveries where channel_id is not null
        order by channel_id, created_at desc`.execute(tx)
    ).rows,
});

export type ChannelsRepository = ReturnType<typeof createChannelsRepository>;
