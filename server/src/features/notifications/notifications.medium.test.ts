// Issue 20 (B15.1): outgoing mail through the SMTP sink (with the retry after a refused
// connection), alert rules that alert once, clear once and respect the rate limit, and messages
// the Teams, Slack and signed-webhook receivers accept — the sandbox checks the signatures.
import { createHmac } from 'node:crypto';
import type { NotificationsSandbox } from '@flightdeck/sandbox/notifications/notifications-sandbox';
import { SMTP_SINK_CREDENTIALS } from '@flightdeck/sandbox/notifications/smtp-sink';
import { verifySignature, WEBHOOK_SANDBOX_SECRET } from '@flightdeck/sandbox/notifications/webhook-receiver';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIngestKey, ingestForCustomer } from '../../../test/backup-fixtures';
import { bindInlineDeliveries, smtpSettingsFor, startSink } from '../../../test/notifications-fixtures';
import { createTestApp, type TestApp } from '../../../test/test-app';

type Json = ReturnType<typeof JSON.parse>;
let t: TestApp;
let sink: NotificationsSandbox;
let admin: Record<string, string>;
let operator: Record<string, string>;
let bearer: Record<string, string>;
let accountId: string;

beforeAll(async () => {
  t = await createTestApp();
  sink = await startSink();
  bindInlineDeliveries(t);
});
afterAll(async () => {
  await sink?.close();
  await t?.close();
});
beforeEach(async () => {
  await fetch(`${sink.origin}/_sandbox/reset`, { method: 'POST' });
  const account = await t.newAccount();
  accountId = account.account.id;
  admin = await t.login(account.users.admin.email);
  operator = await t.login(account.users.operator.email);
  bearer = await createIngestKey(t, admin);
});

const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: Json, headers = admin) => {
  const response = await t.app.inject({ method, url, headers, ...(payload !== undefined && { payload }) });
  return { status: response.statusCode, body: response.body ? (JSON.parse(response.body) as Json) : null };
};
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
const deliveries = async () => (await call('GET', '/api/v1/notifications/deliveries')).body.deliveries as Json[];

describe('outgoing mail', () => {
  it('keeps the password sealed, sends a test mail the sink receives, and logs the hand-over', async () => {
    await t.services.settings.setSetting({ accountId }, 'integrations.smtp.api_log_level', 'all');
    const saved = await call('PUT', '/api/v1/notifications/smtp', smtpSettingsFor(sink));
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ configured: true, passwordSet: true, security: 'none' });
    expect(JSON.stringify(saved.body)).not.toContain(SMTP_SINK_CREDENTIALS.password);

    const test = await call('POST', '/api/v1/notifications/smtp/test', { to: 'tech@msp.example' });
    expect(test.body).toMatchObject({ ok: true });
    const [mail] = sink.smtp.mails();
    expect(mail).toMatchObject({ envelopeTo: ['tech@msp.example'], subject: '[Info] Flightdeck test mail' });
    expect(mail?.from).toContain('Contoso IT Flightdeck');
    expect(mail?.text).toContain('Flightdeck can send mail');
    // HTML and a text part, as a multipart/alternative mail.
    expect(mail?.raw).toMatch(/multipart\/alternative/i);
    expect(mail?.html).toContain('<table role="presentation"');

    const log = (await call('GET', '/api/v1/external-calls?integration=smtp')).body;
    expect(JSON.stringify(log)).not.toContain(SMTP_SINK_CREDENTIALS.password);
    expect(log.calls.some((c: Json) => c.integration === 'smtp' && c.action === 'sent' && c.outcome === 'ok')).toBe(true);
  });

  it('names a refused login, and never sends the old password to a new server', async () => {
    await call('PUT', '/api/v1/notifications/smtp', { ...smtpSettingsFor(sink), password: 'wrong-password' });
    const test = await call('POST', '/api/v1/notifications/smtp/test', { to: 'tech@msp.example' });
    expect(test.body.ok).toBe(false);
    expect(test.body.message).toMatch(/535|Authentication/i);

    const { password: _password, ...withoutPassword } = smtpSettingsFor(sink);
    const moved = await call('PUT', '/api/v1/notifications/smtp', { ...withoutPassword, host: 'localhost' });
    expect(moved.body.passwordSet).toBe(false);
  });

  it('retries a mail after the server refused the connection, and it arrives once', async () => {
    await call('PUT', '/api/v1/notifications/smtp', smtpSettingsFor(sink));
    const channel = await call('POST', '/api/v1/notifications/channels', {
      kind: 'email',
      name: 'On-call',
      emailTo: ['oncall@msp.example'],
    });
    await call('POST', '/api/v1/notifications/rules', {
      name: 'Mailbox down',
      condition: 'mailbox_poll_failing',
      channelIds: [channel.body.id],
    });
    await t.database.db
      .insertInto('mailbox_settings')
      .values({
        account_id: accountId,
        enabled: true,
        host: 'imap.msp.example',
        port: 993,
        username: 'backups',
        last_poll_ok: false,
        last_poll_message: 'LOGIN failed',
        last_poll_at: new Date(),
      })
      .execute();
    sink.smtp.refuseConnections(1);

    const evaluation = await call('POST', '/api/v1/notifications/rules/evaluate');
    expect(evaluation.body).toMatchObject({ opened: 1, queued: 1 });
    expect(sink.smtp.mails()).toHaveLength(1);
    expect(sink.smtp.mails()[0]?.subject).toBe('[Alert] Report mailbox cannot be read');
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: 'sent', attempts: 2, channel: 'On-call', event: 'alert' });
    expect(delivery.lastError).toBeNull();
  });
});

describe('mail that cannot be handed over', () => {
  it('is tried five times when nothing listens, then marked failed with the reason', async () => {
    await call('PUT', '/api/v1/notifications/smtp', { ...smtpSettingsFor(sink), port: 1 });
    const channel = await call('POST', '/api/v1/notifications/channels', {
      kind: 'email',
      name: 'On-call',
      emailTo: ['oncall@msp.example'],
    });
    const test = await call('POST', `/api/v1/notifications/channels/${channel.body.id}/test`);
    // The test is sent in the request once; the queue retries what stays queued.
    expect(test.body).toMatchObject({ ok: false, status: 'queued' });
    expect(test.body.message).toMatch(/ECONNREFUSED/);
    await t.services.notifications.dispatch.dispatch(accountId, [(await deliveries())[0].id]);
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: 'failed', attempts: 5 });
    expect(delivery.lastError).toMatch(/ECONNREFUSED/);
  });
});

describe('alert rules', () => {
  const failingJob = async () => {
    const customer = (await call('POST', '/api/v1/customers', { name: 'Northwind Traders' }, operator)).body.id as string;
    await ingestForCustomer(t, { bearer, operator }, customer, [
      { sourceKey: 'f1', job: 'Nightly Servers', status: 'error', endedAt: hoursAgo(26) },
      { sourceKey: 'f2', job: 'Nightly Servers', status: 'error', endedAt: hoursAgo(2) },
    ]);
    return customer;
  };
  const webhookChannel = async (maxPerHour = 20) =>
    (
      await call('POST', '/api/v1/notifications/channels', {
        kind: 'webhook',
        name: `PSA bridge ${maxPerHour}`,
        url: sink.hookUrl('hooks', 'bridge'),
        signingSecret: WEBHOOK_SANDBOX_SECRET,
        maxPerHour,
      })
    ).body;

  it('alerts once while a job keeps failing, and sends one "cleared" when it runs well again', async () => {
    const customer = await failingJob();
    const channel = await webhookChannel();
    expect(channel).toMatchObject({ kind: 'webhook', urlHost: new URL(sink.origin).host });
    expect(channel.signingSecret).toBeUndefined();
    const rule = await call('POST', '/api/v1/notifications/rules', {
      name: 'Two nights failed',
      condition: 'job_failing',
      threshold: 2,
      channelIds: [channel.id],
    });
    expect(rule.status).toBe(201);

    expect((await call('POST', '/api/v1/notifications/rules/evaluate')).body).toMatchObject({ opened: 1, cleared: 0, queued: 1 });
    expect((await call('POST', '/api/v1/notifications/rules/evaluate')).body).toMatchObject({ opened: 0, stillOpen: 1, queued: 0 });
    const listed = (await call('GET', '/api/v1/notifications/rules')).body.rules[0];
    expect(listed.open).toEqual([expect.objectContaining({ subject: 'Northwind Traders · Nightly Servers' })]);

    await ingestForCustomer(t, { bearer, operator }, customer, [
      { sourceKey: 'ok1', job: 'Nightly Servers', status: 'success', endedAt: hoursAgo(1) },
    ]);
    expect((await call('POST', '/api/v1/notifications/rules/evaluate')).body).toMatchObject({ opened: 0, cleared: 1, queued: 1 });
    expect((await call('POST', '/api/v1/notifications/rules/evaluate')).body).toMatchObject({ opened: 0, cleared: 0, queued: 0 });

    const calls = sink.receiver.received();
    expect(calls.map((c) => [c.kind, c.status, c.verified, c.event])).toEqual([
      ['webhook', 204, true, 'alert'],
      ['webhook', 204, true, 'cleared'],
    ]);
    expect(calls[0]?.body).toMatchObject({
      event: 'alert',
      severity: 'critical',
      title: 'Northwind Traders · Nightly Servers failed 2 runs in a row',
      condition: { kind: 'job_failing', rule: 'Two nights failed' },
    });
    expect(calls[1]?.body).toMatchObject({
      event: 'cleared',
      severity: 'resolved',
      title: 'Northwind Traders · Nightly Servers ran well again',
    });
  });

  it('alerts when a customer has had no good backup for X days, and when a PSA refuses the credentials', async () => {
    const customer = await failingJob();
    // The job has been watched for ten days, and failed throughout.
    await t.database.db
      .updateTable('backup_jobs')
      .set({ created_at: new Date(Date.now() - 10 * 86_400_000) })
      .where('account_id', '=', accountId)
      .execute();
    await t.database.db
      .insertInto('psa_integrations')
      .values({ account_id: accountId, kind: 'autotask', enabled: true, connection: JSON.stringify({ username: 'api@msp.example' }) })
      .execute();
    await t.services.credentials.saveCredentials({ accountId }, 'autotask', 'api_key', { secret: 'stale' });
    await t.services.credentials.recordTestResult({ accountId }, 'autotask', {
      ok: false,
      message: 'Autotask refused the credentials: 401',
    });
    const channel = await webhookChannel();
    await call('POST', '/api/v1/notifications/rules', {
      name: 'Three days dark',
      condition: 'customer_without_success',
      threshold: 3,
      channelIds: [channel.id],
    });
    await call('POST', '/api/v1/notifications/rules', { name: 'PSA login', condition: 'psa_auth_failing', channelIds: [channel.id] });
    expect((await call('POST', '/api/v1/notifications/rules/evaluate')).body).toMatchObject({ opened: 2, queued: 2 });
    const titles = sink.receiver
      .received()
      .map((c) => (c.body as { title: string }).title)
      .sort();
    expect(titles).toEqual(["Autotask refuses Flightdeck's credentials", 'Northwind Traders has had no good backup for 3 days']);

    await t.services.credentials.recordTestResult({ accountId }, 'autotask', { ok: true, message: 'Connected' });
    await ingestForCustomer(t, { bearer, operator }, customer, [
      { sourceKey: 'ok2', job: 'Nightly Servers', status: 'warning', endedAt: hoursAgo(1) },
    ]);
    expect((await call('POST', '/api/v1/notifications/rules/evaluate')).body).toMatchObject({ opened: 0, cleared: 2 });
  });

  it('holds a channel to its hourly limit and logs the rest as rate-limited', async () => {
    await failingJob();
    const channel = await webhookChannel(1);
    await call('POST', '/api/v1/notifications/rules', {
      name: 'Any failure',
      condition: 'job_failing',
      threshold: 1,
      channelIds: [channel.id],
    });
    await call('POST', '/api/v1/notifications/rules', {
      name: 'Two failures',
      condition: 'job_failing',
      threshold: 2,
      channelIds: [channel.id],
    });
    expect((await call('POST', '/api/v1/notifications/rules/evaluate')).body).toMatchObject({ opened: 2, queued: 2 });
    expect(sink.receiver.received()).toHaveLength(1);
    const statuses = (await deliveries()).map((d) => d.status).sort();
    expect(statuses).toEqual(['rate_limited', 'sent']);
    const limited = (await deliveries()).find((d) => d.status === 'rate_limited');
    expect(limited.lastError).toMatch(/at most 1/);
  });

  it('sends Teams an Adaptive Card and Slack a message with fallback text, each accepted', async () => {
    await failingJob();
    const teams = (
      await call('POST', '/api/v1/notifications/channels', {
        kind: 'teams',
        name: 'Teams NOC',
        url: `${sink.hookUrl('teams', 'noc')}?api-version=2016-06-01&sig=abc`,
      })
    ).body;
    const slack = (
      await call('POST', '/api/v1/notifications/channels', { kind: 'slack', name: 'Slack #backups', url: sink.hookUrl('slack', 'backups') })
    ).body;
    expect(JSON.stringify([teams, slack])).not.toContain('sig=abc');
    await call('POST', '/api/v1/notifications/rules', {
      name: 'Any failure',
      condition: 'job_failing',
      threshold: 1,
      channelIds: [teams.id, slack.id],
    });
    await call('POST', '/api/v1/notifications/rules/evaluate');

    const byKind = Object.fromEntries(sink.receiver.received().map((c) => [c.kind, c]));
    expect(byKind.teams).toMatchObject({ status: 202 });
    expect(byKind.teams?.body).toMatchObject({
      type: 'message',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard' } }],
    });
    expect(byKind.slack).toMatchObject({ status: 200 });
    expect(byKind.slack?.body).toMatchObject({ text: 'Alert: Northwind Traders · Nightly Servers failed its last run' });
    expect((await deliveries()).every((d) => d.status === 'sent')).toBe(true);
  });

  it('gives a webhook a generated secret once, and the receiver refuses a wrong one', async () => {
    const created = await call('POST', '/api/v1/notifications/channels', {
      kind: 'webhook',
      name: 'Generated',
      url: sink.hookUrl('hooks', 'generated'),
    });
    expect(created.body.signingSecret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await call('GET', '/api/v1/notifications/channels')).body.channels[0].signingSecret).toBeUndefined();

    // The receiver checks against the fixed sandbox secret: a message signed with another is refused.
    const refused = await call('POST', `/api/v1/notifications/channels/${created.body.id}/test`);
    expect(refused.body).toMatchObject({ ok: false, status: 'failed' });
    expect(sink.receiver.received()[0]).toMatchObject({ status: 401, verified: false, reason: 'signature does not match' });

    await fetch(`${sink.origin}/_sandbox/webhook-secrets`, {
      method: 'POST',
      body: JSON.stringify({ name: 'generated', secret: created.body.signingSecret }),
    });
    expect((await call('POST', `/api/v1/notifications/channels/${created.body.id}/test`)).body).toMatchObject({ ok: true, status: 'sent' });
  });

  it('refuses a channel URL on a private address when the policy does not allow it', async () => {
    const { createOutboundPolicy } = await import('#src/features/external-calls/outbound-policy');
    const strict = await createTestApp({ outbound: createOutboundPolicy() });
    try {
      const account = await strict.newAccount(['admin']);
      const headers = await strict.login(account.users.admin.email);
      const response = await strict.app.inject({
        method: 'POST',
        url: '/api/v1/notifications/channels',
        headers,
        payload: { kind: 'slack', name: 'Metadata', url: 'http://169.254.169.254/latest/meta-data/' },
      });
      expect(response.statusCode).toBe(400);
      expect(response.body).toMatch(/169\.254\.169\.254/);
    } finally {
      await strict.close();
    }
  });

  it('lets only admins see or change notifications', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/notifications/smtp'],
      ['GET', '/api/v1/notifications/channels'],
      ['GET', '/api/v1/notifications/rules'],
      ['GET', '/api/v1/notifications/deliveries'],
      ['POST', '/api/v1/notifications/rules/evaluate'],
    ] as const) {
      expect((await call(method, url, undefined, operator)).status, `${method} ${url}`).toBe(403);
    }
  });
});

describe('webhook signatures', () => {
  it('are HMAC-SHA256 over the timestamp and the body, refused when stale or altered', () => {
    const body = '{"event":"alert"}';
    const now = 1_800_000_000;
    const sign = (ts: number, text: string) =>
      `sha256=${createHmac('sha256', 'secret-secret-secret').update(`${ts}.${text}`).digest('hex')}`;
    expect(verifySignature('secret-secret-secret', body, String(now), sign(now, body), now + 10)).toEqual({ ok: true });
    expect(verifySignature('secret-secret-secret', body, String(now), sign(now, body), now + 301)).toMatchObject({
      ok: false,
      reason: /five-minute/,
    });
    expect(verifySignature('secret-secret-secret', `${body} `, String(now), sign(now, body), now)).toMatchObject({
      ok: false,
      reason: /does not match/,
    });
  });
});
