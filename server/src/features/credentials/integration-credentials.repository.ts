import type { Tx } from '#src/db/tenant';
import type { Sealed } from './secret-box';

export type CredentialKind = 'oauth' | 'api_key' | 'basic_auth';

const META_COLUMNS = [
  'id',
  'account_id',
  'integration',
  'kind',
  'key_id',
  'last_test_at',
  'last_test_ok',
  'last_test_message',
  'updated_at',
] as const;
const SEALED_COLUMNS = ['nonce', 'ciphertext', 'auth_tag'] as const;

export const createIntegrationCredentialsRepository = () => ({
  upsertCredentials: (tx: Tx, row: { account_id: string; integration: string; kind: CredentialKind }, sealed: Sealed) => {
    const values = {
      ...row,
      key_id: sealed.keyId,
      nonce: sealed.nonce,
      ciphertext: sealed.ciphertext,
      auth_tag: sealed.authTag,
    };
    return tx
      .insertInto('integration_credentials')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['account_id', 'integration']).doUpdateSet({
          kind: row.kind,
          key_id: sealed.keyId,
          nonce: sealed.nonce,
          ciphertext: sealed.ciphertext,
          auth_tag: sealed.authTag,
          updated_at: new Date(),
        }),
      )
      .returning(META_COLUMNS)
      .executeTakeFirstOrThrow();
  },

  findSealedCredentials: (tx: Tx, integration: string) =>
    tx
      .selectFrom('integration_credentials')
      .select([...META_COLUMNS, ...SEALED_COLUMNS])
      .where('integration', '=', integration)
      .executeTakeFirst(),

  findCredentialsMeta: (tx: Tx, integration: string) =>
    tx.selectFrom('integration_credentials').select(META_COLUMNS).where('integration', '=', integration).executeTakeFirst(),

  recordTestResult: (tx: Tx, integration: string, result: { ok: boolean; message: string; at: Date }) =>
    tx
      .updateTable('integration_credentials')
      .set({ last_test_at: result.at, last_test_ok: result.ok, last_test_message: result.message.slice(0, 500) })
      .where('integration', '=', integration)
      .execute(),

  deleteCredentials: (tx: Tx, integration: string) =>
    tx.deleteFrom('integration_credentials').where('integration', '=', integration).execute(),

  /** Rotation only: every row of every account sealed with another key. */
  listSealedWithOtherKey: (tx: Tx, keyId: string) =>
    tx
      .selectFrom('integration_credentials')
      .select(['id', 'account_id', 'integration', 'key_id', ...SEALED_COLUMNS])
      .where('key_id', '<>', keyId)
      .execute(),

  replaceSealed: (tx: Tx, id: string, sealed: Sealed) =>
    tx
      .updateTable('integration_credentials')
      .set({ key_id: sealed.keyId, nonce: sealed.nonce, ciphertext: sealed.ciphertext, auth_tag: sealed.authTag })
      .where('id', '=', id)
      .execute(),
});

export type IntegrationCredentialsRepository = ReturnType<typeof createIntegrationCredentialsRepository>;
