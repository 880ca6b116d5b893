// Issue 19: ⌘/Ctrl+K from anywhere. Typing part of a name finds customers, jobs (also by host),
// ticket numbers by prefix, pilot sessions, and a run by its pasted id — in this account only;
// LIKE wildcards typed by the user match themselves.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createIngestKey, ingestForCustomer } from '../../../test/backup-fixtures';
import { createTestApp, type TestApp } from '../../../test/test-app';

type Json = ReturnType<typeof JSON.parse>;
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

it('finds customers, jobs, tickets, sessions and a run by id, only in the own account', async () => {
  const account = await t.newAccount();
  const admin = await t.login(account.users.admin.email);
  const operator = await t.login(account.users.operator.email);
  const reporter = await t.login(account.users.reporter.email);
  const bearer = await createIngestKey(t, admin);
  const post = async (url: string, payload: Json) => (await t.app.inject({ method: 'POST', url, headers: operator, payload })).json();
  const fabrikam = await post('/api/v1/customers', { name: 'Fabrikam Freight' });
  await post('/api/v1/customers', { name: 'Northwind Fabrication' });
  await post('/api/v1/customers', { name: '100% Uptime Ltd' });
  const runs = await ingestForCustomer(t, { bearer, operator }, fabrikam.id, [{ sourceKey: 'r1', job: 'Fabrikam SQL nightly' }]);
  const session = await post('/api/v1/ai-sessions', { title: 'Fabrikam VPN drops every hour', customerId: fabrikam.id });
  await sql`
    insert into ticket_links (account_id, backup_run_id, ticket_number, origin, psa_kind, ticket_id)
    values (${account.account.id}, ${runs.r1}, 'T20261202.0042', 'created', 'autotask', '90042')`.execute(t.database.db);

  const jump = async (q: string, headers = reporter) =>
    (await t.app.inject({ method: 'GET', url: `/api/v1/jump?q=${encodeURIComponent(q)}`, headers })).json() as Json;

  const fab = (await jump('fab')).targets as Json[];
  expect(fab.map((x) => [x.kind, x.label])).toEqual([
    ['customer', 'Fabrikam Freight'],
    ['customer', 'Northwind Fabrication'],
    ['job', 'Fabrikam SQL nightly'],
    ['session', 'Fabrikam VPN drops every hour'],
  ]);
  expect(fab[2]).toMatchObject({ customerId: fabrikam.id, detail: 'Fabrikam Freight' });
  expect(fab[3]).toMatchObject({ sessionId: session.id });

  expect((await jump('T20261202')).targets).toEqual([
    expect.objectContaining({ kind: 'ticket', label: 'Ticket T20261202.0042', runId: runs.r1, customerId: fabrikam.id }),
  ]);
  expect((await jump(runs.r1)).targets[0]).toMatchObject({ kind: 'run', runId: runs.r1, label: 'Run of Fabrikam SQL nightly' });
  expect((await jump('100%')).targets.map((x: Json) => x.label)).toEqual(['100% Uptime Ltd']);
  expect((await jump('%')).targets.map((x: Json) => x.label)).toEqual(['100% Uptime Ltd']);

  const other = await t.newAccount();
  expect((await jump('fab', await t.login(other.users.reporter.email))).targets).toEqual([]);
  expect((await t.app.inject({ method: 'GET', url: '/api/v1/jump?q=', headers: reporter })).statusCode).toBe(400);
});
