// B1 over HTTP on a real database against the PSA sandboxes: mapping by live search, sync of
// renames / deletions / deactivations, and the ticket-creation gate.
import { type Sandboxes, startSandboxes } from '@flightdeck/sandbox/start-sandboxes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createInlineQueue } from '#src/jobs/inline-queue';
import { scheduleAccountPsaMappingSync } from '#src/jobs/sync-psa-mappings.job';
import { systemContext } from '#src/lib/system-context';
import type { PsaKind } from '#src/psa/psa-provider';
import { configureSandboxIntegration, resetSandboxes } from '../../../test/psa-fixtures';
import { createTestApp, type TestApp } from '../../../test/test-app';

let t: TestApp;
let sandboxes: Sandboxes;
let accountId: string;
let admin: Record<string, string>;
let operator: Record<string, string>;
let reporter: Record<string, string>;

const COMPANY = {
  autotask: { northwind: '174', contoso: '175', trey: '186' },
  connectwise: { northwind: '19300', contoso: '19301', trey: '19312' },
};

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
  const { account, users } = await t.newAccount();
  accountId = account.id;
  admin = await t.login(users.admin.email);
  operator = await t.login(users.operator.email);
  reporter = await t.login(users.reporter.email);
  await configureSandboxIntegration(t, admin, sandboxes, 'autotask');
  await configureSandboxIntegration(t, admin, sandboxes, 'connectwise');
});

const api = async (
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  headers = operator,
  payload?: Record<string, unknown>,
) => {
  const response = await t.app.inject({ method, url, headers, ...(payload && { payload }) });
  return { status: response.statusCode, body: response.body ? response.json() : undefined };
};
const newCustomer = async (name: string) => (await api('POST', '/api/v1/customers', operator, { name })).body;
const mapped = async (name: string, kind: PsaKind, companyId: string) => {
  const customer = await newCustomer(name);
  const result = await api('PUT', `/api/v1/customers/${customer.id}/psa-mapping`, operator, { kind, companyId });
  expect(result.status).toBe(200);
  return result.body;
};
const control = (kind: PsaKind, path: string, method: string, body?: unknown) =>
  fetch(`${sandboxes[kind].origin}/_sandbox/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });

describe('customers', () => {
  it('are created and edited by operators, read by reporters', async () => {
    const created = await newCustomer('Northwind');
    expect(created).toMatchObject({
      name: 'Northwind',
      psaMapping: null,
      ticketCreation: { allowed: false, reason: expect.stringContaining('not mapped') },
    });
    expect((await api('POST', '/api/v1/customers', operator, { name: 'northwind' })).status).toBe(409);
    expect((await api('PATCH', `/api/v1/customers/${created.id}`, operator, { notes: 'Two sites' })).body.notes).toBe('Two sites');
    expect((await api('GET', '/api/v1/customers', reporter)).body.customers).toHaveLength(1);
    expect((await api('POST', '/api/v1/customers', reporter, { name: 'Nope' })).status).toBe(403);
    expect((await api('PUT', `/api/v1/customers/${created.id}/psa-mapping`, reporter, { kind: 'autotask', companyId: '174' })).status).toBe(
      403,
    );
  });

  it('are listed a page at a time in name order, whatever the count (issue 14)', async () => {
    for (const name of ['delta', 'Alpha', 'charlie', 'Echo', 'bravo']) {
      await newCustomer(name);
    }
    const names: string[][] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { customers: { name: string }[]; nextCursor: string | null } } = await api(
        'GET',
        `/api/v1/customers?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        reporter,
      );
      names.push(page.body.customers.map((c) => c.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(names).toEqual([['Alpha', 'bravo'], ['charlie', 'delta'], ['Echo']]);
    expect((await api('GET', '/api/v1/customers?cursor=bm90LWEtY3Vyc29y', reporter)).status).toBe(400);
  });
});

describe.each(['autotask', 'connectwise'] as const)('PSA company mapping on %s', (kind) => {
  const ids = COMPANY[kind];

  it('maps a customer to a company found by live search', async () => {
    const customer = await newCustomer('Contoso');
    const search = await api('GET', `/api/v1/integrations/${kind}/companies?query=contoso`);
    expect(search.body.items).toEqual([{ id: ids.contoso, name: 'Contoso Dental Group', active: true }]);
    const result = await api('PUT', `/api/v1/customers/${customer.id}/psa-mapping`, operator, { kind, companyId: search.body.items[0].id });
    expect(result.body).toMatchObject({
      name: 'Contoso',
      psaMapping: { kind, companyId: ids.contoso, companyName: 'Contoso Dental Group', status: 'ok' },
      ticketCreation: { allowed: true, reason: null },
    });
  });

  it('refuses a company id the PSA does not know, or an inactive one', async () => {
    const customer = await newCustomer('Ghost');
    const missing = await api('PUT', `/api/v1/customers/${customer.id}/psa-mapping`, operator, { kind, companyId: '9999999' });
    expect(missing.status).toBe(400);
    const inactive = await api('PUT', `/api/v1/customers/${customer.id}/psa-mapping`, operator, { kind, companyId: ids.trey });
    expect(inactive.body.errors).toEqual([{ path: 'companyId', message: 'Inactive in the PSA' }]);
  });

  it('keeps the mapping through a rename and flags it until acknowledged', async () => {
    const customer = await mapped('Northwind', kind, ids.northwind);
    await control(kind, `companies/${ids.northwind}/rename`, 'POST', { name: 'Northwind Traders International' });
    const summary = (await api('POST', '/api/v1/customers/psa-sync')).body;
    expect(summary).toMatchObject({ checked: 1, renamed: 1, errors: [] });
    const after = (await api('GET', `/api/v1/customers/${customer.id}`)).body;
    expect(after).toMatchObject({
      name: 'Northwind',
      psaMapping: { companyId: ids.northwind, companyName: 'Northwind Traders International', status: 'renamed' },
      ticketCreation: { allowed: true },
    });
    expect((await api('POST', '/api/v1/customers/psa-sync')).body.renamed).toBe(1);
    const acknowledged = (await api('POST', `/api/v1/customers/${customer.id}/psa-mapping/acknowledge-rename`)).body;
    expect(acknowledged.psaMapping.status).toBe('ok');
  });

  it('marks a deleted company missing and blocks ticket creation with the reason', async () => {
    const customer = await mapped('Northwind', kind, ids.northwind);
    await control(kind, `companies/${ids.northwind}`, 'DELETE');
    const verified = (await api('POST', `/api/v1/customers/${customer.id}/psa-mapping/verify`)).body;
    expect(verified.psaMapping).toMatchObject({ status: 'missing', companyName: 'Northwind Traders' });
    expect(verified.ticketCreation).toEqual({ allowed: false, reason: expect.stringContaining('mapping is missing') });
    const gate = await t.services.customers.checkTicketCreation(systemContext(accountId, 'test', t.app.log), customer.id);
    expect(gate).toMatchObject({ allowed: false, code: 'mapping_broken' });
  });

  it('leaves mappings alone when the PSA is down', async () => {
    await mapped('Northwind', kind, ids.northwind);
    await control(kind, 'faults', 'POST', { mode: 'server_error', status: 503 });
    const summary = (await api('POST', '/api/v1/customers/psa-sync')).body;
    expect(summary.errors).toHaveLength(1);
    expect((await api('GET', '/api/v1/customers?mapping=ok')).body.customers).toHaveLength(1);
    await control(kind, 'faults', 'DELETE');
  });

  it('syncs many mappings in as few queries as the PSA allows (issue 14: Autotask 500 ids, ConnectWise a 2,000-character URL)', async () => {
    const created = (await (await control(kind, 'companies/bulk', 'POST', { count: 450, namePrefix: 'Client' })).json()) as {
      ids: number[];
    };
    const customers = await Promise.all(
      created.ids.map((_, i) => t.services.customers.createCustomer(systemContextAsOperator(), { name: `Customer ${i}`, notes: '' })),
    );
    const ctx = systemContextAsOperator();
    for (const [i, customer] of customers.entries()) {
      await t.database.db
        .updateTable('customers')
        .set({
          psa_kind: kind,
          psa_company_id: String(created.ids[i]),
          psa_company_name: `Client ${String(i + 1).padStart(5, '0')}`,
          psa_mapping_status: 'ok',
        })
        .where('id', '=', customer.id)
        .execute();
    }
    sandboxes[kind].clearRequests();
    const summary = await t.services.customers.syncAllMappings(ctx);
    expect(summary).toMatchObject({ checked: 450, ok: 450, errors: [] });
    const companyQueries = sandboxes[kind].requests().filter((r) => /companies/i.test(r.path));
    if (kind === 'autotask') {
      expect(companyQueries).toHaveLength(1);
    } else {
      const idsIn = (r: { query: string }) => (new URLSearchParams(r.query).get('conditions') ?? '').split(',').length;
      const perQuery = idsIn(companyQueries[0] as { query: string });
      expect(companyQueries.every((r) => `${sandboxes[kind].origin}${r.path}${r.query}`.length <= 2000)).toBe(true);
      expect(companyQueries).toHaveLength(Math.ceil(450 / perQuery));
    }
  });
});

const systemContextAsOperator = () => ({
  ...systemContext(accountId, 'test', t.app.log),
  actor: { kind: 'user' as const, userId: '00000000-0000-0000-0000-000000000000', role: 'operator' as const, sessionId: null },
});

describe('sync with a disabled integration and the periodic job', () => {
  it('skips customers of a disabled integration without calling it', async () => {
    await mapped('Northwind', 'autotask', COMPANY.autotask.northwind);
    await configureSandboxIntegration(t, admin, sandboxes, 'autotask', { enabled: false, secret: undefined, integrationCode: undefined });
    sandboxes.autotask.clearRequests();
    const summary = (await api('POST', '/api/v1/customers/psa-sync')).body;
    expect(summary).toMatchObject({ checked: 0, skipped: 1 });
    expect(sandboxes.autotask.requests()).toEqual([]);
    const customer = (await api('GET', '/api/v1/customers')).body.customers[0];
    expect(customer.ticketCreation.reason).toBe('The Autotask integration is disabled.');
  });

  it('runs from the hourly sweep, one job per account', async () => {
    const customer = await mapped('Contoso', 'connectwise', COMPANY.connectwise.contoso);
    await control('connectwise', `companies/${COMPANY.connectwise.contoso}/rename`, 'POST', { name: 'Contoso Dental' });
    await createInlineQueue({ services: t.services, log: t.app.log }).send(scheduleAccountPsaMappingSync, {});
    expect((await api('GET', `/api/v1/customers/${customer.id}`)).body.psaMapping.status).toBe('renamed');
  });
});
