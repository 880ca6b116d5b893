import type { Insertable } from 'kysely';
import type { SmtpSettings } from '#src/db/schema.generated';
import type { Tx } from '#src/db/tenant';

export const createSmtpRepository = () => ({
  find: (tx: Tx) => tx.selectFrom('smtp_settings').selectAll().executeTakeFirst(),
  upsert: (tx: Tx, row: Insertable<SmtpSettings>) => {
    const { account_id: _account, ...changes } = row;
    return tx
      .insertInto('smtp_settings')
      .values(row)
      .onConflict((oc) => oc.column('account_id').doUpdateSet(changes))
      .execute();
  },
  recordTest: (tx: Tx, result: { at: Date; ok: boolean; message: string }) =>
    tx
      .updateTable('smtp_settings')
      .set({ last_test_at: result.at, last_test_ok: result.ok, last_test_message: result.message.slice(0, 500) })
      .execute(),
});

export type SmtpRepository = ReturnType<typeof createSmtpRepository>;
