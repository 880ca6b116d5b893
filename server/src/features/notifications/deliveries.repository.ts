import type { Insertable } from 'kysely';
import type { NotificationDeliveries } from '#src/db/schema.generated';
import type { Tx } from '#src/db/tenant';

export const createDeliveriesRepository = () => ({
  insert: (tx: Tx, rows: Insertable<NotificationDeliveries>[]) =>
    rows.length ? tx.insertInto('notification_deliveries').values(rows).returning(['id']).execute() : Promise.resolve([]),
  find: (tx: Tx, id: string) => tx.selectFrom('notification_deliveries').selectAll().where('id', '=', id).executeTakeFirst(),
  finish: (tx: Tx, id: string, outcome: { status: 'sent' | 'failed' | 'rate_limited' | 'queued'; error: string | null; at: Date }) =>
    tx
      .updateTable('notification_deliveries')
      .set((eb) => ({
        status: outcome.status,
        attempts: eb('attempts', '+', 1),
        last_error: outcome.error?.slice(0, 1000) ?? null,
        sent_at: outcome.status === 'sent' ? outcome.at : null,
      }))
      .where('id', '=', id)
      .execute(),
  markRateLimited: (tx: Tx, id: string, reason: string) =>
    tx.updateTable('notification_deliveries').set({ status: 'rate_limited', last_error: reason }).where('id', '=', id).execute(),
  /** Messages a channel sent since `since` (its rate limit). */
  sentSince: async (tx: Tx, channelId: string, since: Date) =>
    Number(
      (
        await tx
          .selectFrom('notification_deliveries')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('channel_id', '=', channelId)
          .where('status', '=', 'sent')
          .where('sent_at', '>', since)
          .executeTakeFirstOrThrow()
      ).n,
    ),
  recent: (tx: Tx, limit: number) =>
    tx
      .selectFrom('notification_deliveries as d')
      .leftJoin('notification_channels as c', 'c.id', 'd.channel_id')
      .select([
        'd.id',
        'd.channel_kind',
        'd.event',
        'd.subject',
        'd.status',
        'd.attempts',
        'd.last_error',
        'd.created_at',
        'd.sent_at',
        'd.recipients',
        'c.name as channel_name',
      ])
      .orderBy('d.created_at', 'desc')
      .limit(limit)
      .execute(),
  /** Accounts with deliveries left queued since before `before` (cross-tenant: the sweep). */
  accountsWithStale: (tx: Tx, before: Date) =>
    tx
      .selectFrom('notification_deliveries')
      .select('account_id')
      .distinct()
      .where('status', '=', 'queued')
      .where('created_at', '<', before)
      .execute(),
  /** Queued deliveries older than `before`: their job was lost (a node stopped); sent again. */
  stale: (tx: Tx, before: Date) =>
    tx
      .selectFrom('notification_deliveries')
      .select('id')
      .where('status', '=', 'queued')
      .where('created_at', '<', before)
      .limit(200)
      .execute(),
});

export type DeliveriesRepository = ReturnType<typeof createDeliveriesRepository>;
