import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app';
import { secretOfApiKey } from './api-keys.service';

describe('per-account API keys', () => {
  let t: TestApp;
  let acct: Awaited<ReturnType<TestApp['newAccount']>>;
  let admin: Awaited<ReturnType<TestApp['login']>>;
  beforeAll(async () => {
    t = await createTestApp();
    acct = await t.newAccount();
    admin = await t.login(acct.users.admin.email);
  });
  afterAll(() => t.close());

  it('shows the key once, stores only its hash, authenticates machine calls, and stops after revocation', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin, payload: { name: 'Backup ingest' } });
    expect(created.statusCode).toBe(201);
    const { id, key, prefix } = created.json();
    expect(key).toMatch(/^fdk_[0-9a-f]{12}_[\w-]{43}$/);
    expect(key.startsWith(prefix)).toBe(true);

    const stored = await sql<{ row: string }>`select row_to_json(k)::text as row from api_keys k where id = ${id}`.execute(t.database.db);
    expect(stored.rows[0]?.row).not.toContain(secretOfApiKey(key));
    const listed = await t.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: admin });
    expect(listed.body).not.toContain(key);

    const bearer = { authorization: `Bearer ${key}` };
    // Authenticated (not 401) but a machine is not an admin (403).
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: { authorization: `Bearer ${key}x` } })).statusCode).toBe(
      401,
    );

    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: admin })).json().revokedAt).not.toBeNull();
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: admin })).statusCode).toBe(404);
  });

  it('keeps an ingest key to ingestion: every other route answers 403; a read key reads but never writes (finding 6, N4)', async () => {
    const make = async (scopes?: string[]) =>
      (
        await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin, payload: { name: 'k', ...(scopes && { scopes }) } })
      ).json();
    const ingest = await make();
    expect(ingest.scopes).toEqual(['ingest']);
    const reader = await make(['read']);
    const bearer = (k: { key: string }) => ({ authorization: `Bearer ${k.key}` });
    const spec = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const concrete = (p: string) => p.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
    const routes = Object.entries(spec.paths).flatMap(([p, methods]) =>
      Object.keys(methods).map((m) => ({ method: m.toUpperCase(), url: concrete(p) })),
    );
    expect(routes.filter((r) => r.method === 'GET').length).toBeGreaterThan(17);
    for (const route of routes.filter((r) => r.url !== '/api/v1/ingest/runs')) {
      const answer = await t.app.inject({
        method: route.method as 'GET',
        url: route.url,
        headers: bearer(ingest),
        payload: route.method === 'GET' ? undefined : {},
      });
      expect([route.method, route.url, answer.statusCode]).toEqual([route.method, route.url, 403]);
    }
    const ingested = await t.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/runs',
      headers: bearer(ingest),
      payload: { source: 's', runs: [] },
    });
    expect(ingested.statusCode).not.toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/customers', headers: bearer(reader) })).statusCode).toBe(200);
    const open = await t.app.inject({ method: 'POST', url: `/api/v1/runs/${concrete('{id}')}/ticket/open`, headers: bearer(reader) });
    expect(open.statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/ingest/runs', headers: bearer(reader), payload: { source: 's', runs: [] } }))
        .statusCode,
    ).toBe(403);
    const listed = (await t.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: admin })).json().apiKeys;
    expect(listed.find((k: { id: string }) => k.id === ingest.id)).toMatchObject({ scopes: ['ingest'], lastUsedAt: expect.any(String) });
  });

  it('lets only admins manage keys', async () => {
    const operator = await t.login(acct.users.operator.email);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: operator, payload: { name: 'x' } })).statusCode).toBe(
      403,
    );
  });
});
