import { sql } from 'kysely';
import type { JsonValue } from '#src/db/schema.generated';
import type { Tx } from '#src/db/tenant';

export const createAccountSettingsRepository = () => ({
  findPreferences: async (tx: Tx) =>
    (await tx.selectFrom('account_settings').select('preferences').executeTakeFirst())?.preferences as
      | Record<string, JsonValue>
      | undefined,

  /** Creates the row on first write; later writes merge the key into the JSON document. */
  upsertPreference: (tx: Tx, accountId: string, key: string, value: JsonValue) =>
    tx
      .insertInto('account_settings')
      .values({ account_id: accountId, preferences: JSON.stringify({ [key]: value }) })
      .onConflict((oc) =>
        oc.column('account_id').doUpdateSet({
          preferences: sql`account_settings.preferences || excluded.preferences`,
          updated_at: sql`now()`,
        }),
      )
      .execute(),
});

export type AccountSettingsRepository = ReturnType<typeof createAccountSettingsRepository>;
