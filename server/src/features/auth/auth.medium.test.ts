import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#src/app';
import { createServices } from '#src/services';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../test/test-app';

describe('sign-in, sessions and CSRF (N3)', () => {
  let t: TestApp;
  let acct: Awaited<ReturnType<TestApp['newAccount']>>;
  beforeAll(async () => {
    t = await createTestApp();
    acct = await t.newAccount();
  });
  afterAll(() => t.close());

  it('signs in with an httpOnly, SameSite session cookie and returns the user and a CSRF token', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: acct.users.operator.email.toUpperCase(), password: TEST_PASSWORD },
    });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'fd_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    const body = response.json();
    expect(body.user).toMatchObject({ email: acct.users.operator.email, role: 'operator', active: true });
    expect(body.csrfToken).toEqual(expect.any(String));
    expect(JSON.stringify(body)).not.toMatch(/argon2|password_hash/);
  });

  it('marks the cookie Secure behind https', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { email: acct.users.admin.email, password: TEST_PASSWORD },
    });
    // trustProxy is off in tests, so the forwarded header must not be believed.
    expect(response.cookies.find((c) => c.name === 'fd_session')?.secure).toBeFalsy();
  });

  it('answers /me for a session and 401 without one', async () => {
    const headers = await t.login(acct.users.reporter.email);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
    expect(me.statusCode).toBe(200);
    expect(me.json().account).toMatchObject({ id: acct.account.id, slug: acct.account.slug });
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(anonymous.json()).toMatchObject({ code: 'unauthenticated', status: 401 });
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const { cookie, 'x-csrf-token': csrf } = await t.login(acct.users.admin.email);
    const payload = { email: 'csrf@example.test', displayName: 'Csrf', role: 'reporter', password: 'long-enough-password' };
    const missing = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie }, payload });
    expect(missing.statusCode).toBe(403);
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie, 'x-csrf-token': `${csrf}x` }, payload });
    expect(wrong.statusCode).toBe(403);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie } });
    expect(list.json().users.map((u: { email: string }) => u.email)).not.toContain('csrf@example.test');
  });

  it('logs out: the session stops working', async () => {
    const headers = await t.login(acct.users.operator.email);
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers });
    expect(out.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
    expect(after.statusCode).toBe(401);
  });

  it('rejects a wrong password with 401 and the 11th wrong password in a minute with 429', async () => {
    const other = await t.newAccount(['operator']);
    const attempt = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: other.users.operator.email, password: 'wrong-password' },
      });
    for (let i = 0; i < 10; i++) {
      expect((await attempt()).statusCode).toBe(401);
    }
    const eleventh = await attempt();
    expect(eleventh.statusCode).toBe(429);
    expect(Number(eleventh.headers['retry-after'])).toBeGreaterThan(0);
    expect(eleventh.json()).toMatchObject({ code: 'rate_limited' });
    // Even the right password waits until the window passes.
    const right = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: other.users.operator.email, password: TEST_PASSWORD },
    });
    expect(right.statusCode).toBe(429);
  });

  it('checks at most ten passwords for 30 parallel guesses, across two nodes sharing the database (finding 8, N4)', async () => {
    const other = await t.newAccount(['operator']);
    const second = await buildApp({ services: createServices({ database: t.database, keyring: t.keyring }), logger: t.app.log });
    try {
      const guess = (app: typeof t.app) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: other.users.operator.email, password: 'wrong-password' },
        });
      const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => guess(i % 2 ? second : t.app)));
      const checked = responses.filter((r) => r.statusCode === 401).length;
      expect(checked).toBe(10);
      expect(responses.filter((r) => r.statusCode === 429)).toHaveLength(20);
    } finally {
      await second.close();
    }
  });

  it('ends every other session of the user when the password changes (finding 7, N4)', async () => {
    const other = await t.newAccount(['operator']);
    const email = other.users.operator.email;
    const here = await t.login(email);
    const elsewhere = await t.login(email);
    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: here,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'a-new-long-password' },
    });
    expect(changed.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: here })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: elsewhere })).statusCode).toBe(401);
  });

  it('does not tell unknown e-mails from wrong passwords', async () => {
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'nobody@nowhere.test', password: 'x' },
    });
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: acct.users.admin.email, password: 'x' },
    });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().detail).toBe(wrong.json().detail);
  });

  it('lets a user change their own password', async () => {
    const headers = await t.login(acct.users.reporter.email);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers,
      payload: { currentPassword: 'not-it', newPassword: 'a-brand-new-password' },
    });
    expect(bad.statusCode).toBe(400);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'a-brand-new-password' },
    });
    expect(ok.statusCode).toBe(204);
    await expect(t.login(acct.users.reporter.email, 'a-brand-new-password')).resolves.toBeDefined();
  });
});
