// I1: AES-256-GCM at rest, a fresh nonce per write, key id stored, tampering detected, rotation.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '#src/lib/clock';
import { createTestApp, type TestApp } from '../../../test/test-app';
import { createIntegrationCredentialsRepository } from './integration-credentials.repository';
import { createIntegrationCredentialsService } from './integration-credentials.service';
import { KEY_FILE_NAME, loadKeyring } from './master-key';
import { rotateMasterKey } from './rotate-master-key';

const SECRET = { username: 'api@msp.example', secret: 'Sup3r-S3cret-Value!', integrationCode: 'ABC123' };

describe('integration credential vault', () => {
  let t: TestApp;
  let scope: { accountId: string };
  const stored = async () =>
    (
      await sql<{ key_id: string; nonce: Uint8Array; ciphertext: Uint8Array; auth_tag: Uint8Array }>`
        select key_id, nonce, ciphertext, auth_tag from integration_credentials where account_id = ${scope.accountId}`.execute(
        t.database.db,
      )
    ).rows[0];

  beforeAll(async () => {
    t = await createTestApp();
    scope = { accountId: (await t.newAccount(['admin'])).account.id };
  });
  afterAll(() => t.close());

  it('round-trips secrets while storing only ciphertext, with a fresh nonce and the key id', async () => {
    await t.services.credentials.saveCredentials(scope, 'autotask', 'basic_auth', SECRET);
    const first = await stored();
    expect(Buffer.from(first?.ciphertext ?? []).toString('latin1')).not.toContain(SECRET.secret);
    expect(first?.key_id).toBe(t.keyring.current.id);
    expect(first?.nonce).toHaveLength(12);
    expect(await t.services.credentials.findSecret(scope, 'autotask')).toEqual(SECRET);

    await t.services.credentials.saveCredentials(scope, 'autotask', 'basic_auth', SECRET);
    expect(Buffer.from((await stored())?.nonce ?? []).equals(Buffer.from(first?.nonce ?? []))).toBe(false);
  });

  it('describes credentials without any secret value', async () => {
    const described = await t.services.credentials.describeCredentials(scope, 'autotask');
    expect(described).toMatchObject({ configured: true, kind: 'basic_auth' });
    expect(JSON.stringify(described)).not.toContain(SECRET.secret);
    expect(await t.services.credentials.describeCredentials(scope, 'connectwise')).toEqual({ configured: false });
  });

  it('fails with an error, never garbage, when the ciphertext or tag is tampered with', async () => {
    await t.services.credentials.saveCredentials(scope, 'autotask', 'basic_auth', SECRET);
    await sql`update integration_credentials set ciphertext = overlay(ciphertext placing '\\x00'::bytea from 3 for 1)
              where account_id = ${scope.accountId}`.execute(t.database.db);
    await expect(t.services.credentials.findSecret(scope, 'autotask')).rejects.toMatchObject({ code: 'invalid_state' });

    await t.services.credentials.saveCredentials(scope, 'autotask', 'basic_auth', SECRET);
    await sql`update integration_credentials set auth_tag = ${Buffer.alloc(16)} where account_id = ${scope.accountId}`.execute(
      t.database.db,
    );
    await expect(t.services.credentials.findSecret(scope, 'autotask')).rejects.toMatchObject({ code: 'invalid_state' });
  });

  it('refuses a sealed value copied to another account', async () => {
    await t.services.credentials.saveCredentials(scope, 'autotask', 'basic_auth', SECRET);
    const other = { accountId: (await t.newAccount(['admin'])).account.id };
    await t.services.credentials.saveCredentials(other, 'autotask', 'basic_auth', { secret: 'other' });
    await sql`update integration_credentials o set nonce = s.nonce, ciphertext = s.ciphertext, auth_tag = s.auth_tag
              from integration_credentials s where s.account_id = ${scope.accountId} and o.account_id = ${other.accountId}`.execute(
      t.database.db,
    );
    await expect(t.services.credentials.findSecret(other, 'autotask')).rejects.toMatchObject({ code: 'invalid_state' });
  });

  it('creates the key file with mode 0600 and rotates: everything re-sealed with a new key, old key gone', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-keys-'));
    const before = loadKeyring({ dataDir, previousMasterKeys: [] });
    expect(fs.statSync(path.join(dataDir, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
    const vault = (keyring: typeof before) =>
      createIntegrationCredentialsService({
        database: t.database,
        keyring,
        clock: systemClock,
        credentials: createIntegrationCredentialsRepository(),
      });
    const account = { accountId: (await t.newAccount(['admin'])).account.id };
    // Rotation stops on a record sealed by a key it does not hold; here every record is the file's.
    await sql`delete from integration_credentials`.execute(t.database.db);
    await vault(before).saveCredentials(account, 'connectwise', 'api_key', SECRET);

    const result = await rotateMasterKey(t.database, before);
    expect(result.reencrypted).toBeGreaterThanOrEqual(1);
    const after = loadKeyring({ dataDir, previousMasterKeys: [] });
    expect(after.current.id).not.toBe(before.current.id);
    expect(after.byId.size).toBe(1);
    expect(await vault(after).findSecret(account, 'connectwise')).toEqual(SECRET);
    await expect(vault(before).findSecret(account, 'connectwise')).rejects.toMatchObject({ code: 'invalid_state' });
  });

  it('stops rotating, changing nothing, when a record was sealed by a key it does not hold', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-keys-'));
    await t.services.credentials.saveCredentials(scope, 'autotask', 'basic_auth', SECRET);
    await expect(rotateMasterKey(t.database, loadKeyring({ dataDir, previousMasterKeys: [] }))).rejects.toMatchObject({
      code: 'invalid_state',
    });
    expect(await t.services.credentials.findSecret(scope, 'autotask')).toEqual(SECRET);
  });

  it('refuses a key file that others can read', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-keys-'));
    loadKeyring({ dataDir, previousMasterKeys: [] });
    fs.chmodSync(path.join(dataDir, KEY_FILE_NAME), 0o644);
    expect(() => loadKeyring({ dataDir, previousMasterKeys: [] })).toThrow(/chmod 600/);
  });

  it('accepts FLIGHTDECK_MASTER_KEY as base64 or hex and rejects a wrong length', () => {
    const key = randomBytes(32);
    const fromB64 = loadKeyring({ masterKey: key.toString('base64'), previousMasterKeys: [], dataDir: '/nonexistent' });
    const fromHex = loadKeyring({ masterKey: key.toString('hex'), previousMasterKeys: [], dataDir: '/nonexistent' });
    expect(fromB64.current.id).toBe(fromHex.current.id);
    expect(() => loadKeyring({ masterKey: 'c2hvcnQ=', previousMasterKeys: [], dataDir: '/x' })).toThrow(/32 bytes/);
  });
});
