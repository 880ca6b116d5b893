// I1: the credential vault. Secrets go in as a map of strings and come out only to server code
// that calls an external system; what the API may show is `describeCredentials` (no values).
import type { Database } from '#src/db/connection';
import { withoutTenantIsolation, withTenant } from '#src/db/tenant';
import type { Clock } from '#src/lib/clock';
import type { CredentialKind, IntegrationCredentialsRepository } from './integration-credentials.repository';
import type { Keyring } from './master-key';
import { open, type Sealed, seal } from './secret-box';

type Scope = { accountId: string };
export type SecretFields = Record<string, string>;

const sealedOf = (row: { key_id: string; nonce: Uint8Array; ciphertext: Uint8Array; auth_tag: Uint8Array }): Sealed => ({
  keyId: row.key_id,
  nonce: Buffer.from(row.nonce),
  ciphertext: Buffer.from(row.ciphertext),
  authTag: Buffer.from(row.auth_tag),
});

const additionalData = (accountId: string, integration: string) => `flightdeck:credentials:${accountId}:${integration}`;

export const createIntegrationCredentialsService = (deps: {
  database: Database;
  credentials: IntegrationCredentialsRepository;
  keyring: Keyring;
  clock: Clock;
}) => ({
  async saveCredentials(scope: Scope, integration: string, kind: CredentialKind, secret: SecretFields) {
    const sealed = seal(deps.keyring, JSON.stringify(secret), additionalData(scope.accountId, integration));
    await withTenant(deps.database, scope, (tx) =>
      deps.credentials.upsertCredentials(tx, { account_id: scope.accountId, integration, kind }, sealed),
    );
  },

  /** Decrypted secret fields, or null when none are stored. Server-side use only. */
  async findSecret(scope: Scope, integration: string): Promise<SecretFields | null> {
    const row = await withTenant(deps.database, scope, (tx) => deps.credentials.findSealedCredentials(tx, integration));
    if (!row) {
      return null;
    }
    const plaintext = open(deps.keyring, sealedOf(row), additionalData(row.account_id, integration));
    return JSON.parse(plaintext) as SecretFields;
  },

  /** What may be shown: whether credentials exist and how the last test went, never values. */
  async describeCredentials(scope: Scope, integration: string) {
    const row = await withTenant(deps.database, scope, (tx) => deps.credentials.findCredentialsMeta(tx, integration));
    return row
      ? {
          configured: true as const,
          kind: row.kind as CredentialKind,
          lastTestAt: row.last_test_at?.toISOString() ?? null,
          lastTestOk: row.last_test_ok,
          lastTestMessage: row.last_test_message,
          updatedAt: row.updated_at.toISOString(),
        }
      : { configured: false as const };
  },

  async recordTestResult(scope: Scope, integration: string, result: { ok: boolean; message: string }) {
    await withTenant(deps.database, scope, (tx) => deps.credentials.recordTestResult(tx, integration, { ...result, at: deps.clock.now() }));
  },

  async deleteCredentials(scope: Scope, integration: string) {
    await withTenant(deps.database, scope, (tx) => deps.credentials.deleteCredentials(tx, integration));
  },

  /** Re-seals every stored secret with the keyring's current key; returns how many changed. */
  reencryptAll: () =>
    withoutTenantIsolation(deps.database, 'master-key rotation re-seals the credentials of every account', async (tx) => {
      const rows = await deps.credentials.listSealedWithOtherKey(tx, deps.keyring.current.id);
      for (const row of rows) {
        const aad = additionalData(row.account_id, row.integration);
        const plaintext = open(deps.keyring, sealedOf(row), aad);
        await deps.credentials.replaceSealed(tx, row.id, seal(deps.keyring, plaintext, aad));
      }
      return rows.length;
    }),
});

export type IntegrationCredentialsService = ReturnType<typeof createIntegrationCredentialsService>;
