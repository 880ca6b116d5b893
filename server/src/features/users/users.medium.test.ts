import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../test/test-app';

type Headers = Awaited<ReturnType<TestApp['login']>>;

describe('user management and roles (B9)', () => {
  let t: TestApp;
  let acct: Awaited<ReturnType<TestApp['newAccount']>>;
  let admin: Headers;
  const userCount = async () => Number((await sql<{ n: string }>`select count(*) as n from users`.execute(t.database.db)).rows[0]?.n);

  beforeAll(async () => {
    t = await createTestApp();
    acct = await t.newAccount();
    admin = await t.login(acct.users.admin.email);
  });
  afterAll(() => t.close());

  it('lets an admin create a user who can then sign in', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin,
      payload: { email: 'New.Tech@Example.test', displayName: 'New Tech', role: 'operator', password: 'twelve-chars-min' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ email: 'new.tech@example.test', role: 'operator', active: true });
    expect(created.body).not.toContain('twelve-chars-min');
    await expect(t.login('new.tech@example.test', 'twelve-chars-min')).resolves.toBeDefined();
  });

  it('answers 403 to operators and reporters on admin routes', async () => {
    for (const role of ['operator', 'reporter'] as const) {
      const headers = await t.login(acct.users[role].email);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/users', headers })).statusCode).toBe(403);
      const create = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers,
        payload: { email: `${role}-made@example.test`, displayName: 'X', role: 'admin', password: 'twelve-chars-min' },
      });
      expect(create.statusCode).toBe(403);
      expect(create.json()).toMatchObject({ code: 'forbidden' });
    }
  });

  it("answers 404 for another account's user, so existence is not revealed", async () => {
    const other = await t.newAccount(['admin', 'reporter']);
    const url = `/api/v1/users/${other.users.reporter.id}`;
    expect((await t.app.inject({ method: 'GET', url, headers: admin })).statusCode).toBe(404);
    const patch = await t.app.inject({ method: 'PATCH', url, headers: admin, payload: { role: 'admin' } });
    expect(patch.statusCode).toBe(404);
    const reset = await t.app.inject({ method: 'POST', url: `${url}/reset-password`, headers: admin });
    expect(reset.statusCode).toBe(404);
    await expect(t.login(other.users.reporter.email)).resolves.toBeDefined();
  });

  describe('bad input: 400 problem+json naming the field, nothing written', () => {
    it.each([
      ['malformed JSON', '{"email": "a@b.test",', /not valid JSON/, undefined],
      [
        'a wrong type',
        { email: 'a@b.test', displayName: 'A', role: 'operator', password: 12345678901234 },
        /body\.password/,
        'body.password',
      ],
      [
        'an unknown field',
        { email: 'a@b.test', displayName: 'A', role: 'operator', password: 'twelve-chars-min', isRoot: true },
        /body\.isRoot/,
        'body.isRoot',
      ],
      ['an unknown role', { email: 'a@b.test', displayName: 'A', role: 'owner', password: 'twelve-chars-min' }, /body\.role/, 'body.role'],
      ['a short password', { email: 'a@b.test', displayName: 'A', role: 'operator', password: 'short' }, /body\.password/, 'body.password'],
    ])('%s', async (_name, payload, detail, field) => {
      const before = await userCount();
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: { ...admin, 'content-type': 'application/json' },
        payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.json()).toMatchObject({ code: 'invalid_input', status: 400 });
      expect(response.json().detail).toMatch(detail);
      if (field) {
        expect(response.json().errors.map((e: { path: string }) => e.path)).toContain(field);
      }
      expect(await userCount()).toBe(before);
    });

    it('rejects a malformed id in the path', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/v1/users/not-a-uuid', headers: admin });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].path).toBe('params.userId');
    });
  });

  it("changes a role and ends that user's sessions", async () => {
    const operator = await t.login(acct.users.operator.email);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${acct.users.operator.id}`,
      headers: admin,
      payload: { role: 'reporter' },
    });
    expect(patched.json()).toMatchObject({ role: 'reporter' });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: operator })).statusCode).toBe(401);
    const again = await t.login(acct.users.operator.email);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: again })).json().user.role).toBe('reporter');
  });

  it('deactivates a user: sessions end and sign-in is refused; reactivation restores it', async () => {
    const target = await t.newAccount(['admin', 'operator']);
    const adminHeaders = await t.login(target.users.admin.email);
    const operator = await t.login(target.users.operator.email);
    const url = `/api/v1/users/${target.users.operator.id}`;
    expect((await t.app.inject({ method: 'PATCH', url, headers: adminHeaders, payload: { active: false } })).json().active).toBe(false);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: operator })).statusCode).toBe(401);
    await expect(t.login(target.users.operator.email)).rejects.toThrow(/401/);
    await t.app.inject({ method: 'PATCH', url, headers: adminHeaders, payload: { active: true } });
    await expect(t.login(target.users.operator.email)).resolves.toBeDefined();
  });

  it('keeps at least one active admin and refuses self-deactivation', async () => {
    const solo = await t.newAccount(['admin']);
    const headers = await t.login(solo.users.admin.email);
    const url = `/api/v1/users/${solo.users.admin.id}`;
    const demote = await t.app.inject({ method: 'PATCH', url, headers, payload: { role: 'operator' } });
    expect(demote.statusCode).toBe(422);
    expect(demote.json()).toMatchObject({ code: 'invalid_state' });
    const deactivate = await t.app.inject({ method: 'PATCH', url, headers, payload: { active: false } });
    expect(deactivate.statusCode).toBe(422);
  });

  it('resets a password to a generated one shown once; the old one stops working', async () => {
    const target = await t.newAccount(['admin', 'reporter']);
    const headers = await t.login(target.users.admin.email);
    const reset = await t.app.inject({ method: 'POST', url: `/api/v1/users/${target.users.reporter.id}/reset-password`, headers });
    expect(reset.statusCode).toBe(200);
    const { temporaryPassword } = reset.json();
    await expect(t.login(target.users.reporter.email, TEST_PASSWORD)).rejects.toThrow(/401/);
    await expect(t.login(target.users.reporter.email, temporaryPassword)).resolves.toBeDefined();
  });

  it('answers the same whether or not another account has the e-mail, and refuses a duplicate within the account (N3)', async () => {
    const other = await t.newAccount(['reporter']);
    const create = (email: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: admin,
        payload: { email, displayName: 'Dup', role: 'reporter', password: 'twelve-chars-min' },
      });
    const taken = await create(other.users.reporter.email);
    const fresh = await create(`fresh-${Date.now()}@example.test`);
    expect(taken.statusCode).toBe(201);
    expect(fresh.statusCode).toBe(201);
    expect(Object.keys(taken.json()).sort()).toEqual(Object.keys(fresh.json()).sort());
    expect(taken.body).not.toContain(other.account.id);
    // Each account's user signs in with their own password.
    await t.login(other.users.reporter.email);
    await t.login(other.users.reporter.email, 'twelve-chars-min');
    const again = await create(other.users.reporter.email);
    expect(again.statusCode).toBe(409);
    expect(again.body).not.toContain(other.account.id);
  });
});
