// I1: what happens when the master key that sealed stored secrets is gone (a lost key file, a
// wrong FLIGHTDECK_MASTER_KEY). Start refuses, naming the missing key ids and the ways out; an
// admin command drops the secrets no key can open, so they can be entered again. A key file is
// never generated while sealed data exists: a new key could never open it.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Database } from '#src/db/connection';
import { withoutTenantIsolation } from '#src/db/tenant';
import { KEY_FILE_NAME, type Keyring } from './master-key';

const WHY = 'the master key check reads which keys sealed the secrets of every account';

/** Key ids that sealed stored secrets, with how many secrets each sealed. */
export const listSealingKeys = (database: Database) =>
  withoutTenantIsolation(
    database,
    WHY,
    async (tx) =>
      (await sql<{ key_id: string; n: number }>`select key_id, count(*)::int as n from integration_credentials group by key_id`.execute(tx))
        .rows,
  );

export class MissingMasterKeyError extends Error {
  constructor(
    readonly missingKeyIds: string[],
    readonly sealedCount: number,
    detail: string,
  ) {
    super(
      `${sealedCount} stored secret(s) were sealed with master key ${missingKeyIds.join(', ')}, which ${detail}. ` +
        `Restore that key (the ${KEY_FILE_NAME} file in the data dir, or FLIGHTDECK_MASTER_KEY / FLIGHTDECK_PREVIOUS_MASTER_KEYS), ` +
        'or drop the unreadable secrets and enter them again in Settings: npm run flightdeck -- clear-unreadable-secrets',
    );
    this.name = 'MissingMasterKeyError';
  }
}

/** Refuses to go on when some stored secret cannot be opened by any key of the keyring. */
export const assertKeyringOpensSealedData = async (database: Database, keyring: Keyring) => {
  const missing = (await listSealingKeys(database)).filter((k) => !keyring.byId.has(k.key_id));
  if (missing.length) {
    throw new MissingMasterKeyError(
      missing.map((k) => k.key_id),
      missing.reduce((sum, k) => sum + k.n, 0),
      `the configured keyring (${[...keyring.byId.keys()].join(', ')}, from ${keyring.source === 'env' ? 'FLIGHTDECK_MASTER_KEY' : keyring.file}) does not hold`,
    );
  }
};

/**
 * Before a key file is generated: with no key configured and no key file, sealed data means the
 * key was lost; a new file would hide that and seal new secrets with yet another key.
 */
export const assertNoSealedDataWithoutKey = async (database: Database, config: { masterKey?: string; dataDir: string }) => {
  if (config.masterKey || fs.existsSync(path.join(config.dataDir, KEY_FILE_NAME))) {
    return;
  }
  const sealing = await listSealingKeys(database);
  if (sealing.length) {
    throw new MissingMasterKeyError(
      sealing.map((k) => k.key_id),
      sealing.reduce((sum, k) => sum + k.n, 0),
      `is not configured and has no key file at ${path.join(config.dataDir, KEY_FILE_NAME)}; Flightdeck will not generate a new key over them`,
    );
  }
};

/** `flightdeck clear-unreadable-secrets`: deletes the secrets no key of the keyring opens. */
export const clearUnreadableSecrets = (database: Database, keyring: Keyring) =>
  withoutTenantIsolation(database, 'recovery drops the unreadable secrets of every account', async (tx) => {
    const known = [...keyring.byId.keys()];
    const removed = await tx
      .deleteFrom('integration_credentials')
      .where('key_id', 'not in', known)
      .returning(['account_id', 'integration', 'key_id'])
      .execute();
    return removed;
  });
