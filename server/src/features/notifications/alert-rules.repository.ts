import type { Insertable, Updateable } from 'kysely';
import type { AlertRules } from '#src/db/schema.generated';
import type { Tx } from '#src/db/tenant';

export const createAlertRulesRepository = () => ({
  list: (tx: Tx) => tx.selectFrom('alert_rules').selectAll().orderBy('name').execute(),
  listEnabled: (tx: Tx) => tx.selectFrom('alert_rules').selectAll().where('enabled', '=', true).execute(),
  find: (tx: Tx, id: string) => tx.selectFrom('alert_rules').selectAll().where('id', '=', id).executeTakeFirst(),
  insert: (tx: Tx, row: Insertable<AlertRules>) => tx.insertInto('alert_rules').values(row).returningAll().executeTakeFirstOrThrow(),
  update: (tx: Tx, id: string, changes: Updateable<AlertRules>) =>
    tx.updateTable('alert_rules').set(changes).where('id', '=', id).returningAll().executeTakeFirst(),
  delete: (tx: Tx, id: string) => tx.deleteFrom('alert_rules').where('id', '=', id).execute(),
  openStates: (tx: Tx) => tx.selectFrom('alert_states').selectAll().where('cleared_at', 'is', null).execute(),
  /** Opens a condition (again, after it cleared); false when it was already open. */
  open: async (tx: Tx, row: { account_id: string; rule_id: string; condition_key: string; subject: string; at: Date }) =>
    (
      await tx
        .insertInto('alert_states')
        .values({
          account_id: row.account_id,
          rule_id: row.rule_id,
          condition_key: row.condition_key,
          subject: row.subject,
          opened_at: row.at,
        })
        .onConflict((oc) =>
          oc
            .columns(['rule_id', 'condition_key'])
            .doUpdateSet({ opened_at: row.at, cleared_at: null, subject: row.subject })
            .where('alert_states.cleared_at', 'is not', null),
        )
        .returning('rule_id')
        .execute()
    ).length > 0,
  clear: (tx: Tx, ruleId: string, key: string, at: Date) =>
    tx
      .updateTable('alert_states')
      .set({ cleared_at: at })
      .where('rule_id', '=', ruleId)
      .where('condition_key', '=', key)
      .where('cleared_at', 'is', null)
      .execute(),
  /** Accounts with an enabled rule (the sweep; cross-tenant). */
  accountsWithRules: (tx: Tx) => tx.selectFrom('alert_rules').select('account_id').distinct().where('enabled', '=', true).execute(),
});

export type AlertRulesRepository = ReturnType<typeof createAlertRulesRepository>;
