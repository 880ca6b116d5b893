import type { Selectable } from 'kysely';
import type { PsaIntegrations } from '#src/db/schema.generated';
import type { Tx } from '#src/db/tenant';

export type PsaIntegrationRow = Selectable<PsaIntegrations>;

export type PsaIntegrationWrite = {
  account_id: string;
  kind: string;
  enabled: boolean;
  environment: string;
  connection: Record<string, unknown>;
  flightdeck_base_url: string | null;
  ticket_defaults: Record<string, unknown>;
  allow_resolving: boolean;
  allow_manual_ticket_numbers: boolean;
  updated_by: string | null;
};

export const createIntegrationsRepository = () => ({
  /** Cross-tenant: only inside withoutTenantIsolation (the sync sweep). */
  listAccountIdsWithEnabledIntegrations: (tx: Tx) =>
    tx.selectFrom('psa_integrations').select('account_id').distinct().where('enabled', '=', true).execute(),

  listIntegrations: (tx: Tx) => tx.selectFrom('psa_integrations').selectAll().execute(),

  findIntegration: (tx: Tx, kind: string) => tx.selectFrom('psa_integrations').selectAll().where('kind', '=', kind).executeTakeFirst(),

  upsertIntegration: (tx: Tx, row: PsaIntegrationWrite, at: Date) => {
    const values = { ...row, connection: JSON.stringify(row.connection), ticket_defaults: JSON.stringify(row.ticket_defaults) };
    const { account_id: _account, kind: _kind, ...changes } = values;
    return tx
      .insertInto('psa_integrations')
      .values({ ...values, updated_at: at })
      .onConflict((oc) => oc.columns(['account_id', 'kind']).doUpdateSet({ ...changes, updated_at: at }))
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  updateConnection: (tx: Tx, kind: string, connection: Record<string, unknown>) =>
    tx
      .updateTable('psa_integrations')
      .set({ connection: JSON.stringify(connection) })
      .where('kind', '=', kind)
      .execute(),

  updateReferenceData: (tx: Tx, kind: string, referenceData: unknown, ticketDefaults: Record<string, unknown>, at: Date) =>
    tx
      .updateTable('psa_integrations')
      .set({
        reference_data: JSON.stringify(referenceData),
        reference_data_refreshed_at: at,
        ticket_defaults: JSON.stringify(ticketDefaults),
      })
      .where('kind', '=', kind)
      .returningAll()
      .executeTakeFirstOrThrow(),
});

export type IntegrationsRepository = ReturnType<typeof createIntegrationsRepository>;
