// Browser (issue 20 acceptance): an admin sets up outgoing mail against the SMTP sink, a Teams
// channel, a signed webhook and an e-mail channel, a rule that sends to all three when the report
// mailbox cannot be read; breaks the mailbox, checks the rules, and sees the mail and the webhook
// calls on the notifications sandbox's pages — the webhook's signature verified by the receiver.
import { type NotificationsSandbox, startNotificationsSandbox } from '@flightdeck/sandbox/notifications/notifications-sandbox';
import { SMTP_SINK_CREDENTIALS } from '@flightdeck/sandbox/notifications/smtp-sink';
import { WEBHOOK_SANDBOX_SECRET } from '@flightdeck/sandbox/notifications/webhook-receiver';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, screenshot } from './support/browser';
import { type Instance, newInstance, type Started, startFlightdeck } from './support/server';
import { demoLogin, signIn } from './support/sign-in';

const POLL = { timeout: 30_000, interval: 250 };

describe.skipIf(!hasChromium)('notifications in the browser (skipped only when /usr/bin/chromium is absent outside CI)', () => {
  let server: Started;
  let instance: Instance;
  let browser: Browser;
  let sink: NotificationsSandbox;

  beforeAll(async () => {
    sink = await startNotificationsSandbox();
    instance = await newInstance();
    // The sink listens on loopback, which only the documented opt-in lets Flightdeck reach.
    server = await startFlightdeck({ ...instance, env: { ...instance.env, FLIGHTDECK_ALLOW_PRIVATE_TARGETS: '1' } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await instance?.drop();
    await sink?.close();
  });

  it('sends an alert to e-mail, Teams and a signed webhook when the mailbox breaks, and "cleared" never before it mends', async () => {
    const admin = demoLogin(server, 'admin');
    const { page, problems, close } = await signIn(browser, server, admin.email, admin.password);

    await page.getByRole('link', { name: 'Notifications' }).click();
    const smtp = page.getByRole('form', { name: 'Outgoing mail' });
    await smtp.getByLabel('Server').fill(sink.smtp.host);
    await smtp.getByLabel('Security').selectOption('none');
    await smtp.getByLabel('Port').fill(String(sink.smtp.port));
    await smtp.getByLabel('User name').fill(SMTP_SINK_CREDENTIALS.user);
    await smtp.getByLabel('Password').fill(SMTP_SINK_CREDENTIALS.password);
    await smtp.getByLabel('From address').fill('flightdeck@msp.example');
    await smtp.getByRole('button', { name: 'Save' }).click();
    await smtp.getByText('Saved.').waitFor();
    expect(await smtp.getByLabel('Password').getAttribute('placeholder')).toContain('stored');
    await smtp.getByLabel('Send a test mail to').fill('tech@msp.example');
    await smtp.getByRole('button', { name: 'Send test mail' }).click();
    await expect.poll(() => smtp.getByTestId('smtp-test-result').textContent(), POLL).toContain('Accepted by');
    expect(sink.smtp.mails().map((m) => m.subject)).toEqual(['[Info] Flightdeck test mail']);

    const channels = page.getByRole('region', { name: 'Alert channels' });
    const addChannel = async (kind: string, name: string, target: string, secret?: string) => {
      await channels.getByLabel('Kind').selectOption(kind);
      await channels.getByLabel('Name').fill(name);
      await channels.getByLabel(kind === 'email' ? 'Addresses (comma-separated)' : 'Webhook URL').fill(target);
      if (secret) {
        await channels.getByLabel('Signing secret (optional)').fill(secret);
      }
      await channels.getByRole('button', { name: 'Add channel' }).click();
      await channels.getByTestId(`channel-${name}`).waitFor();
    };
    await addChannel('teams', 'Teams NOC', `${sink.hookUrl('teams', 'noc')}?api-version=2016-06-01&sig=e2e`);
    await addChannel('webhook', 'PSA bridge', sink.hookUrl('hooks', 'psa-bridge'), WEBHOOK_SANDBOX_SECRET);
    await addChannel('email', 'On-call', 'oncall@msp.example');
    expect(await channels.getByTestId('channel-Teams NOC').textContent()).not.toContain('sig=e2e');

    const rules = page.getByRole('region', { name: 'Alert rules' });
    await rules.getByLabel('Name').fill('Mailbox down');
    await rules.getByLabel('When').selectOption('mailbox_poll_failing');
    for (const name of ['Teams NOC', 'PSA bridge', 'On-call']) {
      await rules.getByText(name, { exact: true }).click();
    }
    await rules.getByRole('button', { name: 'Add rule' }).click();
    await rules.getByTestId('rule-Mailbox down').waitFor();
    await screenshot(page, 'notifications-set-up');

    // The condition: a report mailbox whose server does not answer, polled once.
    await page.getByRole('link', { name: 'Extensions & Integrations' }).click();
    await page.getByRole('tab', { name: 'Report mailbox' }).click();
    const mailbox = page.getByRole('form', { name: 'Report mailbox' });
    await mailbox.getByLabel('Poll this mailbox').check();
    await mailbox.getByLabel('IMAP host', { exact: true }).fill('127.0.0.1');
    await mailbox.getByLabel('Port', { exact: true }).fill('1');
    await mailbox.getByLabel('User name', { exact: true }).fill('backups@msp.example');
    await mailbox.getByLabel('Password', { exact: true }).fill('not-a-real-password');
    await mailbox.getByRole('button', { name: 'Save', exact: true }).click();
    await mailbox.getByText('Saved.').waitFor();
    await mailbox.getByRole('button', { name: 'Poll now' }).click();
    await page
      .getByText(/Mailbox backups@msp\.example@127\.0\.0\.1/)
      .first()
      .waitFor(POLL);

    await page.getByRole('link', { name: 'Notifications' }).click();
    await rules.getByRole('button', { name: 'Check rules now' }).click();
    await expect.poll(() => rules.getByTestId('evaluation').textContent(), POLL).toContain('1 new alert');
    expect(await rules.getByTestId('evaluation').textContent()).toContain('3 messages queued');
    // Sent by the job queue, not in the request: the log shows them going out.
    const log = page.getByRole('region', { name: 'Delivery log' });
    await expect.poll(() => log.getByText('sent', { exact: true }).count(), POLL).toBe(3);
    expect(await rules.getByTestId('rule-Mailbox down').textContent()).toContain('Open: Report mailbox');
    await screenshot(page, 'notifications-sent');

    // A second check while it is still broken sends nothing.
    await rules.getByRole('button', { name: 'Check rules now' }).click();
    await expect.poll(() => rules.getByTestId('evaluation').textContent(), POLL).toContain('1 still open');
    expect(await rules.getByTestId('evaluation').textContent()).toContain('0 messages queued');

    // The sandbox's own pages, as a person checking what arrived would read them.
    const sandboxPage = await browser.newPage();
    await sandboxPage.goto(sink.origin);
    await sandboxPage.getByRole('link', { name: '[Alert] Report mailbox cannot be read' }).waitFor();
    const calls = await sandboxPage.locator('table').nth(1).textContent();
    expect(calls).toContain('teams');
    expect(calls).toContain('202');
    expect(calls).toContain('verified');
    await screenshot(sandboxPage, 'notifications-sandbox');
    await sandboxPage.getByRole('link', { name: '[Alert] Report mailbox cannot be read' }).click();
    await sandboxPage.getByRole('heading', { name: '[Alert] Report mailbox cannot be read' }).waitFor();
    expect(await sandboxPage.locator('pre').textContent()).toContain('Report mails are not being taken in.');
    await screenshot(sandboxPage, 'notifications-alert-mail');
    await sandboxPage.close();

    const received = sink.receiver.received();
    expect(received.map((c) => `${c.kind}:${c.status}:${c.verified}`).sort()).toEqual(['teams:202:null', 'webhook:204:true']);
    expect(sink.smtp.mails().find((m) => m.subject.startsWith('[Alert]'))?.envelopeTo).toEqual(['oncall@msp.example']);
    expect(problems).toEqual([]);
    await close();
  });
});
