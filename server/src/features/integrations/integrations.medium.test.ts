// B8 over HTTP on a real database against the PSA sandboxes.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AUTOTASK_SANDBOX_CREDENTIALS,
  CONNECTWISE_SANDBOX_CREDENTIALS,
  type Sandboxes,
  startSandboxes,
} from '@flightdeck/sandbox/start-sandboxes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOutboundPolicy } from '#src/features/external-calls/outbound-policy';
import { configureSandboxIntegration, resetSandboxes } from '../../../test/psa-fixtures';
import { createTestApp, type TestApp } from '../../../test/test-app';

let t: TestApp;
let sandboxes: Sandboxes;
let admin: Record<string, string>;
let operator: Record<string, string>;

const SECRETS = [
  AUTOTASK_SANDBOX_CREDENTIALS.secret,
  AUTOTASK_SANDBOX_CREDENTIALS.integrationCode,
  CONNECTWISE_SANDBOX_CREDENTIALS.privateKey,
  Buffer.from(
    `${CONNECTWISE_SANDBOX_CREDENTIALS.companyId}+${CONNECTWISE_SANDBOX_CREDENTIALS.publicKey}:${CONNECTWISE_SANDBOX_CREDENTIALS.privateKey}`,
  ).toString('base64'),
];

beforeAll(async () => {
  t = await createTestApp();
  sandboxes = await startSandboxes();
});
afterAll(async () => {
  await sandboxes?.close();
  await t?.close();
});
beforeEach(async () => {
  await resetSandboxes(sandboxes);
  const { users } = await t.newAccount(['admin', 'operator']);
  admin = await t.login(users.admin.email);
  operator = await t.login(users.operator.email);
});

const post = (url: string, headers: Record<string, string>, payload: Record<string, unknown> = {}) =>
  t.app.inject({ method: 'POST', url, headers, payload });

describe('saving an integration', () => {
  it('stores secrets write-only: never in responses, the database row or the logs', async () => {
    const saved = await configureSandboxIntegration(t, admin, sandboxes, 'autotask');
    expect(saved.secretsSet).toEqual({ secret: true, integrationCode: true });
    await post('/api/v1/integrations/autotask/test', admin);
    await post('/api/v1/integrations/autotask/reference-data/refresh', admin);
    await configureSandboxIntegration(t, admin, sandboxes, 'connectwise');
    await post('/api/v1/integrations/connectwise/test', admin);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/integrations', headers: admin });
    const rows = await t.database.db.selectFrom('psa_integrations').selectAll().execute();
    const logRows = await t.database.db.selectFrom('external_call_log').selectAll().execute();
    expect(logRows.length).toBeGreaterThan(3);
    const everything = [list.body, JSON.stringify(rows), JSON.stringify(logRows), t.logLines.join('\n')].join('\n');
    for (const secret of SECRETS) {
      expect(everything).not.toContain(secret);
    }
  });

  it('keeps stored secrets when they are omitted', async () => {
    await configureSandboxIntegration(t, admin, sandboxes, 'autotask');
    const again = await configureSandboxIntegration(t, admin, sandboxes, 'autotask', {
      secret: undefined,
      integrationCode: undefined,
      environment: 'production',
    });
    expect(again).toMatchObject({ environment: 'production', secretsSet: { secret: true, integrationCode: true } });
    expect((await post('/api/v1/integrations/autotask/test', admin)).json()).toMatchObject({ ok: true });
  });

  it('refuses invalid configurations with field errors and changes nothing', async () => {
    const payload = {
      kind: 'connectwise',
      enabled: true,
      environment: 'sandbox',
      flightdeckBaseUrl: 'flightdeck.local/no-scheme',
      ticketDefaults: {},
      allowResolving: true,
      allowManualTicketNumbers: false,
      apiLogLevel: 'errors',
      siteUrl: sandboxes.connectwise.siteUrl,
      codebase: 'v4_6_release',
      companyId: 'flightdeck',
      publicKey: 'sandboxpub',
      clientId: 'flightdeck-sandbox',
    };
    const badUrl = await t.app.inject({ method: 'PUT', url: '/api/v1/integrations/connectwise', headers: admin, payload });
    expect(badUrl.statusCode).toBe(400);
    expect(JSON.stringify(badUrl.json())).toContain('flightdeckBaseUrl');
    const noSecret = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/integrations/connectwise',
      headers: admin,
      payload: { ...payload, flightdeckBaseUrl: null },
    });
    expect(noSecret.statusCode).toBe(400);
    expect(noSecret.json().errors).toEqual([{ path: 'privateKey', message: 'Required to enable the integration' }]);
    const view = (await t.app.inject({ method: 'GET', url: '/api/v1/integrations/connectwise', headers: admin })).json();
    expect(view.configured).toBe(false);
  });

  it('takes the ConnectWise cloud site as admins know it, calls the api- host and links to the site (issue 15)', async () => {
    const { cloud } = sandboxes.connectwise;
    const test = async () => (await post('/api/v1/integrations/connectwise/test', admin)).json();
    // The site host, as an admin opens Manage.
    expect((await configureSandboxIntegration(t, admin, sandboxes, 'connectwise', { siteUrl: cloud.siteUrl })).connection.siteUrl).toBe(
      cloud.siteUrl,
    );
    const result = await test();
    expect(result).toMatchObject({ ok: true });
    expect(result.message).toContain(`API on ${cloud.apiOrigin}, ticket links on ${cloud.siteUrl}`);
    expect(result.message).not.toContain('did not answer');
    // The API host typed out of habit: kept as the site, and the test says so.
    const typedApi = await configureSandboxIntegration(t, admin, sandboxes, 'connectwise', { siteUrl: cloud.apiOrigin });
    expect(typedApi.connection.siteUrl).toBe(cloud.siteUrl);
    expect((await test()).ok).toBe(true);
    // The sandbox's site host refuses API calls the way a UI host does: an HTML 404.
    const onSite = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http
        .get(
          {
            host: '127.0.0.1',
            port: new URL(cloud.siteUrl).port,
            path: '/v4_6_release/apis/3.0/system/info',
            headers: { host: new URL(cloud.siteUrl).host },
          },
          resolve,
        )
        .on('error', reject),
    );
    onSite.resume();
    expect(onSite.statusCode).toBe(404);
    expect(onSite.headers['content-type']).toContain('text/html');
  });

  it('rejects a default that is not in the loaded reference data', async () => {
    await configureSandboxIntegration(t, admin, sandboxes, 'autotask');
    await post('/api/v1/integrations/autotask/reference-data/refresh', admin);
    const error = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/integrations/autotask',
      headers: admin,
      payload: { ...(await configureRequest('autotask')), ticketDefaults: { queueId: '123456' } },
    });
    expect(error.statusCode).toBe(400);
    expect(error.json().errors[0].path).toBe('ticketDefaults.queueId');
  });
});

const configureRequest = async (kind: 'autotask' | 'connectwise') => {
  const view = (await t.app.inject({ method: 'GET', url: `/api/v1/integrations/${kind}`, headers: admin })).json();
  return {
    kind,
    enabled: view.enabled,
    environment: view.environment,
    flightdeckBaseUrl: view.flightdeckBaseUrl,
    ticketDefaults: view.ticketDefaults,
    allowResolving: view.allowResolving,
    allowManualTicketNumbers: view.allowManualTicketNumbers,
    apiLogLevel: view.apiLogLevel,
    ...(kind === 'autotask' ? { apiUrl: view.connection.apiUrl, username: view.connection.username } : {}),
  };
};

describe('secrets and outbound targets (issue 13 finding 9, N4)', () => {
  it('drops the sealed secrets when the host changes, so Test never sends them to the new host', async () => {
    const received: string[] = [];
    const listener = http.createServer((req, res) => {
      received.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const port = (listener.address() as AddressInfo).port;
    try {
      await configureSandboxIntegration(t, admin, sandboxes, 'connectwise');
      const moved = await configureSandboxIntegration(t, admin, sandboxes, 'connectwise', {
        siteUrl: `http://127.0.0.1:${port}`,
        privateKey: undefined,
        enabled: false,
      });
      expect(moved.secretsSet).toEqual({ privateKey: false });
      const refused = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/integrations/connectwise',
        headers: admin,
        payload: { ...moved, kind: 'connectwise', enabled: true, ...moved.connection, privateKey: undefined },
      });
      expect(refused.statusCode).toBe(400);
      await post('/api/v1/integrations/connectwise/test', admin);
      expect(received.filter((r) => r.includes('Basic'))).toEqual([]);
    } finally {
      listener.close();
    }
  });

  it('refuses URLs with a fragment, credentials or a query at save', async () => {
    for (const siteUrl of ['http://127.0.0.1:3511/healthz#', 'https://u:p@eu.myconnectwise.net', 'https://eu.myconnectwise.net/?x=1']) {
      const response = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/integrations/connectwise',
        headers: admin,
        payload: {
          kind: 'connectwise',
          enabled: false,
          environment: 'production',
          flightdeckBaseUrl: null,
          ticketDefaults: {},
          allowResolving: true,
          allowManualTicketNumbers: false,
          apiLogLevel: 'all',
          siteUrl,
          codebase: 'v4_6_release',
          companyId: 'x',
          publicKey: 'p',
          clientId: 'c',
        },
      });
      expect([siteUrl, response.statusCode]).toEqual([siteUrl, 400]);
    }
  });

  it('never calls a loopback target without the opt-in, and logs no response from it', async () => {
    const strict = await createTestApp({ outbound: createOutboundPolicy() });
    try {
      const { users } = await strict.newAccount(['admin']);
      const strictAdmin = await strict.login(users.admin.email);
      sandboxes.connectwise.clearRequests();
      await configureSandboxIntegration(strict, strictAdmin, sandboxes, 'connectwise');
      const test = await strict.app.inject({ method: 'POST', url: '/api/v1/integrations/connectwise/test', headers: strictAdmin });
      expect(test.json()).toMatchObject({ ok: false, message: expect.stringContaining('does not send requests to') });
      expect(sandboxes.connectwise.requests()).toEqual([]);
      const calls = await strict.database.db.selectFrom('external_call_log').select(['response_body', 'outcome']).execute();
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.every((c) => c.response_body === null)).toBe(true);
    } finally {
      await strict.close();
    }
  });
});

describe('reference data and validation', () => {
  it('loads Autotask picklists and suggests the B4.4 defaults', async () => {
    await configureSandboxIntegration(t, admin, sandboxes, 'autotask');
    const view = (await post('/api/v1/integrations/autotask/reference-data/refresh', admin)).json();
    expect(view.referenceData.queues.map((q: { name: string }) => q.name)).toContain('Helpdesk');
    expect(view.ticketDefaults).toEqual({
      queueId: '29683490',
      sourceId: '8',
      statusId: '1',
      priorityWarningId: '2',
      priorityErrorId: '1',
      completedStatusId: '5',
      pilotResolvedStatusId: '5',
      pilotEscalatedStatusId: '11',
      // Routing an escalation to another queue is the admin's choice, never suggested.
      pilotEscalationQueueId: null,
      // Issue 15: Task Notes, from the live TicketNotes picklist.
      noteTypeId: '3',
    });
    const validation = (await post('/api/v1/integrations/autotask/validate', admin)).json();
    expect(validation.checks.map((c: { id: string; ok: boolean }) => [c.id, c.ok])).toEqual([
      ['credentials', true],
      ['right_read_companies', true],
      ['right_read_tickets', true],
      ['right_create_tickets', true],
      ['right_add_notes', true],
      ['right_read_time_entries', true],
      ['right_change_status', true],
      ['reference_data', true],
      ['ticket_defaults', true],
      ['base_url', true],
    ]);
    // Autotask cannot show a write right without a write: those are reminders, not passes.
    expect(validation.checks.find((c: { id: string }) => c.id === 'right_add_notes')).toMatchObject({
      message: expect.stringContaining('Not checkable without writing'),
      unverified: true,
    });
    expect(validation.valid).toBe(true);
  });

  it('loads ConnectWise boards, and the statuses of the chosen board', async () => {
    await configureSandboxIntegration(t, admin, sandboxes, 'connectwise');
    const first = (await post('/api/v1/integrations/connectwise/reference-data/refresh', admin)).json();
    expect(first.referenceData.queues.map((q: { name: string }) => q.name)).toEqual(['Help Desk', 'Monitoring', 'Tier 2 Support']);
    expect(first.ticketDefaults).toMatchObject({ queueId: '1', statusId: '1', completedStatusId: '5', sourceId: '4' });
    const monitoring = (await post('/api/v1/integrations/connectwise/reference-data/refresh', admin, { boardId: '2' })).json();
    expect(monitoring.ticketDefaults).toMatchObject({ queueId: '2', statusId: '7', completedStatusId: '11' });
    expect(monitoring.referenceData.statuses.every((s: { id: string }) => Number(s.id) >= 7 && Number(s.id) <= 12)).toBe(true);
  });

  it('checks every right on ConnectWise and names a missing one in words an admin can act on (issue 15)', async () => {
    await configureSandboxIntegration(t, admin, sandboxes, 'connectwise');
    await post('/api/v1/integrations/connectwise/reference-data/refresh', admin);
    const rights = (result: { checks: { id: string; ok: boolean }[] }) =>
      result.checks.filter((c) => c.id.startsWith('right_')).map((c) => [c.id, c.ok]);
    const ticketCount = async () =>
      ((await (await fetch(`${sandboxes.connectwise.origin}/_sandbox/tickets`)).json()) as { tickets: unknown[] }).tickets.length;
    const before = await ticketCount();
    const all = (await post('/api/v1/integrations/connectwise/validate', admin)).json();
    expect(rights(all)).toEqual([
      ['right_read_companies', true],
      ['right_read_tickets', true],
      ['right_create_tickets', true],
      ['right_add_notes', true],
      ['right_read_time_entries', true],
      ['right_change_status', true],
    ]);
    await fetch(`${sandboxes.connectwise.origin}/_sandbox/behaviour`, {
      method: 'PATCH',
      body: JSON.stringify({ deniedRights: ['note.create', 'timeentry.read'] }),
    });
    const denied = (await post('/api/v1/integrations/connectwise/validate', admin)).json();
    expect(denied.valid).toBe(false);
    expect(denied.checks.find((c: { id: string }) => c.id === 'right_add_notes')).toMatchObject({
      ok: false,
      message: expect.stringContaining('The API member cannot add ticket notes'),
    });
    expect(denied.checks.find((c: { id: string }) => c.id === 'right_read_time_entries').ok).toBe(false);
    expect(denied.checks.find((c: { id: string }) => c.id === 'right_create_tickets').ok).toBe(true);
    // The checks wrote nothing.
    expect(await ticketCount()).toBe(before);
  });

  it('asks ConnectWise for the pinned API version and warns when the server is older (issue 15)', async () => {
    await configureSandboxIntegration(t, admin, sandboxes, 'connectwise');
    await post('/api/v1/integrations/connectwise/reference-data/refresh', admin);
    const current = (await post('/api/v1/integrations/connectwise/validate', admin)).json();
    expect(current.checks.find((c: { id: string }) => c.id === 'credentials').message).toContain(
      '(API 2025.1; Flightdeck asks for 2025.1)',
    );
    expect(current.checks.some((c: { id: string }) => c.id === 'api_version')).toBe(false);
    await fetch(`${sandboxes.connectwise.origin}/_sandbox/behaviour`, { method: 'PATCH', body: JSON.stringify({ apiVersion: '2024.3' }) });
    const older = (await post('/api/v1/integrations/connectwise/validate', admin)).json();
    expect(older.valid).toBe(false);
    expect(older.checks.find((c: { id: string }) => c.id === 'api_version')).toMatchObject({
      ok: false,
      message: expect.stringContaining('2024.3 is older than the 2025.1'),
    });
  });

  it('reports a failed connection test without throwing, and stores it', async () => {
    await configureSandboxIntegration(t, admin, sandboxes, 'connectwise', { privateKey: 'wrong-key' });
    const test = (await post('/api/v1/integrations/connectwise/test', admin)).json();
    expect(test).toMatchObject({ ok: false, message: expect.stringContaining('refused the credentials') });
    const view = (await t.app.inject({ method: 'GET', url: '/api/v1/integrations/connectwise', headers: admin })).json();
    expect(view.lastTest).toMatchObject({ ok: false });
  });
});

describe('roles and the disabled switch', () => {
  it('keeps integration settings for admins; operators may search companies', async () => {
    await configureSandboxIntegration(t, admin, sandboxes, 'autotask');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/integrations', headers: operator })).statusCode).toBe(403);
    expect((await post('/api/v1/integrations/autotask/test', operator)).statusCode).toBe(403);
    const search = await t.app.inject({ method: 'GET', url: '/api/v1/integrations/autotask/companies?query=winery', headers: operator });
    expect(search.json()).toEqual({ items: [{ id: '184', name: 'Coho Winery', active: true }], page: 1, hasMore: false });
  });

  it('makes no PSA call at all while an integration is disabled', async () => {
    await configureSandboxIntegration(t, admin, sandboxes, 'autotask', { enabled: false });
    await configureSandboxIntegration(t, admin, sandboxes, 'connectwise', { enabled: false });
    sandboxes.autotask.clearRequests();
    sandboxes.connectwise.clearRequests();
    for (const kind of ['autotask', 'connectwise']) {
      expect((await post(`/api/v1/integrations/${kind}/test`, admin)).statusCode).toBe(422);
      expect((await post(`/api/v1/integrations/${kind}/validate`, admin)).statusCode).toBe(422);
      expect((await post(`/api/v1/integrations/${kind}/reference-data/refresh`, admin)).statusCode).toBe(422);
      expect(
        (await t.app.inject({ method: 'GET', url: `/api/v1/integrations/${kind}/companies?query=a`, headers: operator })).statusCode,
      ).toBe(422);
    }
    expect(sandboxes.autotask.requests()).toEqual([]);
    expect(sandboxes.connectwise.requests()).toEqual([]);
  });
});

describe('the external call log (I2)', () => {
  it('lets admins read and filter every PSA call, page by page, with secrets redacted', async () => {
    await configureSandboxIntegration(t, admin, sandboxes, 'connectwise', { privateKey: 'wrong-key' });
    await post('/api/v1/integrations/connectwise/test', admin);
    await configureSandboxIntegration(t, admin, sandboxes, 'connectwise');
    await post('/api/v1/integrations/connectwise/test', admin);
    await post('/api/v1/integrations/connectwise/reference-data/refresh', admin);
    const get = (query: string, headers = admin) => t.app.inject({ method: 'GET', url: `/api/v1/external-calls?${query}`, headers });
    const all = (await get('integration=connectwise&limit=100')).json();
    expect(all.calls.length).toBeGreaterThanOrEqual(6);
    expect(all.calls[0].at >= all.calls.at(-1).at).toBe(true);
    const failed = (await get('integration=connectwise&outcome=failed')).json();
    expect(failed.calls.map((c: { httpStatus: number }) => c.httpStatus)).toEqual([401]);
    const first = (await get('integration=connectwise&limit=2')).json();
    const second = (await get(`integration=connectwise&limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.calls.map((c: { id: string }) => c.id)).toEqual(all.calls.slice(2, 4).map((c: { id: string }) => c.id));
    expect(JSON.stringify(all)).not.toContain('wrong-key');
    expect((await get('integration=connectwise', operator)).statusCode).toBe(403);
    expect((await get('cursor=nonsense')).statusCode).toBe(400);
  });
});
