// Issue 19 (B3): a job's history — every run newest first, paged by cursor, with duration,
// review and ticket, and the backup rate over 7 and 30 days; other accounts see no such job.
import { beforeAll, expect, it } from 'vitest';
import { createIngestKey } from '../../../test/backup-fixtures';
import { createTestApp, type TestApp } from '../../../test/test-app';

type Json = ReturnType<typeof JSON.parse>;
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

it('lists every run of the job with duration and review, pages by cursor, and rates the job', async () => {
  const account = await t.newAccount();
  const admin = await t.login(account.users.admin.email);
  const operator = await t.login(account.users.operator.email);
  const bearer = await createIngestKey(t, admin);
  const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
  const runs = [0, 1, 2, 3].map((n) => ({
    sourceKey: `h${n}`,
    job: { name: 'Nightly SQL', software: 'Veeam Backup & Replication', type: 'Backup' },
    status: n === 1 ? 'error' : 'success',
    startedAt: day(n),
    endedAt: new Date(Date.parse(day(n)) + (600 + n * 60) * 1000).toISOString(),
    objects: [],
  }));
  const ingested = await t.app.inject({ method: 'POST', url: '/api/v1/ingest/runs', headers: bearer, payload: { source: 'rmm', runs } });
  const failed = ingested.json().items[1].runId as string;
  const customer = (
    await t.app.inject({ method: 'POST', url: '/api/v1/customers', headers: operator, payload: { name: 'Contoso' } })
  ).json();
  const inbox = (await t.app.inject({ method: 'GET', url: '/api/v1/inbox', headers: operator })).json();
  const jobId = inbox.entries[0].jobId as string;
  await t.app.inject({ method: 'POST', url: `/api/v1/inbox/${jobId}/approve`, headers: operator, payload: { customerId: customer.id } });
  await t.app.inject({ method: 'POST', url: `/api/v1/runs/${failed}/review`, headers: operator, payload: { note: 'disk full, cleaned' } });

  const get = async (query = '') =>
    (await t.app.inject({ method: 'GET', url: `/api/v1/jobs/${jobId}/history${query}`, headers: operator })).json() as Json;
  const first = await get('?limit=2');
  expect(first.job).toMatchObject({ name: 'Nightly SQL', customerName: 'Contoso' });
  expect(first.last30Days).toMatchObject({ runs: 4, success: 3, error: 1, backupRate: 75 });
  expect(first.runs.map((r: Json) => [r.status, r.durationSeconds])).toEqual([
    ['success', 600],
    ['error', 660],
  ]);
  expect(first.runs[1]).toMatchObject({ reviewedByName: expect.any(String), reviewNote: 'disk full, cleaned' });
  const second = await get(`?limit=2&cursor=${first.nextCursor}`);
  expect(second.runs.map((r: Json) => r.durationSeconds)).toEqual([720, 780]);
  expect(second.nextCursor).toBeNull();

  const other = await t.newAccount();
  const stranger = await t.login(other.users.operator.email);
  expect((await t.app.inject({ method: 'GET', url: `/api/v1/jobs/${jobId}/history`, headers: stranger })).statusCode).toBe(404);
});
