// B2 / B3.3 on a real database: runs of unknown jobs wait in the Inbox until an operator
// approves the job for a customer; the Job Details data of a run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const tenant = async () => {
  const { account, users } = await t.newAccount();
  const admin = await t.login(users.admin.email);
  const key = (await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin, payload: { name: 'ingest' } })).json()
    .key as string;
  return {
    account,
    operator: await t.login(users.operator.email),
    reporter: await t.login(users.reporter.email),
    bearer: { authorization: `Bearer ${key}` },
  };
};

const run = (sourceKey: string, day: number, status = 'error') => ({
  sourceKey,
  job: { name: 'Daily Servers', software: 'Veeam Backup & Replication', type: 'Backup' },
  status,
  endedAt: `2026-11-${String(day).padStart(2, '0')}T02:30:00Z`,
  remark: status === 'error' ? 'Failed to create snapshot' : '',
  objects: [{ name: 'HV01', type: 'VM', status: status === 'missed' ? 'error' : status, messages: ['Snapshot of HV01 failed'] }],
});

const call = async (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: Record<string, unknown>) => {
  const response = await t.app.inject({ method, url, headers, ...(payload && { payload }) });
  return { status: response.statusCode, body: response.json() };
};

describe('the Inbox', () => {
  it('holds an unknown job with its runs until an operator approves it for a new customer', async () => {
    const { operator, reporter, bearer } = await tenant();
    await call('POST', '/api/v1/ingest/runs', bearer, { source: 'rmm', runs: [run('r1', 18), run('r2', 19, 'warning')] });
    const inbox = (await call('GET', '/api/v1/inbox', reporter)).body;
    expect(inbox.entries).toEqual([
      expect.objectContaining({
        name: 'Daily Servers',
        software: 'Veeam Backup & Replication',
        reporter: 'api:rmm',
        waitingRuns: 2,
        lastStatus: 'warning',
        firstRunAt: '2026-11-18T02:30:00.000Z',
      }),
    ]);
    const jobId = inbox.entries[0].jobId;
    expect((await call('POST', `/api/v1/inbox/${jobId}/approve`, reporter, { newCustomerName: 'Northwind' })).status).toBe(403);
    const approved = await call('POST', `/api/v1/inbox/${jobId}/approve`, operator, { newCustomerName: 'Northwind' });
    expect(approved.body).toMatchObject({ state: 'active', customerName: 'Northwind', lastStatus: 'warning' });
    expect((await call('GET', '/api/v1/inbox', operator)).body.entries).toEqual([]);
    expect((await call('POST', `/api/v1/inbox/${jobId}/approve`, operator, { newCustomerName: 'Other' })).status).toBe(422);

    const later = (await call('POST', '/api/v1/ingest/runs', bearer, { source: 'rmm', runs: [run('r3', 20)] })).body;
    expect(later.items[0].routedTo).toBe('job');
    const jobs = (await call('GET', `/api/v1/customers/${approved.body.customerId}/jobs`, reporter)).body.jobs;
    expect(jobs.map((j: { name: string; lastStatus: string }) => [j.name, j.lastStatus])).toEqual([['Daily Servers', 'error']]);
  });

  it('rejects a job and keeps its runs', async () => {
    const { operator, bearer } = await tenant();
    await call('POST', '/api/v1/ingest/runs', bearer, { runs: [run('x1', 18)] });
    const [entry] = (await call('GET', '/api/v1/inbox', operator)).body.entries;
    expect((await call('POST', `/api/v1/inbox/${entry.jobId}/reject`, operator)).body.state).toBe('rejected');
    expect((await call('GET', '/api/v1/inbox', operator)).body.entries).toEqual([]);
    const runs = await t.database.db.selectFrom('backup_runs').select('id').where('job_id', '=', entry.jobId).execute();
    expect(runs).toHaveLength(1);
  });
});

describe('run details (the Job Details page)', () => {
  it('shows the run, its objects linked to infrastructure, and the recent runs of the job', async () => {
    const { account, operator, reporter, bearer } = await tenant();
    const customer = (await call('POST', '/api/v1/customers', operator, { name: 'Contoso' })).body;
    await t.database.db
      .insertInto('infrastructure_items')
      .values({ account_id: account.id, customer_id: customer.id, name: 'hv01', kind: 'server' })
      .execute();
    const ingested = (await call('POST', '/api/v1/ingest/runs', bearer, { runs: [run('d1', 18, 'success'), run('d2', 19)] })).body;
    const [entry] = (await call('GET', '/api/v1/inbox', operator)).body.entries;
    await call('POST', `/api/v1/inbox/${entry.jobId}/approve`, operator, { customerId: customer.id });
    const details = await call('GET', `/api/v1/jobs/${entry.jobId}/runs/${ingested.items[1].runId}`, reporter);
    expect(details.body).toMatchObject({
      job: { name: 'Daily Servers', customerName: 'Contoso' },
      run: { status: 'error', remark: 'Failed to create snapshot', runAt: '2026-11-19T02:30:00.000Z', sourceKey: 'd2' },
      objects: [{ name: 'HV01', status: 'error', messages: ['Snapshot of HV01 failed'], infrastructureItemId: expect.any(String) }],
    });
    expect(details.body.recentRuns.map((r: { status: string }) => r.status)).toEqual(['error', 'success']);
    const other = await tenant();
    expect((await call('GET', `/api/v1/jobs/${entry.jobId}/runs/${ingested.items[1].runId}`, other.operator)).status).toBe(404);
    expect((await call('GET', `/api/v1/jobs/${entry.jobId}/runs/00000000-0000-4000-8000-000000000000`, reporter)).status).toBe(404);
  });
});
