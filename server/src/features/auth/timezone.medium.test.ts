// Issue 19: one date format with the timezone shown — the user's own, else the account's. The
// session says both; only admins change the account's; names the runtime does not know are refused.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

it('keeps the account timezone and each user’s own, and refuses what is not a timezone', async () => {
  const { users } = await t.newAccount(['admin', 'operator']);
  const admin = await t.login(users.admin.email);
  const operator = await t.login(users.operator.email);
  const put = (url: string, headers: Record<string, string>, timezone: string | null) =>
    t.app.inject({ method: 'PUT', url, headers, payload: { timezone } });
  const session = async (headers: Record<string, string>) =>
    (await t.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers })).json().session;

  expect((await session(operator)).account.timezone).toBe('UTC');
  expect((await session(operator)).user.timezone).toBeNull();

  expect((await put('/api/v1/account/timezone', operator, 'Europe/Amsterdam')).statusCode).toBe(403);
  expect((await put('/api/v1/account/timezone', admin, 'Europe/Amsterdam')).statusCode).toBe(204);
  expect((await put('/api/v1/auth/timezone', operator, 'America/Chicago')).statusCode).toBe(204);
  const bad = await put('/api/v1/auth/timezone', operator, 'Mars/Olympus_Mons');
  expect(bad.statusCode).toBe(400);
  expect(bad.body).toContain('IANA');

  const after = await session(operator);
  expect(after.account.timezone).toBe('Europe/Amsterdam');
  expect(after.user.timezone).toBe('America/Chicago');
  expect((await session(admin)).user.timezone).toBeNull();

  expect((await put('/api/v1/auth/timezone', operator, null)).statusCode).toBe(204);
  expect((await session(operator)).user.timezone).toBeNull();
});
