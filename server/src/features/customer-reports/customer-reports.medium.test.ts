// Issue 20 (B15.2): a customer's monthly report from the dashboard's rollups — success rate per
// job, runs by status, missed runs, the longest gap without a good backup — as CSV and PDF, the
// PDF's first page rendered to PNG (poppler's pdftoppm) into test-results/ for a person to see,
// and mailed with both files to the customer's contact.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { NotificationsSandbox } from '@flightdeck/sandbox/notifications/notifications-sandbox';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MISSED_SOURCE } from '#src/features/schedules/missed-runs.service';
import { systemContext } from '#src/lib/system-context';
import { createIngestKey, ingestForCustomer, type TestRun } from '../../../test/backup-fixtures';
import { bindInlineDeliveries, smtpSettingsFor, startSink } from '../../../test/notifications-fixtures';
import { createTestApp, type TestApp } from '../../../test/test-app';

const PDFTOPPM = '/usr/bin/pdftoppm';
const RESULTS = path.resolve(import.meta.dirname, '../../../../test-results');
// A 1×1 PNG: the logo's bytes are checked and embedded, not its looks.
const LOGO = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

let t: TestApp;
let sink: NotificationsSandbox;
let accountId: string;
let customerId: string;
let admin: Record<string, string>;
let reporter: Record<string, string>;

// The month before this one, every day of it: File Share succeeds nightly; Nightly Servers fails
// on the 3rd, 4th and 5th, is missed on the 8th and warns on the 9th.
const now = new Date();
const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
const daysInMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0)).getUTCDate();
const at = (day: number) => `${month}-${String(day).padStart(2, '0')}T02:00:00.000Z`;
const nightly = (day: number): 'success' | 'warning' | 'error' => (day >= 3 && day <= 5 ? 'error' : day === 9 ? 'warning' : 'success');

beforeAll(async () => {
  t = await createTestApp();
  sink = await startSink();
  bindInlineDeliveries(t);
  const account = await t.newAccount();
  accountId = account.account.id;
  admin = await t.login(account.users.admin.email);
  const operator = await t.login(account.users.operator.email);
  reporter = await t.login(account.users.reporter.email);
  const bearer = await createIngestKey(t, admin);
  customerId = (
    await t.app.inject({ method: 'POST', url: '/api/v1/customers', headers: operator, payload: { name: 'Northwind Traders' } })
  ).json().id;
  const runs: (TestRun & { sourceKey: string })[] = [];
  for (let day = 1; day <= daysInMonth; day += 1) {
    runs.push({ sourceKey: `fs-${day}`, job: 'File Share', status: 'success', endedAt: at(day) });
    if (day !== 8) {
      runs.push({ sourceKey: `ns-${day}`, job: 'Nightly Servers', status: nightly(day), endedAt: at(day) });
    }
  }
  await ingestForCustomer(t, { bearer, operator }, customerId, runs);
  const job = await t.database.db
    .selectFrom('backup_jobs')
    .select('id')
    .where('account_id', '=', accountId)
    .where('name', '=', 'Nightly Servers')
    .executeTakeFirstOrThrow();
  // The 8th, written as the missed-run check writes a missed slot.
  await t.database.db
    .insertInto('backup_runs')
    .values({
      account_id: accountId,
      job_id: job.id,
      status: 'missed',
      run_at: at(8),
      remark: 'No run reported',
      source: MISSED_SOURCE,
      source_key: `missed:${job.id}:${at(8)}`,
    })
    .execute();
});
afterAll(async () => {
  await sink?.close();
  await t?.close();
});

const get = (url: string, headers = reporter) => t.app.inject({ method: 'GET', url, headers });

describe('a customer’s monthly report', () => {
  it('adds up to the rollups the dashboard reads', async () => {
    const data = await t.services.customerReports.data(systemContext(accountId, 'test', t.app.log), customerId, month);
    const rollup = (
      await sql<{ runs: number; good: number; missed: number }>`
        select sum(success + warning + error + missed + overridden)::int as runs, sum(success + warning + overridden)::int as good, sum(missed)::int as missed
        from customer_day_rollups where account_id = ${accountId} and customer_id = ${customerId} and to_char(day, 'YYYY-MM') = ${month}`.execute(
        t.database.db,
      )
    ).rows[0];
    expect(data.totals.runs).toBe(rollup?.runs);
    expect(data.totals.runs).toBe(2 * daysInMonth);
    expect(data.totals.missed).toBe(1);
    expect(data.totals.successRate).toBe(Math.round(((rollup?.good ?? 0) / (rollup?.runs ?? 1)) * 1000) / 10);
    expect(data.jobs.reduce((n, j) => n + j.runs, 0)).toBe(data.totals.runs);
    const byName = Object.fromEntries(data.jobs.map((j) => [j.job, j]));
    expect(byName['Nightly Servers']).toMatchObject({ success: daysInMonth - 5, warning: 1, error: 3, missed: 1, runs: daysInMonth });
    // The longest stretch without a good run: the 2nd, 02:00 to the 6th, 02:00.
    expect(byName['Nightly Servers']?.longest_gap_hours).toBe(96);
    expect(byName['File Share']).toMatchObject({ success: daysInMonth, successRate: 100, longest_gap_hours: 24 });
    expect(data.longestGapHours).toBe(96);
    expect(data.days).toHaveLength(daysInMonth);
    expect(data.missedRuns).toEqual([{ job: 'Nightly Servers', runAt: new Date(at(8)) }]);
  });

  it('downloads as CSV with the documented columns, one row per job', async () => {
    const response = await get(`/api/v1/customers/${customerId}/reports/${month}/csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="backup-report-northwind-traders-${month}.csv"`);
    const lines = response.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'customer,month,job,backup_software,runs,success,warning,failed,missed,overridden,success_rate_percent,longest_gap_hours,tickets_opened,tickets_resolved',
    );
    expect(lines.slice(1)).toEqual([
      `Northwind Traders,${month},File Share,Veeam Backup & Replication,${daysInMonth},${daysInMonth},0,0,0,0,100,24,0,0`,
      `Northwind Traders,${month},Nightly Servers,Veeam Backup & Replication,${daysInMonth},${daysInMonth - 5},1,3,1,0,${Math.round(((daysInMonth - 4) / daysInMonth) * 1000) / 10},96,0,0`,
    ]);
  });

  it('downloads as a branded PDF, and its first page renders to PNG for a person to look at', async () => {
    const branding = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/reports/branding',
      headers: admin,
      payload: { mspName: 'Contoso Managed IT', logo: LOGO },
    });
    expect(branding.json()).toEqual({ mspName: 'Contoso Managed IT', logo: LOGO });
    const notAPng = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/reports/branding',
      headers: admin,
      payload: { mspName: 'x', logo: `data:image/png;base64,${Buffer.from('GIF89a').toString('base64')}` },
    });
    expect(notAPng.statusCode).toBe(400);

    const response = await get(`/api/v1/customers/${customerId}/reports/${month}/pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf = response.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    fs.mkdirSync(RESULTS, { recursive: true });
    const file = path.join(RESULTS, 'customer-report.pdf');
    fs.writeFileSync(file, pdf);
    if (!fs.existsSync(PDFTOPPM)) {
      // Like the browser tests: CI installs poppler-utils; elsewhere the picture is skipped, and says so.
      expect(process.env.CI, 'pdftoppm (Debian poppler-utils) is needed in CI').toBeFalsy();
      console.warn(`skipped the PNG of the report: ${PDFTOPPM} is missing (apt-get install -y poppler-utils)`);
      return;
    }
    execFileSync(PDFTOPPM, ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', file, path.join(RESULTS, 'customer-report-page-1')]);
    const png = fs.readFileSync(path.join(RESULTS, 'customer-report-page-1.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(662); // A4 at 80 dpi: 8.27 in wide
    const text = execFileSync('/usr/bin/pdftotext', ['-layout', file, '-']).toString();
    expect(text).toContain('Backup report · Northwind Traders');
    expect(text).toContain('Contoso Managed IT');
    expect(text).toMatch(/Nightly Servers\s+\d+/);
  });

  it('refuses a month that has not begun, another account’s customer and a reporter’s changes', async () => {
    expect((await get(`/api/v1/customers/${customerId}/reports/2999-01/pdf`)).statusCode).toBe(400);
    const other = await t.newAccount(['reporter']);
    const stranger = await t.login(other.users.reporter.email);
    expect((await get(`/api/v1/customers/${customerId}/reports/${month}/csv`, stranger)).statusCode).toBe(404);
    const change = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/customers/${customerId}/report-recipient`,
      headers: reporter,
      payload: { reportEmail: 'it@northwind.example', reportMonthly: true },
    });
    expect(change.statusCode).toBe(403);
  });

  it('is mailed with the PDF and the CSV to the customer’s contact', async () => {
    await t.app.inject({ method: 'PUT', url: '/api/v1/notifications/smtp', headers: admin, payload: smtpSettingsFor(sink) });
    const saved = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/customers/${customerId}/report-recipient`,
      headers: admin,
      payload: { reportEmail: 'IT@northwind.example', reportMonthly: true },
    });
    expect(saved.json()).toEqual({ reportEmail: 'it@northwind.example', reportMonthly: true });
    expect((await t.services.customerReports.monthlyRecipients()).map((c) => c.id)).toContain(customerId);

    await t.services.customerReports.mailReport(systemContext(accountId, 'test', t.app.log), customerId, month);
    const [mail] = sink.smtp.mails();
    expect(mail?.envelopeTo).toEqual(['it@northwind.example']);
    expect(mail?.subject).toMatch(/^Contoso Managed IT: backup report for Northwind Traders, /);
    expect(mail?.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`backup-report-northwind-traders-${month}.pdf`, 'application/pdf'],
      [`backup-report-northwind-traders-${month}.csv`, 'text/csv'],
    ]);
  });
});
