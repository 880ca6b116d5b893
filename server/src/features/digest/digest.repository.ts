// Issue 20: the SQL of the daily digest — what happened in the window (the last day, to the
// minute the digest is made) and what waits now. Waiting runs are counted the dashboard's way.
import { sql } from 'kysely';
import type { Tx } from '#src/db/tenant';

export type DigestWindow = { from: Date; to: Date };

export const createDigestRepository = () => ({
  waitingByCustomer: async (tx: Tx) =>
    (
      await sql<{ customer_id: string | null; customer: string | null; waiting: number; errors: number }>`
        select j.customer_id, c.name as customer, count(*)::int as waiting, count(*) filter (where r.status = 'error')::int as errors
        from backup_runs r join backup_jobs j on j.id = r.job_id left join customers c on c.id = j.customer_id
        where r.status <> 'success' and r.reviewed_at is null and r.job_active and r.superseded_by is null
        group by j.customer_id, c.name
        order by count(*) desc, c.name
        limit 50`.execute(tx)
    ).rows,

  missed: async (tx: Tx, w: DigestWindow) =>
    (
      await sql<{ job_id: string; job: string; customer: string | null; run_at: Date }>`
        select j.id as job_id, j.name as job, c.name as customer, r.run_at
        from backup_runs r join backup_jobs j on j.id = r.job_id left join customers c on c.id = j.customer_id
        where r.status = 'missed' and r.superseded_by is null and r.run_at > ${w.from} and r.run_at <= ${w.to}
        order by r.run_at desc
        limit 50`.execute(tx)
    ).rows,

  tickets: async (tx: Tx, w: DigestWindow) =>
    (
      await sql<{ opened: number; resolved: number; open_now: number }>`
        select
          count(*) filter (where created_at > ${w.from} and created_at <= ${w.to} and origin = 'created')::int as opened,
          count(*) filter (where resolved_at > ${w.from} and resolved_at <= ${w.to})::int as resolved,
          count(*) filter (where state = 'active' and resolved_at is null and last_status_closed is not true)::int as open_now
        from ticket_links where backup_run_id is not null`.execute(tx)
    ).rows[0] ?? { opened: 0, resolved: 0, open_now: 0 },

  brokenMappings: (tx: Tx) =>
    tx
      .selectFrom('customers')
      .select(['id', 'name', 'psa_mapping_status', 'psa_sync_message'])
      .where('active', '=', true)
      .where('psa_mapping_status', 'in', ['missing', 'invalid'])
      .orderBy('name')
      .limit(50)
      .execute(),

  subscription: (tx: Tx, userId: string) =>
    tx.selectFrom('digest_subscriptions').selectAll().where('user_id', '=', userId).executeTakeFirst(),
  upsertSubscription: (
    tx: Tx,
    row: { user_id: string; account_id: string; enabled: boolean; send_at: string; timezone: string; at: Date },
  ) =>
    tx
      .insertInto('digest_subscriptions')
      .values({
        user_id: row.user_id,
        account_id: row.account_id,
        enabled: row.enabled,
        send_at: row.send_at,
        timezone: row.timezone,
        updated_at: row.at,
      })
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet({ enabled: row.enabled, send_at: row.send_at, timezone: row.timezone, updated_at: row.at }),
      )
      .execute(),
  /**
   * Subscribers whose local time has reached their hour today and who have not had today's digest,
   * with their local date (cross-tenant: the sweep).
   */
  due: async (tx: Tx, now: Date) =>
    (
      await sql<{ user_id: string; account_id: string; local_date: string }>`
        select s.user_id, s.account_id, to_char((${now}::timestamptz at time zone s.timezone)::date, 'YYYY-MM-DD') as local_date
        from digest_subscriptions s join users u on u.id = s.user_id
        where s.enabled and u.deactivated_at is null
          and to_char(${now}::timestamptz at time zone s.timezone, 'HH24:MI') >= s.send_at
          and (s.last_sent_on is null or s.last_sent_on < (${now}::timestamptz at time zone s.timezone)::date)`.execute(tx)
    ).rows,
  markSent: (tx: Tx, userId: string, localDate: string) =>
    tx.updateTable('digest_subscriptions').set({ last_sent_on: localDate }).where('user_id', '=', userId).execute(),
});

export type DigestRepository = ReturnType<typeof createDigestRepository>;
