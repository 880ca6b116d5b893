// B2.3 (a): the ingestion API on a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const newTenant = async () => {
  const { account, users } = await t.newAccount(['admin', 'operator']);
  const admin = await t.login(users.admin.email);
  const key = (await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin, payload: { name: 'ingest' } })).json()
    .key as string;
  return { account, admin, operator: await t.login(users.operator.email), bearer: { authorization: `Bearer ${key}` } };
};

const run = (sourceKey: string, overrides: Record<string, unknown> = {}) => ({
  sourceKey,
  job: { name: 'Daily Servers', software: 'Veeam Backup & Replication', type: 'Backup' },
  status: 'warning',
  startedAt: '2026-11-20T02:00:00Z',
  endedAt: '2026-11-20T03:40:00+01:00',
  remark: '1 of 2 VMs with warnings',
  objects: [
    { name: 'HV01', type: 'VM', status: 'success' },
    { name: 'HV02', type: 'VM', status: 'warning', messages: ['Changed block tracking was reset'] },
  ],
  ...overrides,
});

const ingest = (headers: Record<string, string>, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/v1/ingest/runs', headers, payload });

describe('POST /api/v1/ingest/runs', () => {
  it('takes the largest batch a real job sends — 1,000 runs of 25 objects — and names the limit past 32 MiB (issue 14)', async () => {
    const { bearer } = await newTenant();
    const runs = Array.from({ length: 1000 }, (_, i) =>
      run(`big-${i}`, {
        job: { name: `Cluster ${i % 20}`, software: 'Veeam Backup & Replication', type: 'Backup' },
        objects: Array.from({ length: 25 }, (_, v) => ({
          name: `VM-${String(v).padStart(3, '0')}.corp.example`,
          type: 'VM',
          status: 'success',
        })),
      }),
    );
    const big = await ingest(bearer, { source: 'veeam-export', runs });
    expect(big.statusCode).toBe(200);
    expect(big.json()).toMatchObject({ accepted: 1000, rejected: 0 });

    const oversized = await t.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/runs',
      headers: { ...bearer, 'content-type': 'application/json' },
      payload: `{"runs":[${' '.repeat(33 * 1024 * 1024)}]}`,
    });
    expect(oversized.statusCode).toBe(413);
    expect(oversized.json()).toMatchObject({ code: 'payload_too_large' });
    expect(oversized.json().detail).toContain('32 MiB');
    expect(oversized.json().detail).toContain('at most 1,000 runs');
  });

  it('accepts valid items, rejects invalid ones with the reason, and is idempotent', async () => {
    const { bearer } = await newTenant();
    const batch = {
      source: 'rmm-export',
      runs: [
        run('a-1'),
        run('a-2', { status: 'error' }),
        run('a-3', { job: { name: 'NAS to cloud', software: 'Synology Hyper Backup' }, objects: [] }),
        run('bad-1', { status: 'exploded' }),
        run('bad-2', { startedAt: undefined, endedAt: undefined }),
        run('bad-3', { endedAt: '2026-11-20T01:00:00Z' }),
        { nonsense: true },
        run('a-1'),
      ],
    };
    const first = (await ingest(bearer, batch)).json();
    expect(first).toMatchObject({ accepted: 3, duplicate: 1, rejected: 4 });
    expect(first.items.map((i: { result: string }) => i.result)).toEqual([
      'accepted',
      'accepted',
      'accepted',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'duplicate',
    ]);
    expect(first.items[3].reason).toMatch(/^status: /);
    expect(first.items[4].reason).toContain('startedAt');
    expect(first.items[5].reason).toBe('endedAt: endedAt is before startedAt');
    expect(first.items[0]).toMatchObject({ routedTo: 'inbox', sourceKey: 'a-1' });

    const again = (await ingest(bearer, batch)).json();
    expect(again).toMatchObject({ accepted: 0, duplicate: 4, rejected: 4 });

    const jobs = await t.database.db.selectFrom('backup_jobs').select(['name', 'state']).orderBy('name').execute();
    expect(jobs.filter((j) => j.name === 'Daily Servers' || j.name === 'NAS to cloud').map((j) => j.state)).toEqual(['pending', 'pending']);
  });

  it('stores each run with all of its objects and routes runs of an approved job to it', async () => {
    const { account, bearer } = await newTenant();
    const customer = await t.database.db
      .insertInto('customers')
      .values({ account_id: account.id, name: 'Northwind' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await ingest(bearer, { runs: [run('first')] });
    await t.database.db
      .updateTable('backup_jobs')
      .set({ state: 'active', customer_id: customer.id })
      .where('account_id', '=', account.id)
      .execute();
    const item = await t.database.db
      .insertInto('infrastructure_items')
      .values({ account_id: account.id, customer_id: customer.id, name: 'hv02', kind: 'server' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const result = (await ingest(bearer, { runs: [run('second', { endedAt: '2026-11-21T03:00:00Z' })] })).json();
    expect(result.items[0]).toMatchObject({ result: 'accepted', routedTo: 'job' });
    const objects = await t.database.db
      .selectFrom('backup_run_objects')
      .select(['name', 'status', 'messages', 'infrastructure_item_id'])
      .where('run_id', '=', result.items[0].runId)
      .orderBy('position')
      .execute();
    expect(objects).toEqual([
      { name: 'HV01', status: 'success', messages: [], infrastructure_item_id: null },
      { name: 'HV02', status: 'warning', messages: ['Changed block tracking was reset'], infrastructure_item_id: item.id },
    ]);
    const job = await t.database.db
      .selectFrom('backup_jobs')
      .select('last_run_at')
      .where('account_id', '=', account.id)
      .executeTakeFirstOrThrow();
    expect(job.last_run_at?.toISOString()).toBe('2026-11-21T03:00:00.000Z');
  });

  it('keeps sources and accounts apart: the same key elsewhere is a new run', async () => {
    const one = await newTenant();
    const two = await newTenant();
    expect((await ingest(one.bearer, { source: 'a', runs: [run('k')] })).json().accepted).toBe(1);
    expect((await ingest(one.bearer, { source: 'b', runs: [run('k')] })).json().accepted).toBe(1);
    expect((await ingest(two.bearer, { source: 'a', runs: [run('k')] })).json().accepted).toBe(1);
  });

  it('takes only account API keys, and bounded batches', async () => {
    const { operator, bearer } = await newTenant();
    expect((await ingest(operator, { runs: [run('x')] })).statusCode).toBe(403);
    expect((await ingest({}, { runs: [run('x')] })).statusCode).toBe(401);
    expect((await ingest(bearer, { runs: [] })).statusCode).toBe(400);
    const tooMany = await ingest(bearer, { runs: Array.from({ length: 1001 }, (_, i) => run(`k${i}`)) });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors[0].message).toContain('At most 1000');
  });
});
