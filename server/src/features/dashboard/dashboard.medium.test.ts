// Issue 19 (B5): the dashboard from its daily rollups — kept current by the database's triggers
// for every writer (ingest into the Inbox, approval that gives a job its customer, an override
// that marks a run as success) — ordered by what needs attention, with a heat-map cell per day.
import { sql } from 'kysely';
import { beforeAll, beforeEach, expect, it } from 'vitest';
import { createIngestKey, ingestForCustomer } from '../../../test/backup-fixtures';
import { createTestApp, type TestApp } from '../../../test/test-app';

type Json = ReturnType<typeof JSON.parse>;
let t: TestApp;
let admin: Record<string, string>;
let operator: Record<string, string>;
let bearer: Record<string, string>;
let accountId: string;

beforeAll(async () => {
  t = await createTestApp();
});
beforeEach(async () => {
  const account = await t.newAccount();
  accountId = account.account.id;
  admin = await t.login(account.users.admin.email);
  operator = await t.login(account.users.operator.email);
  bearer = await createIngestKey(t, admin);
});

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
const dayOf = (iso: string) => iso.slice(0, 10);
const api = async (method: 'GET' | 'POST', url: string, payload?: Json) =>
  (await t.app.inject({ method, url, headers: operator, ...(payload && { payload }) })).json() as Json;
const customer = async (name: string) => (await api('POST', '/api/v1/customers', { name })).id as string;
const rollups = async () =>
  (
    await sql<{ customer_id: string; day: string; success: number; warning: number; error: number; missed: number; overridden: number }>`
      select customer_id, to_char(day, 'YYYY-MM-DD') as day, success, warning, error, missed, overridden
      from customer_day_rollups where account_id = ${accountId} order by day`.execute(t.database.db)
  ).rows;

it('counts each customer’s runs per day, and orders the customer with a failure first', async () => {
  const northwind = await customer('Northwind Traders');
  const adatum = await customer('Adatum Legal');
  const now = hoursAgo(1);
  const threeDaysAgo = hoursAgo(72);
  await ingestForCustomer(t, { bearer, operator }, northwind, [
    { sourceKey: 'n1', job: 'Daily Servers', status: 'error', endedAt: now },
    { sourceKey: 'n2', job: 'File Share', status: 'success', endedAt: now },
    { sourceKey: 'n3', job: 'Daily Servers', status: 'warning', endedAt: threeDaysAgo },
  ]);
  await ingestForCustomer(t, { bearer, operator }, adatum, [{ sourceKey: 'a1', job: 'Exchange', status: 'success', endedAt: now }]);

  // The runs arrived before their jobs had a customer; approval moved their counts in.
  const rows = await rollups();
  expect(rows.filter((r) => r.customer_id === northwind)).toEqual([
    { customer_id: northwind, day: dayOf(threeDaysAgo), success: 0, warning: 1, error: 0, missed: 0, overridden: 0 },
    { customer_id: northwind, day: dayOf(now), success: 1, warning: 0, error: 1, missed: 0, overridden: 0 },
  ]);

  const dashboard = await api('GET', '/api/v1/dashboard?days=14');
  expect(dashboard.timezone).toBe('UTC');
  expect(dashboard.days).toHaveLength(14);
  expect(dashboard.days.at(-1)).toBe(dashboard.today);
  expect(dashboard.totals).toMatchObject({ customers: 2, needingAttention: 1, waiting: 2, openTickets: 0 });
  const [first, second] = dashboard.customers;
  expect(first).toMatchObject({ name: 'Northwind Traders', worst24h: 'error', waiting: 2, backupRate7d: 66.7, backupRate30d: 66.7 });
  expect(second).toMatchObject({ name: 'Adatum Legal', worst24h: 'success', waiting: 0, backupRate7d: 100 });
  const cell = (c: Json, day: string) => c.days.find((d: Json) => d.day === day);
  expect(cell(first, dayOf(now))).toMatchObject({ worst: 'error', success: 1, error: 1 });
  expect(cell(first, dayOf(threeDaysAgo))).toMatchObject({ worst: 'warning', warning: 1 });
  expect(cell(second, dayOf(threeDaysAgo))).toMatchObject({ worst: 'none' });

  const byName = await api('GET', '/api/v1/dashboard?sort=name&limit=1');
  expect(byName.customers.map((c: Json) => c.name)).toEqual(['Adatum Legal']);
  expect(byName.nextOffset).toBe(1);
  const searched = await api('GET', '/api/v1/dashboard?search=north');
  expect(searched.customers.map((c: Json) => c.name)).toEqual(['Northwind Traders']);
});

/** A time in the last three hours that falls on today (UTC, the account's day), `share` of the way to now. */
const earlierToday = (share: number) => {
  const now = Date.now();
  const start = Math.max(new Date(new Date(now).toISOString().slice(0, 10)).getTime(), now - 3 * 3_600_000);
  return new Date(start + (now - start) * share).toISOString();
};

it('keeps the rollups current: a review changes nothing, marking as success moves the run to "overridden"', async () => {
  const northwind = await customer('Northwind Traders');
  // Both runs on one day, whatever the time of day the test runs at.
  const now = earlierToday(0.66);
  const ids = await ingestForCustomer(t, { bearer, operator }, northwind, [
    {
      sourceKey: 'n1',
      job: 'Daily Servers',
      status: 'error',
      endedAt: now,
      objects: [{ name: 'SRV01', status: 'error', messages: ['VSS failed'] }],
    },
    { sourceKey: 'n2', job: 'Daily Servers', status: 'warning', endedAt: earlierToday(0.33) },
  ]);
  await api('POST', `/api/v1/runs/${ids.n2}/review`, { note: 'known' });
  expect((await rollups()).map((r) => [r.warning, r.error, r.overridden])).toEqual([[1, 1, 0]]);
  const waiting = await api('GET', '/api/v1/dashboard');
  expect(waiting.customers[0]).toMatchObject({ worst24h: 'error', waiting: 1 });

  const jobId = (await api('GET', '/api/v1/run-checks?limit=5')).runs[0].jobId as string;
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/overrides',
    headers: operator,
    payload: { level: 'job', jobId, statuses: ['error'], reason: 'VSS writer retired on SRV01' },
  });
  expect(created.statusCode).toBe(201);
  expect((await rollups()).map((r) => [r.warning, r.error, r.overridden])).toEqual([[1, 0, 1]]);
  const after = await api('GET', '/api/v1/dashboard');
  expect(after.customers[0]).toMatchObject({ worst24h: 'warning', waiting: 0, backupRate7d: 100 });
  expect(after.customers[0].days.at(-1)).toMatchObject({ worst: 'warning', overridden: 1 });
});

it('counts days where the account is, and rebuilds them when its time zone changes', async () => {
  const northwind = await customer('Northwind Traders');
  // 23:30 UTC two days ago is the next morning in Auckland.
  const late = new Date(Date.now() - 2 * 86_400_000);
  late.setUTCHours(23, 30, 0, 0);
  await ingestForCustomer(t, { bearer, operator }, northwind, [{ sourceKey: 'n1', status: 'success', endedAt: late.toISOString() }]);
  expect((await rollups()).map((r) => r.day)).toEqual([dayOf(late.toISOString())]);
  const set = await t.app.inject({
    method: 'PUT',
    url: '/api/v1/account/timezone',
    headers: admin,
    payload: { timezone: 'Pacific/Auckland' },
  });
  expect(set.statusCode).toBe(204);
  const next = new Date(late.getTime() + 86_400_000).toISOString();
  expect((await rollups()).map((r) => r.day)).toEqual([dayOf(next)]);
});

it('shows an account only its own customers', async () => {
  await customer('Northwind Traders');
  const other = await t.newAccount();
  const otherOperator = await t.login(other.users.operator.email);
  const theirs = (await t.app.inject({ method: 'GET', url: '/api/v1/dashboard', headers: otherOperator })).json();
  expect(theirs.customers).toEqual([]);
  expect(theirs.totals.customers).toBe(0);
});
