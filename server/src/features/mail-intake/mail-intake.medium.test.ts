// B2.3 (b) on a real database: uploads are stored raw, parsed into runs, and nothing is lost.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackupRunsRepository } from '#src/features/backup-runs/backup-runs.repository';
import { createRunOverridesRepository } from '#src/features/run-overrides/run-overrides.repository';
import { systemContext } from '#src/lib/system-context';
import { createTestApp, type TestApp } from '../../../test/test-app';
import { createMailIntakeRepository } from './mail-intake.repository';
import { createMailIntakeService } from './mail-intake.service';
import { REPORT_PARSERS } from './parsers/registry';
import type { ReportParser } from './parsers/report-parser';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'parsers', 'fixtures', name));
const upload = (headers: Record<string, string>, body: Buffer) =>
  t.app.inject({ method: 'POST', url: '/api/v1/mails', headers: { ...headers, 'content-type': 'message/rfc822' }, payload: body });

describe('report mail upload', () => {
  it('parses a Veeam report into a run of an Inbox job, once, and keeps the raw mail', async () => {
    const { users } = await t.newAccount();
    const operator = await t.login(users.operator.email);
    const raw = fixture('veeam-backup-warning.eml');
    const first = await upload(operator, raw);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      status: 'parsed',
      parserId: 'veeam-backup-replication',
      runCount: 1,
      subject: '[Warning] Daily Servers (3 objects) 1 warning',
    });
    expect(first.json().runs).toEqual([expect.objectContaining({ routedTo: 'inbox' })]);
    const again = await upload(operator, raw);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ alreadyReceived: true, runs: [] });

    const [entry] = (await t.app.inject({ method: 'GET', url: '/api/v1/inbox', headers: operator })).json().entries;
    expect(entry).toMatchObject({ name: 'Daily Servers', reporter: 'mail:veeam@northwind.example', waitingRuns: 1, lastStatus: 'warning' });
    const details = (
      await t.app.inject({ method: 'GET', url: `/api/v1/jobs/${entry.jobId}/runs/${entry.lastRunId}`, headers: operator })
    ).json();
    expect(details.run.evidenceId).toBe(first.json().id);
    expect(details.objects.map((o: { name: string }) => o.name)).toEqual(['HV01', 'SQL01', 'FS01']);
    const download = await t.app.inject({ method: 'GET', url: `/api/v1/mails/${first.json().id}/raw`, headers: operator });
    expect(download.headers['content-type']).toBe('message/rfc822');
    // Issue 13 finding 11: a download, never rendered by the browser.
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);
    expect(Buffer.compare(download.rawPayload, raw)).toBe(0);
  });

  it('keeps mails it cannot use, with the reason, and re-parses them after a parser change', async () => {
    const { account, users } = await t.newAccount();
    const operator = await t.login(users.operator.email);
    const unparsed = (await upload(operator, fixture('newsletter.eml'))).json();
    expect(unparsed).toMatchObject({ status: 'unparsed', runCount: 0, reason: expect.stringContaining('No parser matches') });
    const truncated = (await upload(operator, fixture('veeam-truncated.eml'))).json();
    expect(truncated).toMatchObject({
      status: 'failed',
      parserId: 'veeam-backup-replication',
      reason: expect.stringContaining('truncated'),
    });
    const notMail = (await upload(operator, Buffer.from('%PDF-1.7 this is a PDF'))).json();
    expect(notMail).toMatchObject({ status: 'failed', reason: expect.stringContaining('not an e-mail') });
    const listed = (await t.app.inject({ method: 'GET', url: '/api/v1/mails?status=failed', headers: operator })).json().mails;
    expect(listed.map((m: { id: string }) => m.id).sort()).toEqual([truncated.id, notMail.id].sort());

    const newsletterParser: ReportParser = {
      id: 'test-newsletter',
      label: 'Test parser',
      match: { from: /vendor\.example$/ },
      parse: (mail) => [
        {
          job: { name: 'Vendor check', software: 'Test', type: '' },
          status: 'success',
          endedAt: (mail.date as Date).toISOString(),
          remark: '',
          objects: [],
        },
      ],
    };
    const changed = createMailIntakeService({
      database: t.database,
      mails: createMailIntakeRepository(),
      repositories: { runs: createBackupRunsRepository(), overrides: createRunOverridesRepository() },
      clock: t.services.clock,
      parsers: [newsletterParser, ...REPORT_PARSERS],
    });
    const ctx = {
      ...systemContext(account.id, 'test', t.app.log),
      actor: { kind: 'user' as const, userId: users.operator.id, role: 'operator' as const, sessionId: null },
    };
    const reparsed = await changed.reparseMail(ctx, unparsed.id);
    expect(reparsed).toMatchObject({ status: 'parsed', parserId: 'test-newsletter', runCount: 1 });
    expect((await changed.reparseMail(ctx, unparsed.id)).runs).toEqual([]);
  });

  it('lets reporters read but not upload', async () => {
    const { users } = await t.newAccount();
    const reporter = await t.login(users.reporter.email);
    expect((await upload(reporter, fixture('generic-success.eml'))).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/mails', headers: reporter })).statusCode).toBe(200);
  });

  it('stores a mail with a NUL byte in its encoded subject, cleaned in the fields and raw as received (issue 13 finding 10)', async () => {
    const { users } = await t.newAccount();
    const operator = await t.login(users.operator.email);
    // "=?UTF-8?B?…?=" of "Backup\u0000 report": the NUL arrives only after decoding.
    const raw = Buffer.from(
      [
        'From: backup@contoso.example',
        'To: reports@msp.example',
        `Subject: =?UTF-8?B?${Buffer.from('Backup\u0000 report').toString('base64')}?=`,
        'Date: Mon, 30 Nov 2026 22:15:00 +0100',
        'Message-ID: <nul-subject@contoso.example>',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Nothing to see.',
        '',
      ].join('\r\n'),
    );
    const stored = await upload(operator, raw);
    expect(stored.statusCode).toBe(201);
    expect(stored.json().subject).toBe('Backup report');
    const download = await t.app.inject({ method: 'GET', url: `/api/v1/mails/${stored.json().id}/raw`, headers: operator });
    expect(Buffer.compare(download.rawPayload, raw)).toBe(0);
  });

  it('answers eight parallel uploads of one new mail with the one stored mail, never a 500 (issue 13 finding 10)', async () => {
    const { users } = await t.newAccount();
    const operator = await t.login(users.operator.email);
    const raw = fixture('veeam-backup-copy-success.eml');
    const answers = await Promise.all(Array.from({ length: 8 }, () => upload(operator, raw)));
    expect(answers.map((a) => a.statusCode).filter((s) => s >= 500)).toEqual([]);
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    expect(answers.filter((a) => a.json().alreadyReceived === false)).toHaveLength(1);
  });

  it("matches the next days' retry mail and a forwarded copy to the approved Veeam job (issue 11 acceptance)", async () => {
    const { users } = await t.newAccount();
    const operator = await t.login(users.operator.email);
    const first = await upload(operator, fixture('veeam-backup-warning.eml'));
    expect(first.json().runs).toEqual([expect.objectContaining({ routedTo: 'inbox' })]);
    const [entry] = (await t.app.inject({ method: 'GET', url: '/api/v1/inbox', headers: operator })).json().entries;
    const customer = (
      await t.app.inject({ method: 'POST', url: '/api/v1/customers', headers: operator, payload: { name: 'Northwind' } })
    ).json();
    const approved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/inbox/${entry.jobId}/approve`,
      headers: operator,
      payload: { customerId: customer.id },
    });
    expect(approved.statusCode).toBe(200);
    for (const name of ['veeam-daily-servers-retry.eml', 'veeam-daily-servers-forwarded.eml']) {
      const next = await upload(operator, fixture(name));
      expect([name, next.json().runs]).toEqual([name, [expect.objectContaining({ routedTo: 'job' })]]);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/inbox', headers: operator })).json().entries).toEqual([]);
  });

  it('lets an admin try a report mail: the parser and what it read, or why none did, with nothing stored (issue 11 item 5)', async () => {
    const { users } = await t.newAccount();
    const admin = await t.login(users.admin.email);
    const operator = await t.login(users.operator.email);
    const tryMail = (headers: Record<string, string>, body: Buffer) =>
      t.app.inject({ method: 'POST', url: '/api/v1/mails/try', headers: { ...headers, 'content-type': 'message/rfc822' }, payload: body });
    const before = await t.database.db
      .selectFrom('report_mails')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const tried = (await tryMail(admin, fixture('veeam-retry-nl.eml'))).json();
    expect(tried.parser).toEqual({ id: 'veeam-backup-replication', label: expect.any(String) });
    expect(tried.runs[0]).toMatchObject({ job: { name: 'Nachtelijke back-up' }, status: 'error' });
    expect((await tryMail(admin, fixture('newsletter.eml'))).json()).toMatchObject({
      parser: null,
      error: expect.stringContaining('No parser'),
    });
    expect((await tryMail(operator, fixture('newsletter.eml'))).statusCode).toBe(403);
    const after = await t.database.db
      .selectFrom('report_mails')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("keeps a Veeam retry as the session's final result and its first attempt as reviewed history (issue 11 item 2, ADR 8)", async () => {
    const { users } = await t.newAccount();
    const operator = await t.login(users.operator.email);
    const first = (await upload(operator, fixture('veeam-daily-servers-first-attempt.eml'))).json().runs[0];
    const retry = (await upload(operator, fixture('veeam-daily-servers-retry.eml'))).json().runs[0];
    const rows = await t.database.db
      .selectFrom('backup_runs')
      .select(['id', 'attempt', 'superseded_by', 'reviewed_at', 'review_note', 'status'])
      .where('id', 'in', [first.runId, retry.runId])
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(first.runId)).toMatchObject({
      attempt: 1,
      superseded_by: retry.runId,
      review_note: 'Superseded by retry 2',
      status: 'error',
    });
    expect(byId.get(first.runId)?.reviewed_at).not.toBeNull();
    expect(byId.get(retry.runId)).toMatchObject({ attempt: 2, superseded_by: null, status: 'success' });
  });

  it.each([
    ['in order', ['veeam-agent-windows-first-error.eml', 'veeam-agent-windows-final.eml']],
    ['out of order', ['veeam-agent-windows-final.eml', 'veeam-agent-windows-first-error.eml']],
  ])("keeps a Veeam Agent session's final report and its first-error mail as history, %s (issue 11, ADR 8)", async (_, files) => {
    const { users } = await t.newAccount();
    const operator = await t.login(users.operator.email);
    const ids: string[] = [];
    for (const file of files) {
      ids.push((await upload(operator, fixture(file))).json().runs[0].runId);
    }
    const rows = await t.database.db
      .selectFrom('backup_runs')
      .select(['id', 'status', 'superseded_by', 'reviewed_at', 'review_note'])
      .where('id', 'in', ids)
      .execute();
    const final = rows.find((r) => r.status === 'success');
    const firstError = rows.find((r) => r.status === 'error');
    expect(final).toMatchObject({ superseded_by: null, reviewed_at: null });
    expect(firstError).toMatchObject({ superseded_by: final?.id, review_note: 'Superseded by a later report of the same session' });
    expect(firstError?.reviewed_at).not.toBeNull();
  });

  it('keeps every host of one policy report as its own run, none superseding another (issue 11)', async () => {
    const { users } = await t.newAccount();
    const operator = await t.login(users.operator.email);
    const runs = (await upload(operator, fixture('veeam-policy-daily.eml'))).json().runs;
    expect(runs).toHaveLength(3);
    const rows = await t.database.db
      .selectFrom('backup_runs')
      .select(['superseded_by'])
      .where(
        'id',
        'in',
        runs.map((r: { runId: string }) => r.runId),
      )
      .execute();
    expect(rows.every((r) => r.superseded_by === null)).toBe(true);
  });
});
