import type { Insertable } from 'kysely';
import type { MailboxSettings } from '#src/db/schema.generated';
import type { Tx } from '#src/db/tenant';

export const createMailboxRepository = () => ({
  findMailbox: (tx: Tx) => tx.selectFrom('mailbox_settings').selectAll().executeTakeFirst(),
  upsertMailbox: (tx: Tx, row: Insertable<MailboxSettings>) => {
    const { account_id: _account, ...changes } = row;
    return tx
      .insertInto('mailbox_settings')
      .values(row)
      .onConflict((oc) => oc.column('account_id').doUpdateSet(changes))
      .returningAll()
      .executeTakeFirstOrThrow();
  },
  recordPoll: (tx: Tx, result: { at: Date; ok: boolean; message: string }) =>
    tx
      .updateTable('mailbox_settings')
      .set({ last_poll_at: result.at, last_poll_ok: result.ok, last_poll_message: result.message.slice(0, 500) })
      .execute(),
  listAccountsWithEnabledMailbox: (tx: Tx) => tx.selectFrom('mailbox_settings').select('account_id').where('enabled', '=', true).execute(),
});

export type MailboxRepository = ReturnType<typeof createMailboxRepository>;
