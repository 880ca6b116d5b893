// Issue 19 (B2.3): routing machine runs. A sender names the host and its own customer reference;
// the host keeps same-named jobs apart, and once an admin maps a reference, that source's jobs
// with it route to the customer without the Inbox — the ones already waiting included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

type Json = ReturnType<typeof JSON.parse>;

const newTenant = async () => {
  const { users } = await t.newAccount(['admin', 'operator']);
  const admin = await t.login(users.admin.email);
  const operator = await t.login(users.operator.email);
  const key = (await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin, payload: { name: 'rmm' } })).json()
    .key as string;
  const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) => {
    const response = await t.app.inject({ method, url, headers, ...(payload !== undefined && { payload: payload as Json }) });
    return { status: response.statusCode, body: response.body ? (response.json() as Json) : null };
  };
  const machine = { authorization: `Bearer ${key}` };
  const ingest = async (source: string, runs: Json[]) =>
    (await call('POST', '/api/v1/ingest/runs', machine, { source, runs })).body as Json;
  return { admin, operator, call, ingest };
};

let keyCount = 0;
const run = (job: Json, extra: Json = {}) => ({
  sourceKey: `k-${++keyCount}`,
  job: { software: 'Veeam Agent for Microsoft Windows', type: 'Backup', ...job },
  status: 'error',
  startedAt: '2026-12-01T22:00:00Z',
  endedAt: '2026-12-01T22:20:00Z',
  ...extra,
});

describe('routing machine runs', () => {
  it('keeps same-named jobs on two hosts apart, and one job without a host as before', async () => {
    const { admin, ingest, call } = await newTenant();
    await ingest('rmm', [
      run({ name: 'System image', host: 'FS01' }),
      run({ name: 'System image', host: 'fs01 ' }),
      run({ name: 'System image', host: 'SQL01' }),
      run({ name: 'System image' }),
      run({ name: 'System image' }),
    ]);
    const entries = (await call('GET', '/api/v1/inbox', admin)).body?.entries as Json[];
    expect(entries.map((e) => [e.host, e.waitingRuns]).sort()).toEqual([
      ['', 2],
      ['FS01', 2],
      ['SQL01', 1],
    ]);
  });

  it('lists unmapped references; mapping one approves the jobs waiting with it and routes new ones', async () => {
    const { admin, ingest, call } = await newTenant();
    const customer = (await call('POST', '/api/v1/customers', admin, { name: 'Adventure Works' })).body as Json;
    await ingest('rmm', [
      run({ name: 'System image', host: 'FS01' }, { customerRef: 'AW-001' }),
      run({ name: 'System image', host: 'SQL01' }, { customerRef: 'aw-001' }),
      run({ name: 'Files', host: 'FS01' }, { customerRef: 'OTHER-9' }),
    ]);
    // Another sender using the same reference is another reference.
    await ingest('psa-export', [run({ name: 'Files', host: 'NAS' }, { customerRef: 'AW-001' })]);

    const before = (await call('GET', '/api/v1/source-customer-refs', admin)).body as Json;
    expect(before.mappings).toEqual([]);
    expect(before.unmapped.map((u: Json) => [u.source, u.customerRef.toUpperCase(), u.waitingJobs, u.waitingRuns]).sort()).toEqual([
      ['psa-export', 'AW-001', 1, 1],
      ['rmm', 'AW-001', 2, 2],
      ['rmm', 'OTHER-9', 1, 1],
    ]);

    const created = await call('POST', '/api/v1/source-customer-refs', admin, {
      source: 'rmm',
      customerRef: ' Aw-001 ',
      customerId: customer.id,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      approvedJobs: 2,
      mapping: { source: 'rmm', customerRef: 'Aw-001', customerName: 'Adventure Works' },
    });

    const jobs = (await call('GET', `/api/v1/customers/${customer.id}/jobs`, admin)).body?.jobs as Json[];
    expect(jobs.map((j) => [j.name, j.host, j.state, j.customerRef]).sort()).toEqual([
      ['System image', 'FS01', 'active', 'AW-001'],
      ['System image', 'SQL01', 'active', 'aw-001'],
    ]);

    // A job never seen before, with the mapped reference: straight to the customer.
    const routed = await ingest('rmm', [run({ name: 'Exchange', host: 'EX01' }, { customerRef: 'AW-001' })]);
    expect(routed.items[0]).toMatchObject({ result: 'accepted', routedTo: 'job' });
    const unmappedStill = await ingest('psa-export', [run({ name: 'Exchange', host: 'EX01' }, { customerRef: 'AW-001' })]);
    expect(unmappedStill.items[0]).toMatchObject({ result: 'accepted', routedTo: 'inbox' });

    const after = (await call('GET', '/api/v1/source-customer-refs', admin)).body as Json;
    expect(after.mappings).toHaveLength(1);
    expect(after.unmapped.map((u: Json) => `${u.source}/${u.customerRef}`).sort()).toEqual(['psa-export/AW-001', 'rmm/OTHER-9']);
  });

  it('refuses a second mapping of the same reference, lets only admins map, and stops routing when a mapping goes', async () => {
    const { admin, operator, ingest, call } = await newTenant();
    const customer = (await call('POST', '/api/v1/customers', admin, { name: 'Litware' })).body as Json;
    const body = { source: 'rmm', customerRef: 'LW', customerId: customer.id };
    expect((await call('POST', '/api/v1/source-customer-refs', operator, body)).status).toBe(403);
    const mapping = (await call('POST', '/api/v1/source-customer-refs', admin, body)).body?.mapping as Json;
    const again = await call('POST', '/api/v1/source-customer-refs', admin, { ...body, customerRef: 'lw' });
    expect(again.status).toBe(409);

    expect((await ingest('rmm', [run({ name: 'Daily', host: 'A' }, { customerRef: 'LW' })])).items[0].routedTo).toBe('job');
    expect((await call('DELETE', `/api/v1/source-customer-refs/${mapping.id}`, operator)).status).toBe(403);
    expect((await call('DELETE', `/api/v1/source-customer-refs/${mapping.id}`, admin)).status).toBe(204);
    expect((await call('DELETE', `/api/v1/source-customer-refs/${mapping.id}`, admin)).status).toBe(404);
    // The job it approved stays; a new job with the reference waits for a decision again.
    expect((await ingest('rmm', [run({ name: 'Daily', host: 'A' }, { customerRef: 'LW' })])).items[0].routedTo).toBe('job');
    expect((await ingest('rmm', [run({ name: 'Daily', host: 'B' }, { customerRef: 'LW' })])).items[0].routedTo).toBe('inbox');
  });

  it('keeps what a run measured and shows it on Job Details with the duration', async () => {
    const { admin, ingest, call } = await newTenant();
    const customer = (await call('POST', '/api/v1/customers', admin, { name: 'Proseware' })).body as Json;
    await call('POST', '/api/v1/source-customer-refs', admin, { source: 'rmm', customerRef: 'PW', customerId: customer.id });
    const written = await ingest('rmm', [
      run({ name: 'Nightly', host: 'HV1' }, { customerRef: 'PW', sizeBytes: 1_319_413_953_331, transferredBytes: 104_260_331_110 }),
    ]);
    const { runId } = written.items[0];
    const jobId = ((await call('GET', `/api/v1/customers/${customer.id}/jobs`, admin)).body as Json).jobs[0].id;
    const details = (await call('GET', `/api/v1/jobs/${jobId}/runs/${runId}`, admin)).body as Json;
    expect(details.run).toMatchObject({ sizeBytes: 1_319_413_953_331, transferredBytes: 104_260_331_110, durationSeconds: 1200 });
    const history = (await call('GET', `/api/v1/jobs/${jobId}/history`, admin)).body as Json;
    expect(history.runs[0]).toMatchObject({ sizeBytes: 1_319_413_953_331, transferredBytes: 104_260_331_110 });
    const refused = await ingest('rmm', [run({ name: 'Nightly', host: 'HV1' }, { sizeBytes: -1 })]);
    expect(refused.items[0]).toMatchObject({ result: 'rejected', reason: expect.stringContaining('sizeBytes') });
  });
});
