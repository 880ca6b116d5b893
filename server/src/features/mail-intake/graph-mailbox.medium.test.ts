// Issue 11 item 7 (B2.3 b): a Microsoft 365 report mailbox read through Graph, against the Graph
// simulator: token, folders, paging, raw MIME, move, throttling, and each failure named.
import fs from 'node:fs';
import path from 'node:path';
import { GRAPH_SANDBOX_CREDENTIALS as GRAPH, type GraphSandbox, startGraphSandbox } from '@flightdeck/sandbox/graph/graph-sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app';

let t: TestApp;
let graph: GraphSandbox;
let admin: Record<string, string>;
let operator: Record<string, string>;
let accountId: string;

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'parsers', 'fixtures', name));

beforeAll(async () => {
  t = await createTestApp();
  graph = await startGraphSandbox();
});
afterAll(async () => {
  await graph?.close();
  await t?.close();
});
beforeEach(async () => {
  graph.store.reset();
  graph.clearRequests();
  const { users, account } = await t.newAccount();
  accountId = account.id;
  admin = await t.login(users.admin.email);
  operator = await t.login(users.operator.email);
});

const configure = (overrides: Record<string, unknown> = {}) =>
  t.app.inject({
    method: 'PUT',
    url: '/api/v1/mailbox',
    headers: admin,
    payload: {
      provider: 'graph',
      enabled: true,
      tenantId: GRAPH.tenantId,
      clientId: GRAPH.clientId,
      clientSecret: GRAPH.clientSecret,
      mailbox: GRAPH.mailbox,
      signInUrl: graph.origin,
      graphUrl: graph.origin,
      folder: 'Inbox',
      ...overrides,
    },
  });
const poll = () => t.app.inject({ method: 'POST', url: '/api/v1/mailbox/poll', headers: operator });
const test = () => t.app.inject({ method: 'POST', url: '/api/v1/mailbox/test', headers: admin });

describe('a Microsoft 365 report mailbox through Graph', () => {
  it('takes in every waiting mail across pages, byte for byte, and moves it to the processed folder', async () => {
    const latin1 = fixture('acronis-whitelabel-erfolgreich.eml');
    graph.deliver(fixture('veeam-backup-warning.eml'));
    graph.deliver(latin1);
    for (let i = 0; i < 52; i++) {
      graph.deliver(
        Buffer.from(`From: news@vendor.example\r\nSubject: Newsletter ${i}\r\nDate: Mon, 30 Nov 2026 09:00:00 +0000\r\n\r\nHello ${i}\r\n`),
      );
    }
    const saved = (await configure()).json();
    expect(saved).toMatchObject({ provider: 'graph', enabled: true, graph: { clientSecretSet: true, mailbox: GRAPH.mailbox } });
    expect(JSON.stringify(saved)).not.toContain(GRAPH.clientSecret);

    const polled = (await poll()).json();
    expect(polled).toMatchObject({ ok: true, fetched: 54, parsed: 2, notUnderstood: 52, failed: 0, moved: 54 });
    expect(graph.subjectsIn('inbox')).toEqual([]);
    expect(graph.subjectsIn('Processed')).toHaveLength(54);
    // More than one page was listed: the client followed @odata.nextLink.
    expect(graph.requests().filter((r) => r.path.endsWith('/messages') && r.method === 'GET').length).toBeGreaterThan(1);

    const mails = (await t.app.inject({ method: 'GET', url: '/api/v1/mails?limit=100', headers: operator })).json().mails;
    const acronis = mails.find((m: { subject: string }) => m.subject.startsWith('Sicherung erfolgreich'));
    expect(acronis).toMatchObject({
      source: 'graph',
      status: 'parsed',
      subject: 'Sicherung erfolgreich: Frankenbrecher Stöhr - Backup täglich PC SRV01',
    });
    const raw = await t.app.inject({ method: 'GET', url: `/api/v1/mails/${acronis.id}/raw`, headers: operator });
    expect(raw.rawPayload.equals(latin1)).toBe(true);

    expect((await poll()).json()).toMatchObject({ ok: true, fetched: 0 });
  });

  it('moves a poison mail to the failed folder, stored and flagged, between good ones, and goes on', async () => {
    await configure();
    graph.deliver(fixture('veeam-backup-warning.eml'));
    graph.deliver(Buffer.concat([Buffer.from([0x00, 0xff, 0xfe]), Buffer.alloc(4096, 0x9c)]));
    graph.deliver(fixture('proxmox-success.eml'));
    expect((await poll()).json()).toMatchObject({ ok: true, fetched: 3, parsed: 2, failed: 1, moved: 3 });
    expect(graph.subjectsIn('Processed')).toHaveLength(2);
    expect(graph.subjectsIn('Failed')).toHaveLength(1);
    const mails = (await t.app.inject({ method: 'GET', url: '/api/v1/mails?status=failed', headers: operator })).json().mails;
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ source: 'graph', reason: expect.stringContaining('not an e-mail') });

    graph.deliver(fixture('synology-abb-it-completed.eml'));
    expect((await poll()).json()).toMatchObject({ ok: true, fetched: 1, parsed: 1 });
  });

  it('waits out a 429 with Retry-After and then carries on', async () => {
    await configure();
    graph.deliver(fixture('veeam-backup-warning.eml'));
    await fetch(`${graph.origin}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'rate_limit', path: '/messages$', times: 1, retryAfterSeconds: 1 }),
    });
    expect((await poll()).json()).toMatchObject({ ok: true, fetched: 1, parsed: 1 });
    const listings = graph.requests().filter((r) => r.path.endsWith('/messages'));
    expect(listings.map((r) => r.status)).toEqual([429, 200]);
  });

  it('names what failed: token, mailbox, folder, permission', async () => {
    await configure();
    expect((await test()).json()).toMatchObject({
      ok: true,
      steps: [
        { step: 'token', ok: true },
        { step: 'mailbox', ok: true },
        { step: 'folder', ok: true },
        { step: 'permission', ok: true },
      ],
    });

    await configure({ clientSecret: 'not-the-secret' });
    expect((await test()).json().steps).toEqual([
      { step: 'token', ok: false, message: expect.stringContaining('AADSTS7000215: Invalid client secret provided') },
    ]);
    expect((await poll()).json()).toMatchObject({ ok: false, message: expect.stringContaining('AADSTS7000215') });

    await configure({ mailbox: 'nobody@flightdecksandbox.onmicrosoft.com' });
    expect((await test()).json().steps.at(-1)).toMatchObject({
      step: 'mailbox',
      ok: false,
      message: expect.stringContaining('ErrorInvalidUser'),
    });

    await configure({ folder: 'Inbox/Backup reports' });
    expect((await test()).json().steps.at(-1)).toMatchObject({
      step: 'folder',
      ok: false,
      message: expect.stringContaining('Inbox/Backup reports'),
    });

    await configure();
    await fetch(`${graph.origin}/_sandbox/behaviour`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ permissions: [] }),
    });
    expect((await test()).json().steps.at(-1)).toMatchObject({
      step: 'permission',
      ok: false,
      message: expect.stringContaining('Mail.ReadWrite'),
    });
  });

  it('never logs or returns the client secret or the access token, and drops the secret when the tenant changes', async () => {
    // Log every Graph call, successful ones included, so the check covers them all.
    await t.services.settings.setSetting({ accountId }, 'integrations.microsoft_graph.api_log_level', 'all');
    await configure();
    graph.deliver(fixture('veeam-backup-warning.eml'));
    await poll();
    const tokens = [...graph.store.tokens.keys()];
    expect(tokens.length).toBeGreaterThan(0);
    const calls = await t.database.db.selectFrom('external_call_log').selectAll().where('integration', '=', 'microsoft_graph').execute();
    expect(calls.length).toBeGreaterThan(0);
    const logged = JSON.stringify(calls);
    expect(logged).not.toContain(GRAPH.clientSecret);
    for (const token of tokens) {
      expect(logged).not.toContain(token.split('.')[1]);
    }
    const view = (await t.app.inject({ method: 'GET', url: '/api/v1/mailbox', headers: admin })).body;
    expect(view).not.toContain(GRAPH.clientSecret);

    const moved = (await configure({ enabled: false, tenantId: 'contoso.onmicrosoft.com', clientSecret: undefined })).json();
    expect(moved.graph).toMatchObject({ tenantId: 'contoso.onmicrosoft.com', clientSecretSet: false });
  });
});
