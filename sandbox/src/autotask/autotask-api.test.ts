// The fidelity checklist lines no third-party client exercises, checked over raw HTTP.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AutotaskSandbox, startAutotaskSandbox } from './autotask-sandbox';
import { API_USER_RESOURCE_ID, AUTOTASK_SANDBOX_CREDENTIALS as CREDS } from './store';

let sandbox: AutotaskSandbox;
const auth = {
  ApiIntegrationCode: CREDS.integrationCode,
  UserName: CREDS.username,
  Secret: CREDS.secret,
  'content-type': 'application/json',
};

const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = auth) => {
  const response = await fetch(`${sandbox.origin}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, json: text ? JSON.parse(text) : undefined, headers: response.headers };
};

beforeAll(async () => {
  sandbox = await startAutotaskSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await fetch(`${sandbox.origin}/_sandbox/reset`, { method: 'POST' });
});

describe('Autotask sandbox paths and auth', () => {
  it('matches paths case-insensitively', async () => {
    expect((await call('GET', '/atservicesrest/v1.0/companies/0')).status).toBe(200);
    expect((await call('GET', '/ATServicesRest/V1.0/Companies/0')).status).toBe(200);
    expect((await call('GET', '/ATServicesRest/versioninformation', undefined, {})).json).toEqual({ apiVersions: ['V1.0'] });
  });

  it('answers an unknown zone user with the live error', async () => {
    const zone = await call('GET', '/ATServicesRest/V1.0/zoneInformation?user=someone@else.example', undefined, {});
    expect(zone).toMatchObject({ status: 500, json: { errors: ['Zone information could not be determined'] } });
  });

  it('gives an empty 401 for a bad secret', async () => {
    const response = await call('GET', '/ATServicesRest/V1.0/Companies/0', undefined, { ...auth, Secret: 'wrong' });
    expect(response.status).toBe(401);
    expect(response.text).toBe('');
  });
});

describe('Autotask sandbox queries', () => {
  const everything = { filter: [{ op: 'gte', field: 'id', value: 0 }], MaxRecords: 4 };

  it('refuses GET on a cursor URL after a POST query, and a missing body', async () => {
    const first = await call('POST', '/ATServicesRest/V1.0/Companies/query', everything);
    const next = new URL(first.json.pageDetails.nextPageUrl);
    expect(next.searchParams.get('paging')).toBe(JSON.stringify({ pageSize: 4, previousIds: [-1], nextIds: [177] }));
    expect((await call('GET', `${next.pathname}${next.search}`)).status).toBe(405);
    expect((await call('POST', `${next.pathname}${next.search}`)).json.errors[0]).toContain('filters');
    const second = await call('POST', `${next.pathname}${next.search}`, everything);
    expect(second.json.items.map((c: { id: number }) => c.id)).toEqual([177, 178, 179, 180]);
    const back = new URL(second.json.pageDetails.prevPageUrl);
    const previous = await call('POST', `${back.pathname}${back.search}`, everything);
    expect(previous.json.items.map((c: { id: number }) => c.id)).toEqual([0, 174, 175, 176]);
  });

  it('pages a GET ?search= query by GETting nextPageUrl', async () => {
    const search = encodeURIComponent(JSON.stringify(everything));
    const first = await call('GET', `/ATServicesRest/V1.0/Companies/query?search=${search}`);
    const next = new URL(first.json.pageDetails.nextPageUrl);
    expect(next.searchParams.get('search')).toBe(JSON.stringify(everything));
    const second = await call('GET', `${next.pathname}${next.search}`);
    expect(second.json.pageDetails.count).toBe(4);
  });

  it('supports in / notIn / exist and refuses non-queryable fields and bad MaxRecords', async () => {
    const inList = await call('POST', '/ATServicesRest/V1.0/Companies/query', {
      filter: [{ op: 'in', field: 'id', value: [174, 175, 999] }],
    });
    expect(inList.json.items.map((c: { id: number }) => c.id)).toEqual([174, 175]);
    const missing = await call('POST', '/ATServicesRest/V1.0/Tickets/query', { filter: [{ op: 'notExist', field: 'completedDate' }] });
    expect(missing.json.items).toHaveLength(3);
    const notQueryable = await call('POST', '/ATServicesRest/V1.0/Tickets/query', {
      filter: [{ op: 'eq', field: 'creatorType', value: 1 }],
    });
    expect(notQueryable.status).toBe(500);
    const tooMany = await call('POST', '/ATServicesRest/V1.0/Tickets/query', { ...everything, MaxRecords: 501 });
    expect(tooMany.status).toBe(500);
  });
});

describe('Autotask sandbox writes', () => {
  it('creates notes only under the ticket, and never deletes tickets or notes', async () => {
    const note = { description: 'x', noteType: 1, publish: 2, ticketID: 7001 };
    expect((await call('POST', '/ATServicesRest/V1.0/TicketNotes', note)).status).toBe(404);
    const created = await call('POST', '/ATServicesRest/V1.0/Tickets/7001/Notes', note);
    expect(created.status).toBe(200);
    expect((await call('DELETE', `/ATServicesRest/V1.0/Tickets/7001/Notes/${created.json.itemId}`)).status).toBe(405);
    const deleteTicket = await call('DELETE', '/ATServicesRest/V1.0/Tickets/7001');
    expect(deleteTicket).toMatchObject({ status: 405, json: { Message: "The requested resource does not support http method 'DELETE'." } });
    expect((await call('POST', '/ATServicesRest/V1.0/Tickets/424242/Notes', note)).status).toBe(500);
  });

  it('patches only the supplied fields and stamps completion on status 5', async () => {
    await call('PATCH', '/ATServicesRest/V1.0/Tickets', { id: 7001, status: 5, ticketNumber: 'ignored' });
    const ticket = (await call('GET', '/ATServicesRest/V1.0/Tickets/7001')).json.item;
    expect(ticket).toMatchObject({
      status: 5,
      title: 'Veeam job "Daily Servers" failed on HV01',
      completedByResourceID: API_USER_RESOURCE_ID,
    });
    expect(ticket.ticketNumber).toMatch(/^T\d{8}\.0001$/);
    expect(ticket.completedDate).toMatch(/Z$/);
    await call('PATCH', '/ATServicesRest/V1.0/Tickets', { id: 7001, status: 8 });
    expect((await call('GET', '/ATServicesRest/V1.0/Tickets/7001')).json.item.completedDate).toBeNull();
    expect((await call('PATCH', '/ATServicesRest/V1.0/Tickets', { id: 999_999, status: 8 })).status).toBe(500);
  });

  it('records impersonation on create', async () => {
    const created = await call(
      'POST',
      '/ATServicesRest/V1.0/Tickets',
      { companyID: 174, title: 'Impersonated', status: 1, priority: 2, queueID: 29683490 },
      { ...auth, ImpersonationResourceId: '29682890' },
    );
    const ticket = (await call('GET', `/ATServicesRest/V1.0/Tickets/${created.json.itemId}`)).json.item;
    expect(ticket).toMatchObject({ creatorResourceID: 29682890, impersonatorCreatorResourceID: API_USER_RESOURCE_ID });
  });
});

describe('Autotask sandbox limits', () => {
  it('answers 429 with Retry-After over the hourly threshold', async () => {
    await fetch(`${sandbox.origin}/_sandbox/behaviour`, { method: 'PATCH', body: JSON.stringify({ requestThreshold: 2 }) });
    await call('GET', '/ATServicesRest/V1.0/Companies/0');
    await call('GET', '/ATServicesRest/V1.0/Companies/0');
    const third = await call('GET', '/ATServicesRest/V1.0/Companies/0');
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('answers 429 past three concurrent requests on one endpoint', async () => {
    await fetch(`${sandbox.origin}/_sandbox/behaviour`, { method: 'PATCH', body: JSON.stringify({ latencyMs: 150 }) });
    const statuses = await Promise.all(
      Array.from({ length: 5 }, () => call('GET', '/ATServicesRest/V1.0/Companies/0').then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
  });

  it.each([429, 500, 200] as const)(
    'refuses past three threads with the production text, with status %i (ThresholdInformation included)',
    async (status) => {
      await fetch(`${sandbox.origin}/_sandbox/behaviour`, {
        method: 'PATCH',
        body: JSON.stringify({ latencyMs: 150, threadLimitStatus: status }),
      });
      const responses = await Promise.all(Array.from({ length: 4 }, () => call('GET', '/ATServicesRest/V1.0/ThresholdInformation')));
      const refused = [];
      for (const r of responses) {
        const body = r.json as { errors?: string[] };
        if (body.errors) {
          refused.push([r.status, body.errors[0]]);
        }
      }
      expect(refused).toEqual([[status, 'Thread Threshold Exceeded — The Autotask API thread threshold of 3 threads has been exceeded.']]);
    },
  );
});
