// No secret appears in any log line or API response: drive every flow that handles one, capture
// all logs, and search them.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../test/test-app';
import { secretOfApiKey } from '../api-keys/api-keys.service';

describe('secrets stay out of logs and responses', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('never logs or returns passwords, session tokens, CSRF tokens, API keys or vault secrets', async () => {
    const acct = await t.newAccount();
    const responses: string[] = [];
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: acct.users.admin.email, password: TEST_PASSWORD },
    });
    const sessionToken = login.cookies.find((c) => c.name === 'fd_session')?.value as string;
    const csrf = login.json().csrfToken as string;
    const headers = { cookie: `fd_session=${sessionToken}`, 'x-csrf-token': csrf };
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: acct.users.admin.email, password: 'Wrong-Guess-Secret-1' },
    });

    const newPassword = 'Brand-New-Secret-Password';
    responses.push(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/users',
          headers,
          payload: { email: 'sec@example.test', displayName: 'S', role: 'operator', password: newPassword },
        })
      ).body,
    );
    const reset = await t.app.inject({ method: 'POST', url: `/api/v1/users/${acct.users.reporter.id}/reset-password`, headers });
    const temporaryPassword = reset.json().temporaryPassword as string;
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers, payload: { name: 'ingest' } });
    const apiKey = created.json().key as string;
    await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: { authorization: `Bearer ${apiKey}` } });
    responses.push((await t.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers })).body);
    responses.push((await t.app.inject({ method: 'GET', url: '/api/v1/users', headers })).body);
    responses.push((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).body);

    const vaultSecret = 'Vault-Held-Secret-Value';
    await t.services.credentials.saveCredentials({ accountId: acct.account.id }, 'autotask', 'basic_auth', { secret: vaultSecret });
    await t.services.credentials.findSecret({ accountId: acct.account.id }, 'autotask');

    const logs = t.logLines.join('\n');
    expect(t.logLines.length).toBeGreaterThan(10);
    for (const secret of [
      TEST_PASSWORD,
      'Wrong-Guess-Secret-1',
      newPassword,
      temporaryPassword,
      sessionToken,
      csrf,
      apiKey,
      secretOfApiKey(apiKey),
      vaultSecret,
    ]) {
      expect(logs, 'log lines').not.toContain(secret);
    }
    for (const secret of [TEST_PASSWORD, newPassword, sessionToken, apiKey, vaultSecret, '$argon2id']) {
      expect(responses.join('\n'), 'API responses').not.toContain(secret);
    }
  });
});
