// B3 on a real database: the Run Checks board (filters, keyset pages, reviews) and overrides
// (applied when runs arrive, offered for waiting runs, created by operators, deleted by admins).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIngestKey, ingestForCustomer, type TestRun } from '../../../test/backup-fixtures';
import { createTestApp, type TestApp } from '../../../test/test-app';

let t: TestApp;
let admin: Record<string, string>;
let operator: Record<string, string>;
let reporter: Record<string, string>;
let bearer: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());
beforeEach(async () => {
  const { users } = await t.newAccount();
  admin = await t.login(users.admin.email);
  operator = await t.login(users.operator.email);
  reporter = await t.login(users.reporter.email);
  bearer = await createIngestKey(t, admin);
});

/** Parsed JSON from the API. */
type Json = ReturnType<typeof JSON.parse>;
const api = async (method: 'GET' | 'POST' | 'DELETE', url: string, headers = operator, payload?: Json) => {
  const response = await t.app.inject({ method, url, headers, ...(payload && { payload }) });
  const body: Json = response.body ? response.json() : undefined;
  return { status: response.statusCode, body };
};
const customer = async (name: string) => (await api('POST', '/api/v1/customers', operator, { name })).body.id as string;
const day = (d: number, hour = 2) => `2026-11-${String(d).padStart(2, '0')}T${String(hour).padStart(2, '0')}:30:00Z`;
const board = async (query = '', headers = operator) => {
  const response = await api('GET', `/api/v1/run-checks${query}`, headers);
  expect(response.status).toBe(200);
  return response.body;
};
const runIdsOf = (body: Json): string[] => body.runs.map((r: Json) => r.runId);

const vmWarning: TestRun['objects'] = [{ name: 'HV01', status: 'warning', messages: ['Changed block tracking is disabled.'] }];

describe('the Run Checks board', () => {
  it('lists runs needing review across customers newest first, without successes or Inbox runs (B3.1)', async () => {
    const northwind = await customer('Northwind');
    const contoso = await customer('Contoso');
    const a = await ingestForCustomer(t, { bearer, operator }, northwind, [
      { sourceKey: 'n1', status: 'error', endedAt: day(18), remark: 'Job failed' },
      { sourceKey: 'n2', status: 'success', endedAt: day(19) },
      { sourceKey: 'n3', status: 'warning', endedAt: day(20), objects: vmWarning },
    ]);
    const b = await ingestForCustomer(t, { bearer, operator }, contoso, [
      { sourceKey: 'c1', job: 'File Server', status: 'error', endedAt: day(19) },
    ]);
    // A job nobody approved yet stays in the Inbox.
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/runs',
      headers: bearer,
      payload: {
        source: 'other',
        runs: [{ sourceKey: 'x', job: { name: 'Unknown', software: 'NAKIVO' }, status: 'error', endedAt: day(21) }],
      },
    });
    const body = await board('', reporter);
    expect(runIdsOf(body)).toEqual([a.n3, b.c1, a.n1]);
    expect(body.runs[0]).toMatchObject({
      customerName: 'Northwind',
      jobName: 'Nightly Servers',
      status: 'warning',
      summary: 'Changed block tracking is disabled.',
      problemObjects: 1,
      ticket: null,
      reviewedAt: null,
    });
    expect(body.runs[2].summary).toBe('Job failed');
    expect(body.waitingByJob).toEqual({ [body.runs[0].jobId]: 2, [body.runs[1].jobId]: 1 });
    expect(body.nextCursor).toBeNull();
  });

  it('filters by customer, job, status and ticket state', async () => {
    const northwind = await customer('Northwind');
    const contoso = await customer('Contoso');
    const a = await ingestForCustomer(t, { bearer, operator }, northwind, [
      { sourceKey: 'n1', status: 'error', endedAt: day(18) },
      { sourceKey: 'n2', job: 'Exchange', status: 'warning', endedAt: day(19) },
    ]);
    const b = await ingestForCustomer(t, { bearer, operator }, contoso, [
      { sourceKey: 'c1', job: 'Contoso Nightly', status: 'error', endedAt: day(20) },
    ]);
    expect(runIdsOf(await board(`?customerId=${northwind}`))).toEqual([a.n2, a.n1]);
    const jobId = (await board(`?customerId=${contoso}`)).runs[0].jobId;
    expect(runIdsOf(await board(`?jobId=${jobId}`))).toEqual([b.c1]);
    expect(runIdsOf(await board('?status=error,missed'))).toEqual([b.c1, a.n1]);
    expect(runIdsOf(await board('?status=warning'))).toEqual([a.n2]);
    await t.services.database.db
      .insertInto('ticket_links')
      .values({
        account_id: (await t.database.db.selectFrom('backup_runs').select('account_id').where('id', '=', a.n1).executeTakeFirstOrThrow())
          .account_id,
        backup_run_id: a.n1,
        ticket_number: 'OLD-7',
        origin: 'manual',
      })
      .execute();
    expect(runIdsOf(await board('?ticket=active'))).toEqual([a.n1]);
    expect(runIdsOf(await board('?ticket=none'))).toEqual([b.c1, a.n2]);
    expect((await board('?ticket=active')).runs[0].ticket).toMatchObject({ ticketNumber: 'OLD-7', origin: 'manual', state: 'active' });
    expect((await api('GET', '/api/v1/run-checks?status=success')).status).toBe(400);
    expect((await api('GET', '/api/v1/run-checks?cursor=bogus')).status).toBe(400);
  });

  it('pages with a keyset cursor that holds while runs arrive', async () => {
    const northwind = await customer('Northwind');
    const runs = Array.from({ length: 7 }, (_, i) => ({ sourceKey: `r${i}`, status: 'error' as const, endedAt: day(10 + i) }));
    const ids = await ingestForCustomer(t, { bearer, operator }, northwind, runs);
    const first = await board('?limit=3');
    expect(runIdsOf(first)).toEqual([ids.r6, ids.r5, ids.r4]);
    // A newer run arriving does not shift the next page.
    await ingestForCustomer(t, { bearer, operator }, northwind, [{ sourceKey: 'late', status: 'error', endedAt: day(25) }]);
    const second = await board(`?limit=3&cursor=${first.nextCursor}`);
    expect(runIdsOf(second)).toEqual([ids.r3, ids.r2, ids.r1]);
    const third = await board(`?limit=3&cursor=${second.nextCursor}`);
    expect(runIdsOf(third)).toEqual([ids.r0]);
    expect(third.nextCursor).toBeNull();
  });

  it('marks a run or a whole job reviewed, who and when; "include reviewed" shows them (B3.2)', async () => {
    const northwind = await customer('Northwind');
    const ids = await ingestForCustomer(t, { bearer, operator }, northwind, [
      { sourceKey: 'a', status: 'error', endedAt: day(18) },
      { sourceKey: 'b', status: 'warning', endedAt: day(19) },
      { sourceKey: 'c', job: 'Exchange', status: 'error', endedAt: day(20) },
    ]);
    expect((await api('POST', `/api/v1/runs/${ids.a}/review`, reporter, {})).status).toBe(403);
    expect((await api('POST', `/api/v1/runs/${ids.a}/review`, operator, { note: 'Disk replaced' })).body).toEqual({
      reviewed: 1,
      runIds: [ids.a],
    });
    expect((await api('POST', `/api/v1/runs/${ids.a}/review`, operator, {})).body).toEqual({ reviewed: 0, runIds: [] });
    expect(runIdsOf(await board())).toEqual([ids.c, ids.b]);
    const jobId = (await board()).runs[1].jobId;
    expect((await api('POST', `/api/v1/jobs/${jobId}/review`, operator, {})).body).toEqual({ reviewed: 1, runIds: [ids.b] });
    expect(runIdsOf(await board())).toEqual([ids.c]);
    const all = await board('?includeReviewed=true');
    expect(runIdsOf(all)).toEqual([ids.c, ids.b, ids.a]);
    expect(all.runs[2]).toMatchObject({ reviewNote: 'Disk replaced', reviewedByName: expect.stringContaining('operator') });
    expect(all.runs[2].reviewedAt).not.toBeNull();

    // Issue 13 finding 15: a review can be undone; the runs wait on the board again.
    expect((await api('POST', '/api/v1/runs/unreview', reporter, { runIds: [ids.a] })).status).toBe(403);
    expect((await api('POST', '/api/v1/runs/unreview', operator, { runIds: [ids.a, ids.b] })).body).toMatchObject({ reviewed: 2 });
    expect(runIdsOf(await board())).toEqual([ids.c, ids.b, ids.a]);
    expect((await board()).runs[2]).toMatchObject({ reviewedAt: null, reviewNote: '' });
  });
});

describe('overrides', () => {
  const override = (body: Json, headers = operator) => api('POST', '/api/v1/overrides', headers, body);

  it('treat matching runs as success when they arrive; the reported status is kept (B3)', async () => {
    const northwind = await customer('Northwind');
    const first = await ingestForCustomer(t, { bearer, operator }, northwind, [
      { sourceKey: 'w1', status: 'warning', endedAt: day(18), objects: vmWarning },
    ]);
    const jobId = (await board()).runs[0].jobId;
    const created = await override({
      level: 'object',
      jobId,
      objectName: 'HV01',
      statuses: ['warning'],
      matchText: 'block tracking',
      matchMode: 'contains',
      reason: 'CBT is off on purpose on HV01',
      applyToWaiting: false,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      appliedToWaitingRuns: 0,
      override: { level: 'object', customerName: 'Northwind', jobName: 'Nightly Servers' },
    });
    expect(runIdsOf(await board())).toEqual([first.w1]);

    const later = await ingestForCustomer(t, { bearer, operator }, northwind, [
      { sourceKey: 'w2', status: 'warning', endedAt: day(19), objects: vmWarning },
      {
        sourceKey: 'e1',
        status: 'error',
        endedAt: day(20),
        objects: [...(vmWarning ?? []), { name: 'USB', status: 'error', messages: ['Target offline'] }],
      },
    ]);
    // The warning run is covered; the error run has a second, uncovered problem.
    expect(runIdsOf(await board())).toEqual([later.e1, first.w1]);
    const reviewed = (await board('?includeReviewed=true')).runs.find((r: Json) => r.runId === later.w2);
    expect(reviewed).toMatchObject({ status: 'warning', overrideId: created.body.override.id });
    expect(reviewed.reviewedAt).not.toBeNull();
  });

  it('apply to runs already waiting when asked, within their window; global ones cover every job', async () => {
    const northwind = await customer('Northwind');
    const ids = await ingestForCustomer(t, { bearer, operator }, northwind, [
      { sourceKey: 'm1', status: 'error', endedAt: day(10), remark: 'Repository unreachable' },
      { sourceKey: 'm2', job: 'Exchange', status: 'error', endedAt: day(12), remark: 'Repository unreachable' },
      { sourceKey: 'm3', status: 'error', endedAt: day(20), remark: 'Repository unreachable' },
      { sourceKey: 'm4', status: 'error', endedAt: day(11), remark: 'Disk full' },
    ]);
    const created = await override({
      level: 'global',
      statuses: ['error'],
      matchText: 'repository unreachable',
      matchMode: 'exact',
      validFrom: day(9, 0),
      validUntil: day(13, 0),
      reason: 'Datacenter move',
    });
    expect(created.body.appliedToWaitingRuns).toBe(2);
    expect(runIdsOf(await board())).toEqual([ids.m3, ids.m4]);
  });

  it('are validated, created by operators, listed for everyone, deleted only by admins', async () => {
    const northwind = await customer('Northwind');
    await ingestForCustomer(t, { bearer, operator }, northwind, [
      { sourceKey: 'w1', status: 'warning', endedAt: day(18), objects: vmWarning },
    ]);
    const jobId = (await board()).runs[0].jobId;
    const invalid = await override({ level: 'object', jobId, validFrom: day(12), validUntil: day(11) });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: Json) => e.path).sort()).toEqual(['body.objectName', 'body.validUntil']);
    expect((await override({ level: 'global', jobId })).status).toBe(400);
    expect((await override({ level: 'job', jobId }, reporter)).status).toBe(403);
    const created = (await override({ level: 'job', jobId, statuses: ['warning'] })).body.override;
    expect((await api('GET', `/api/v1/overrides?jobId=${jobId}`, reporter)).body.overrides).toEqual([
      expect.objectContaining({ id: created.id, level: 'job', statuses: ['warning'], createdByName: expect.stringContaining('operator') }),
    ]);
    expect((await api('DELETE', `/api/v1/overrides/${created.id}`, operator)).status).toBe(403);
    expect((await api('DELETE', `/api/v1/overrides/${created.id}`, admin)).status).toBe(204);
    expect((await api('DELETE', `/api/v1/overrides/${created.id}`, admin)).status).toBe(404);
    // Runs it reviewed stay reviewed.
    expect(runIdsOf(await board())).toEqual([]);
  });
});
