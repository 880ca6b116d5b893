// Issue 20 (B15.1): the daily digest for a seeded day — what waits for review by customer, missed
// runs, jobs failing night after night, tickets, broken mappings and integrations — sent once a
// day at the user's local time, through the SMTP sink.
import type { NotificationsSandbox } from '@flightdeck/sandbox/notifications/notifications-sandbox';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MISSED_SOURCE } from '#src/features/schedules/missed-runs.service';
import { systemContext } from '#src/lib/system-context';
import { createIngestKey, ingestForCustomer } from '../../../test/backup-fixtures';
import { bindInlineDeliveries, smtpSettingsFor, startSink } from '../../../test/notifications-fixtures';
import { createTestApp, type TestApp } from '../../../test/test-app';

type Json = ReturnType<typeof JSON.parse>;
let t: TestApp;
let sink: NotificationsSandbox;
let now = new Date();

beforeAll(async () => {
  t = await createTestApp({ clock: { now: () => now } });
  sink = await startSink();
  bindInlineDeliveries(t);
});
afterAll(async () => {
  await sink?.close();
  await t?.close();
});

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

it('tells each subscriber, once a day at their hour, what waits and what broke', async () => {
  const { account, users } = await t.newAccount();
  const admin = await t.login(users.admin.email);
  const operator = await t.login(users.operator.email);
  const bearer = await createIngestKey(t, admin);
  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: Json, headers = admin) =>
    (await t.app.inject({ method, url, headers, ...(payload !== undefined && { payload }) })).json() as Json;
  await call('PUT', '/api/v1/notifications/smtp', smtpSettingsFor(sink));

  const northwind = (await call('POST', '/api/v1/customers', { name: 'Northwind Traders' }, operator)).id;
  const adatum = (await call('POST', '/api/v1/customers', { name: 'Adatum Legal' }, operator)).id;
  await ingestForCustomer(t, { bearer, operator }, northwind, [
    { sourceKey: 'n1', job: 'Nightly Servers', status: 'error', endedAt: hoursAgo(50) },
    { sourceKey: 'n2', job: 'Nightly Servers', status: 'error', endedAt: hoursAgo(26) },
    { sourceKey: 'n3', job: 'Nightly Servers', status: 'error', endedAt: hoursAgo(2) },
    { sourceKey: 'n4', job: 'File Share', status: 'success', endedAt: hoursAgo(3) },
  ]);
  await ingestForCustomer(t, { bearer, operator }, adatum, [
    { sourceKey: 'a0', job: 'Exchange Online', status: 'success', endedAt: hoursAgo(80) },
  ]);
  // Two missed slots, written as the missed-run check writes them (source flightdeck).
  const exchange = await t.database.db
    .selectFrom('backup_jobs')
    .select('id')
    .where('account_id', '=', account.id)
    .where('name', '=', 'Exchange Online')
    .executeTakeFirstOrThrow();
  for (const at of [hoursAgo(5), hoursAgo(30)]) {
    await t.database.db
      .insertInto('backup_runs')
      .values({
        account_id: account.id,
        job_id: exchange.id,
        status: 'missed',
        run_at: at,
        remark: 'No run reported',
        source: MISSED_SOURCE,
        source_key: `missed:${exchange.id}:${at}`,
      })
      .execute();
  }
  await t.database.db
    .updateTable('customers')
    .set({
      psa_kind: 'autotask',
      psa_company_id: '174',
      psa_company_name: 'Adatum',
      psa_mapping_status: 'missing',
      psa_sync_message: 'Company 174 no longer exists in Autotask',
    })
    .where('id', '=', adatum)
    .execute();

  // The operator opts in for midnight Amsterdam time: due at once, then not again the same day.
  const saved = await call('PUT', '/api/v1/me/digest', { enabled: true, sendAt: '00:00', timezone: 'Europe/Amsterdam' }, operator);
  expect(saved).toMatchObject({
    enabled: true,
    sendAt: '00:00',
    timezone: 'Europe/Amsterdam',
    lastSentOn: null,
    email: users.operator.email,
  });
  expect(
    (await call('PUT', '/api/v1/me/digest', { enabled: true, sendAt: '25:00', timezone: 'Mars/Olympus' }, operator)).errors,
  ).toHaveLength(2);

  const due = (await t.services.digest.due()).filter((d) => d.account_id === account.id);
  expect(due).toEqual([expect.objectContaining({ user_id: users.operator.id })]);
  const ctx = systemContext(account.id, 'test', t.app.log);
  await t.services.digest.sendDigest(ctx, users.operator.id, due[0]?.local_date);
  expect((await t.services.digest.due()).filter((d) => d.account_id === account.id)).toEqual([]);

  const [mail] = sink.smtp.mails();
  expect(mail?.envelopeTo).toEqual([users.operator.email]);
  expect(mail?.subject).toMatch(/^Flightdeck daily digest \d{4}-\d{2}-\d{2}: 5 runs to review, 1 missed, 1 job failing$/);
  const text = mail?.text ?? '';
  expect(text).toContain('WAITING FOR REVIEW (5)');
  expect(text).toContain('Northwind Traders: 3 (3 failed)');
  expect(text).toContain('Adatum Legal: 2 (0 failed)');
  // Only the missed run inside the last day is in the day's list.
  expect(text).toContain('MISSED RUNS IN THE LAST DAY (1)');
  expect(text).toContain('Adatum Legal · Exchange Online');
  expect(text).toContain('JOBS FAILING NIGHT AFTER NIGHT (1)');
  expect(text).toContain('Northwind Traders · Nightly Servers: error, error, error');
  expect(text).toContain('0 opened and 0 resolved in the last day; 0 open now.');
  expect(text).toContain('Adatum Legal: PSA company missing: Company 174 no longer exists in Autotask');
  // HTML readable in Outlook and Gmail: tables, inline styles, no <style> block, no remote images.
  expect(mail?.html).toContain('<table role="presentation"');
  expect(mail?.html).not.toMatch(/<style|<img|<link/i);
  expect(mail?.html).toContain('href="/run-checks?customer=');

  // The next day it is due again.
  now = new Date(now.getTime() + 24 * 3_600_000);
  expect((await t.services.digest.due()).filter((d) => d.account_id === account.id)).toHaveLength(1);
  now = new Date();

  const off = await call('PUT', '/api/v1/me/digest', { enabled: false, sendAt: '00:00', timezone: 'Europe/Amsterdam' }, operator);
  expect(off).toMatchObject({ enabled: false });
});
