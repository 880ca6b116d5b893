// Issue 19 (B3): the board by job, searched and worked in bulk. A job failing every night is one
// group however other jobs' runs interleave; search finds runs by job name, remark and failing
// objects' messages (full text, word prefix); bulk review answers with what it reviewed, and
// Undo puts exactly those back.
import { beforeAll, beforeEach, expect, it } from 'vitest';
import { createIngestKey, ingestForCustomer } from '../../../test/backup-fixtures';
import { createTestApp, type TestApp } from '../../../test/test-app';

type Json = ReturnType<typeof JSON.parse>;
let t: TestApp;
let operator: Record<string, string>;
let ids: Record<string, string>;
let northwind: string;

const at = (day: number, hour: number) => `2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;
const api = async (method: 'GET' | 'POST', url: string, payload?: Json) =>
  (await t.app.inject({ method, url, headers: operator, ...(payload && { payload }) })).json() as Json;

beforeAll(async () => {
  t = await createTestApp();
});
beforeEach(async () => {
  const account = await t.newAccount();
  const admin = await t.login(account.users.admin.email);
  operator = await t.login(account.users.operator.email);
  const bearer = await createIngestKey(t, admin);
  northwind = (await api('POST', '/api/v1/customers', { name: 'Northwind Traders' })).id;
  const vss = [
    { name: 'SRV-SQL01', status: 'error' as const, messages: ['Failed to create VSS snapshot: writer SqlServerWriter timed out'] },
  ];
  // Daily Servers fails three nights; File Share warns in between (newest first: 28, 27, 26, 25).
  ids = await ingestForCustomer(t, { bearer, operator }, northwind, [
    { sourceKey: 'd1', job: 'Daily Servers', status: 'error', endedAt: at(25, 2), objects: vss },
    { sourceKey: 'f1', job: 'File Share', status: 'warning', endedAt: at(26, 3), remark: 'Changed block tracking is disabled' },
    { sourceKey: 'd2', job: 'Daily Servers', status: 'error', endedAt: at(27, 2), objects: vss },
    { sourceKey: 'f2', job: 'File Share', status: 'warning', endedAt: at(27, 3) },
    { sourceKey: 'd3', job: 'Daily Servers', status: 'error', endedAt: at(28, 2), objects: vss },
    { sourceKey: 'ok', job: 'Daily Servers', status: 'success', endedAt: at(24, 2) },
  ]);
});

it('groups every waiting run of a job together, groups ordered by their newest run', async () => {
  const page = await api('GET', '/api/v1/run-checks/groups');
  expect(page.groups.map((g: Json) => [g.jobName, g.matching, g.waiting, g.runs.length])).toEqual([
    ['Daily Servers', 3, 3, 3],
    ['File Share', 2, 2, 2],
  ]);
  expect(page.groups[0].runs.map((r: Json) => r.runId)).toEqual([ids.d3, ids.d2, ids.d1]);
  expect(page.groups[0].newestRunAt).toBe(at(28, 2).replace('Z', '.000Z'));

  // One group a page: the cursor walks them in order.
  const first = await api('GET', '/api/v1/run-checks/groups?limit=1&runsPerGroup=2');
  expect(first.groups.map((g: Json) => [g.jobName, g.matching, g.runs.length])).toEqual([['Daily Servers', 3, 2]]);
  const second = await api('GET', `/api/v1/run-checks/groups?limit=1&cursor=${first.nextCursor}`);
  expect(second.groups.map((g: Json) => g.jobName)).toEqual(['File Share']);
  expect(second.nextCursor).toBeNull();
});

it('searches job names, remarks and failing objects’ messages by word prefix', async () => {
  const found = async (q: string) =>
    (await api('GET', `/api/v1/run-checks?q=${encodeURIComponent(q)}`)).runs.map((r: Json) => r.runId).sort();
  expect(await found('vss snap')).toEqual([ids.d1, ids.d2, ids.d3].sort());
  expect(await found('sqlserverwr')).toEqual([ids.d1, ids.d2, ids.d3].sort());
  expect(await found('SRV-SQL01')).toEqual([ids.d1, ids.d2, ids.d3].sort());
  expect(await found('file sh')).toEqual([ids.f1, ids.f2].sort());
  expect(await found('block tracking')).toEqual([ids.f1]);
  expect(await found('100% sure')).toEqual([]);
  const groups = await api('GET', '/api/v1/run-checks/groups?q=vss');
  expect(groups.groups.map((g: Json) => g.jobName)).toEqual(['Daily Servers']);
});

it('keeps the runs of one day (the dashboard cell) in the account’s time zone', async () => {
  const day = await api('GET', `/api/v1/run-checks?day=2026-11-27&customerId=${northwind}&includeReviewed=true`);
  expect(day.runs.map((r: Json) => r.runId).sort()).toEqual([ids.d2, ids.f2].sort());
});

it('reviews the chosen runs in bulk, says which, and Undo puts exactly those back', async () => {
  await api('POST', `/api/v1/runs/${ids.d1}/review`, { note: '' });
  const bulk = await api('POST', '/api/v1/runs/review', { runIds: [ids.d1, ids.d2, ids.f1], note: 'VSS writer restarted' });
  // d1 was reviewed already: only the two others are this review's (and Undo's).
  expect(bulk).toEqual({ reviewed: 2, runIds: expect.arrayContaining([ids.d2, ids.f1]) });
  expect((await api('GET', '/api/v1/run-checks')).runs.map((r: Json) => r.runId).sort()).toEqual([ids.d3, ids.f2].sort());
  await api('POST', '/api/v1/runs/unreview', { runIds: bulk.runIds });
  expect((await api('GET', '/api/v1/run-checks')).runs.map((r: Json) => r.runId).sort()).toEqual([ids.d3, ids.f2, ids.d2, ids.f1].sort());

  const reporter = await t.app.inject({ method: 'POST', url: '/api/v1/runs/review', headers: {}, payload: { runIds: [ids.d3] } });
  expect(reporter.statusCode).toBe(401);
});
