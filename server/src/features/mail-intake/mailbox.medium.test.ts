// B2.3 (b): polling a report mailbox over IMAP (the sandbox IMAP server, driven by imapflow).
import fs from 'node:fs';
import path from 'node:path';
import { IMAP_SANDBOX_CREDENTIALS, type ImapSandbox, startImapSandbox } from '@flightdeck/sandbox/imap/imap-sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOutboundPolicy } from '#src/features/external-calls/outbound-policy';
import { createTestApp, type TestApp } from '../../../test/test-app';

let t: TestApp;
let imap: ImapSandbox;
let admin: Record<string, string>;
let operator: Record<string, string>;

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'parsers', 'fixtures', name));

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await imap?.close();
  await t?.close();
});
beforeEach(async () => {
  await imap?.close();
  imap = await startImapSandbox();
  const { users } = await t.newAccount();
  admin = await t.login(users.admin.email);
  operator = await t.login(users.operator.email);
});

const configure = (overrides: Record<string, unknown> = {}) =>
  t.app.inject({
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
      ...overrides,
    },
  });
const poll = () => t.app.inject({ method: 'POST', url: '/api/v1/mailbox/poll', headers: operator });

describe('report mailbox polling', () => {
  it('stores and parses every waiting mail, then moves it to the processed folder', async () => {
    imap.deliver(fixture('veeam-backup-warning.eml'));
    imap.deliver(fixture('newsletter.eml'));
    const saved = (await configure()).json();
    expect(saved).toMatchObject({ enabled: true, passwordSet: true });
    expect(JSON.stringify(saved)).not.toContain(IMAP_SANDBOX_CREDENTIALS.password);

    const first = (await poll()).json();
    expect(first).toMatchObject({ ok: true, fetched: 2, parsed: 1, notUnderstood: 1, moved: 2 });
    expect([imap.count('INBOX'), imap.count('Processed')]).toEqual([0, 2]);
    const mails = (await t.app.inject({ method: 'GET', url: '/api/v1/mails', headers: operator })).json().mails;
    expect(mails.map((m: { source: string; status: string }) => `${m.source}:${m.status}`).sort()).toEqual([
      'imap:parsed',
      'imap:unparsed',
    ]);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/inbox', headers: operator })).json().entries).toHaveLength(1);

    expect((await poll()).json()).toMatchObject({ ok: true, fetched: 0 });
    const view = (await t.app.inject({ method: 'GET', url: '/api/v1/mailbox', headers: admin })).json();
    expect(view.lastPoll).toMatchObject({ ok: true, message: expect.stringContaining('0 mail(s)') });
  });

  it('recognises a mail it already has, and reports a refused login without losing anything', async () => {
    await configure({ password: 'wrong' });
    imap.deliver(fixture('veeam-backup-warning.eml'));
    const refused = (await poll()).json();
    expect(refused).toMatchObject({ ok: false, fetched: 0, moved: 0 });
    expect(imap.count('INBOX')).toBe(1);

    await configure({ password: IMAP_SANDBOX_CREDENTIALS.password });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/mails',
      headers: { ...operator, 'content-type': 'message/rfc822' },
      payload: fixture('veeam-backup-warning.eml'),
    });
    expect((await poll()).json()).toMatchObject({ ok: true, fetched: 1, alreadyReceived: 1, moved: 1 });
  });

  it('does not connect while polling is off, and keeps settings for admins', async () => {
    await configure({ enabled: false });
    expect((await poll()).statusCode).toBe(422);
    expect(imap.commands()).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/mailbox', headers: operator })).statusCode).toBe(403);
    const sameFolder = await configure({ processedFolder: 'INBOX', folder: 'INBOX' });
    expect(sameFolder.statusCode).toBe(400);
  });

  it('drops the password when the host or user changes, so it never goes to the new host (issue 13 finding 9)', async () => {
    expect((await configure()).json()).toMatchObject({ passwordSet: true });
    const moved = await configure({ enabled: false, host: '127.0.0.2', password: undefined });
    expect(moved.json()).toMatchObject({ passwordSet: false, host: '127.0.0.2' });
    const refused = await configure({ enabled: true, host: '127.0.0.2', password: undefined });
    expect(refused.statusCode).toBe(400);
    expect((await configure({ password: undefined })).statusCode).toBe(400);
  });

  it('refuses a loopback mailbox host without the opt-in and never sends the password (issue 13 finding 9)', async () => {
    const strict = await createTestApp({ outbound: createOutboundPolicy() });
    try {
      const { users } = await strict.newAccount(['admin']);
      const strictAdmin = await strict.login(users.admin.email);
      const saved = await strict.app.inject({
        method: 'PUT',
        url: '/api/v1/mailbox',
        headers: strictAdmin,
        payload: {
          enabled: true,
          host: imap.host,
          port: imap.port,
          tls: false,
          username: IMAP_SANDBOX_CREDENTIALS.user,
          password: IMAP_SANDBOX_CREDENTIALS.password,
          folder: 'INBOX',
          processedFolder: 'Processed',
        },
      });
      expect(saved.statusCode).toBe(200);
      const polled = await strict.app.inject({ method: 'POST', url: '/api/v1/mailbox/poll', headers: strictAdmin });
      expect(JSON.stringify(polled.json())).toContain('does not send requests to');
      expect(imap.commands()).toEqual([]);
    } finally {
      await strict.close();
    }
  });

  it('moves a poison mail between good ones to the failed folder, stored and flagged, and goes on (issue 11 acceptance)', async () => {
    await configure();
    imap.deliver(fixture('veeam-backup-warning.eml'));
    // Not an e-mail at all (no headers, binary): the intake stores it and flags it failed.
    imap.deliver(Buffer.concat([Buffer.from([0x00, 0xff, 0xfe, 0x00]), Buffer.alloc(2048, 0x9c)]));
    imap.deliver(fixture('proxmox-success.eml'));
    const polled = (await poll()).json();
    expect(polled).toMatchObject({ ok: true, fetched: 3, parsed: 2, failed: 1, moved: 3 });
    expect([imap.count('INBOX'), imap.count('Processed'), imap.count('Failed')]).toEqual([0, 2, 1]);
    const mails = (await t.app.inject({ method: 'GET', url: '/api/v1/mails', headers: operator })).json().mails;
    const poison = mails.find((m: { status: string }) => m.status === 'failed');
    expect(poison).toMatchObject({ source: 'imap', reason: expect.stringContaining('not an e-mail') });

    imap.deliver(fixture('synology-abb-it-completed.eml'));
    expect((await poll()).json()).toMatchObject({ ok: true, fetched: 1, parsed: 1, failed: 0 });
  });

  it('tests the connection step by step and names the step that failed', async () => {
    await configure();
    const ok = (await t.app.inject({ method: 'POST', url: '/api/v1/mailbox/test', headers: admin })).json();
    expect(ok).toMatchObject({ ok: true });
    expect(ok.steps.map((s: { step: string }) => s.step)).toEqual(['connect', 'sign_in', 'folder']);

    await configure({ password: 'wrong' });
    const refused = (await t.app.inject({ method: 'POST', url: '/api/v1/mailbox/test', headers: admin })).json();
    expect(refused.ok).toBe(false);
    expect(refused.steps.at(-1)).toMatchObject({ step: 'sign_in', ok: false });

    await configure({ folder: 'Reports' });
    const noFolder = (await t.app.inject({ method: 'POST', url: '/api/v1/mailbox/test', headers: admin })).json();
    expect(noFolder.steps.at(-1)).toMatchObject({ step: 'folder', ok: false, message: expect.stringContaining('No folder "Reports"') });
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/mailbox/test', headers: operator })).statusCode).toBe(403);
  });
});
