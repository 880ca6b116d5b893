// Issue 11 item 6 acceptance: 1 MB adversarial mails through the upload route and through the IMAP
// poller while /healthz is asked every 25 ms over real HTTP. Every health check is answered; the
// longest wait for one is the stall a hostile sender can cause. The figures are printed and
// written to test-results/intake-stall.json; the bound below only catches a return of the
// seconds-long stalls (5–9 s) this issue was filed for.
import fs from 'node:fs';
import { IMAP_SANDBOX_CREDENTIALS, startImapSandbox } from '@flightdeck/sandbox/imap/imap-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adversarialMails } from '../../../test/adversarial-mails';
import { createTestApp, type TestApp } from '../../../test/test-app';

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await createTestApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t?.close());

/** Asks /healthz back to back until `work` ends; the longest round trip and how many were answered. */
const whileWatchingHealth = async (work: () => Promise<unknown>) => {
  let done = false;
  let longest = 0;
  let answered = 0;
  let failed = 0;
  const watcher = (async () => {
    while (!done) {
      const started = performance.now();
      const response = await fetch(`${base}/healthz`).catch(() => null);
      longest = Math.max(longest, performance.now() - started);
      if (response?.status === 200) {
        answered += 1;
      } else {
        failed += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  const started = performance.now();
  await work();
  const elapsed = performance.now() - started;
  done = true;
  await watcher;
  return { longestMs: Math.round(longest), answered, failed, elapsedMs: Math.round(elapsed) };
};

describe('an intake no mail can stall (issue 11 item 6)', () => {
  const figures: Record<string, unknown> = {};
  afterAll(() => {
    fs.mkdirSync('test-results', { recursive: true });
    fs.writeFileSync('test-results/intake-stall.json', `${JSON.stringify(figures, null, 2)}\n`);
    console.info('intake stall', JSON.stringify(figures));
  });

  it('keeps answering /healthz while 1 MB adversarial mails are uploaded', async () => {
    const { users } = await t.newAccount();
    const operator = await t.login(users.operator.email);
    const mails = adversarialMails();
    const statuses: number[] = [];
    const upload = await whileWatchingHealth(async () => {
      for (const mail of mails) {
        const response = await fetch(`${base}/api/v1/mails`, {
          method: 'POST',
          headers: { ...operator, 'content-type': 'message/rfc822' },
          body: mail.raw,
        });
        statuses.push(response.status);
      }
    });
    figures.upload = { mails: mails.length, ...upload };
    expect(statuses.every((s) => s === 200 || s === 201)).toBe(true);
    expect(upload.failed).toBe(0);
    expect(upload.answered).toBeGreaterThan(0);
    expect(upload.longestMs).toBeLessThan(3000);
  });

  it('keeps answering /healthz while the poller takes 1 MB adversarial mails from the mailbox', async () => {
    const imap = await startImapSandbox();
    try {
      const { users } = await t.newAccount();
      const admin = await t.login(users.admin.email);
      const mails = adversarialMails();
      for (const mail of mails) {
        imap.deliver(mail.raw);
      }
      await t.app.inject({
        method: 'PUT',
        url: '/api/v1/mailbox',
        headers: admin,
        payload: {
          enabled: true,
          host: imap.host,
          port: imap.port,
          tls: false,
          username: IMAP_SANDBOX_CREDENTIALS.user,
          password: IMAP_SANDBOX_CREDENTIALS.password,
        },
      });
      let polled: { fetched?: number; moved?: number } = {};
      const poll = await whileWatchingHealth(async () => {
        polled = (await (await fetch(`${base}/api/v1/mailbox/poll`, { method: 'POST', headers: admin })).json()) as typeof polled;
      });
      figures.imapPoller = { mails: mails.length, ...poll };
      expect(polled).toMatchObject({ fetched: mails.length, moved: mails.length });
      expect(poll.failed).toBe(0);
      expect(poll.longestMs).toBeLessThan(3000);
    } finally {
      await imap.close();
    }
  });
});
