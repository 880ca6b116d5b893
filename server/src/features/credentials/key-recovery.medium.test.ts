// Issue 13 finding 13 (I1): a lost or wrong master key stops the start with a way out.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app';
import { assertKeyringOpensSealedData, assertNoSealedDataWithoutKey, clearUnreadableSecrets, MissingMasterKeyError } from './key-recovery';
import { buildKeyring, KEY_FILE_NAME } from './master-key';

describe('master key recovery', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('refuses a keyring that cannot open the stored secrets, names the key, and recovers by clearing them', async () => {
    const { account } = await t.newAccount(['admin']);
    await t.services.credentials.saveCredentials({ accountId: account.id }, 'connectwise', 'api_key', { privateKey: 'p' });
    await expect(assertKeyringOpensSealedData(t.database, t.keyring)).resolves.toBeUndefined();

    const wrong = buildKeyring(randomBytes(32), [], 'env');
    const refused = await assertKeyringOpensSealedData(t.database, wrong).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MissingMasterKeyError);
    expect((refused as Error).message).toContain(t.keyring.current.id);
    expect((refused as Error).message).toContain('clear-unreadable-secrets');

    // With both keys nothing is unreadable; with the wrong one alone, the secret is dropped.
    expect(await clearUnreadableSecrets(t.database, buildKeyring(randomBytes(32), [t.keyring.current.key], 'env'))).toEqual([]);
    const removed = await clearUnreadableSecrets(t.database, wrong);
    expect(removed).toContainEqual({ account_id: account.id, integration: 'connectwise', key_id: t.keyring.current.id });
    await expect(assertKeyringOpensSealedData(t.database, wrong)).resolves.toBeUndefined();
    expect(await t.services.credentials.describeCredentials({ accountId: account.id }, 'connectwise')).toEqual({ configured: false });
  });

  it('never generates a key file over sealed data', async () => {
    const { account } = await t.newAccount(['admin']);
    await t.services.credentials.saveCredentials({ accountId: account.id }, 'autotask', 'api_key', { secret: 's' });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-keys-'));
    try {
      const refused = await assertNoSealedDataWithoutKey(t.database, { dataDir }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(MissingMasterKeyError);
      expect((refused as Error).message).toContain('will not generate a new key');
      expect(fs.existsSync(path.join(dataDir, KEY_FILE_NAME))).toBe(false);
      await expect(assertNoSealedDataWithoutKey(t.database, { dataDir, masterKey: 'set' })).resolves.toBeUndefined();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
