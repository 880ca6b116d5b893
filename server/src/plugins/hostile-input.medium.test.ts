// Issue 13 finding 10 (N4): every write route's schema, driven with hostile strings and numbers
// generated from its own OpenAPI description: never a 500, and a refused request writes nothing.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app';

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\uFEFF',
  '0000-01-01T00:00:00Z',
  '0000-01-01T00:00:00.000+00:00',
  '294277-01-01T00:00:00Z',
  '-'.repeat(36),
  '00000000-0000-0000-0000-000000000000',
  "'; drop table users; --",
  '<script>alert(1)</script>',
  '%00',
  '../../etc/passwd',
  'x'.repeat(70_000),
  '𝕏'.repeat(300),
  'http://127.0.0.1:5432/#',
];
const HOSTILE_NUMBERS = [0, -1, 1, 1.5, -0.5, 2 ** 31, -(2 ** 31), 2 ** 53, Number.MAX_SAFE_INTEGER, 1e308, -1e308];

const hostileString = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ unit: 'binary', maxLength: 40 }));
const hostileNumber = fc.oneof(fc.constantFrom(...HOSTILE_NUMBERS), fc.double({ noNaN: true, noDefaultInfinity: true }));

/** Values shaped like the schema, with hostile leaves — and sometimes the wrong type altogether. */
const valueFor = (schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> => {
  if (!schema || depth > 5) {
    return fc.oneof(hostileString, hostileNumber, fc.constant(null));
  }
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) {
    return fc.oneof(...variants.map((v) => valueFor(v, depth + 1)));
  }
  if (schema.allOf?.length) {
    return valueFor(schema.allOf[0], depth + 1);
  }
  if (schema.enum) {
    return fc.oneof(fc.constantFrom(...schema.enum), hostileString);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object':
      return fc.record(Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, valueFor(v, depth + 1)])), {
        requiredKeys: [],
      });
    case 'array':
      return fc.array(valueFor(schema.items, depth + 1), { maxLength: 3 });
    case 'string':
      return hostileString;
    case 'number':
    case 'integer':
      return hostileNumber;
    case 'boolean':
      return fc.oneof(fc.boolean(), hostileString);
    default:
      return fc.oneof(hostileString, hostileNumber);
  }
};

// Routes that end the caller's own session or need a non-JSON body are driven elsewhere.
const SKIPPED = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/auth/password', 'POST /api/v1/auth/login', 'POST /api/v1/mails']);
const TABLES = [
  'customers',
  'backup_jobs',
  'backup_runs',
  'run_overrides',
  'ticket_links',
  'ai_sessions',
  'session_facts',
  'users',
  'api_keys',
  'tags',
];

describe('hostile input on every write route', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    const { users } = await t.newAccount();
    admin = await t.login(users.admin.email);
  });
  afterAll(() => t.close());

  const rowCount = async () => {
    const counts = await Promise.all(
      TABLES.map(async (table) =>
        Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.database.db)).rows[0]?.n),
      ),
    );
    return counts.reduce((a, b) => a + b, 0);
  };

  it('answers every hostile request below 500 and writes nothing when it refuses', async () => {
    const spec = t.app.swagger() as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> }; parameters?: { in: string; name: string }[] }>
      >;
    };
    const routes = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => ['post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
    );
    expect(routes.length).toBeGreaterThan(40);
    const failures: string[] = [];
    for (const route of routes) {
      if (SKIPPED.has(`${route.method} ${route.path}`)) {
        continue;
      }
      const body = route.op.requestBody?.content?.['application/json']?.schema;
      const pathParam = fc.oneof(fc.uuid(), fc.constantFrom('-'.repeat(36), '0', '%00', 'x'.repeat(300)));
      await fc.assert(
        fc.asyncProperty(pathParam, valueFor(body), async (param, payload) => {
          const url = route.path.replace(/\{[^}]+\}/g, encodeURIComponent(param));
          const before = await rowCount();
          const response = await t.app.inject({
            method: route.method as 'POST',
            url,
            headers: admin,
            ...(body ? { payload: JSON.stringify(payload ?? {}), headers: { ...admin, 'content-type': 'application/json' } } : {}),
          });
          if (response.statusCode >= 500) {
            failures.push(`${route.method} ${route.path} → ${response.statusCode}: ${JSON.stringify(payload)?.slice(0, 300)}`);
          }
          if (response.statusCode >= 400 && response.statusCode < 500 && (await rowCount()) !== before) {
            failures.push(`${route.method} ${route.path} → ${response.statusCode} but wrote rows`);
          }
          return true;
        }),
        { numRuns: 12, seed: 20261201 },
      );
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('refuses a NUL byte with a 400 that names the field, and a year-0 date (finding 10)', async () => {
    const nul = await t.app.inject({ method: 'POST', url: '/api/v1/customers', headers: admin, payload: { name: 'Contoso\u0000' } });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().errors).toEqual([expect.objectContaining({ path: 'body.name' })]);
    const cursor = await t.app.inject({
      method: 'GET',
      url: `/api/v1/run-checks?cursor=${Buffer.from(`2026-01-01T00:00:00Z|${'-'.repeat(36)}`).toString('base64url')}`,
      headers: admin,
    });
    expect(cursor.statusCode).toBe(400);
  });

  it('rejects a bad ingest item alone and takes in the rest of its batch (finding 10)', async () => {
    const key = (await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin, payload: { name: 'ingest' } })).json().key;
    const run = (sourceKey: string, extra: Record<string, unknown> = {}) => ({
      sourceKey,
      job: { name: 'Nightly', software: 'Veeam Backup & Replication' },
      status: 'error',
      startedAt: '2026-11-30T22:00:00Z',
      ...extra,
    });
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/runs',
      headers: { authorization: `Bearer ${key}` },
      payload: { source: 'rmm', runs: [run('a', { remark: 'bad\u0000' }), run('b'), run('c', { startedAt: '0000-01-01T00:00:00Z' })] },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().items.map((i: { result: string }) => i.result)).toEqual(['rejected', 'accepted', 'rejected']);
    expect(response.json().items[0].reason).toContain('NUL');
  });
});
