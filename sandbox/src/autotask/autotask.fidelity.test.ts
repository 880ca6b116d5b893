// Fidelity: an independent Autotask client (@apigrate/autotask-restapi, which has no knowledge of
// Flightdeck) works against the simulator exactly as it does against the real API.
import apigrate from '@apigrate/autotask-restapi';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE_COMPANIES } from '#sandbox/fixture';
import { type AutotaskSandbox, startAutotaskSandbox } from './autotask-sandbox';
import { AUTOTASK_SANDBOX_CREDENTIALS as CREDS } from './store';

const { AutotaskRestApi, AutotaskApiError } = apigrate as unknown as {
  AutotaskRestApi: new (user: string, secret: string, code: string, options: { base_url: string }) => ApigrateClient;
  AutotaskApiError: new (...args: unknown[]) => Error;
};

type Entity = {
  query(body: unknown): Promise<{ items: Record<string, unknown>[]; pageDetails: Record<string, unknown> }>;
  count(body: unknown): Promise<{ queryCount: number }>;
  get(id: number): Promise<{ item: Record<string, unknown> | null } | null>;
  create(...args: unknown[]): Promise<{ itemId: number }>;
  update(...args: unknown[]): Promise<{ itemId: number }>;
  fieldInfo(): Promise<{ fields: { name: string; isPickList: boolean; picklistValues: { value: string; label: string }[] | null }[] }>;
  info(): Promise<{ info: Record<string, unknown> }>;
};
type ApigrateClient = {
  zoneInfo?: { url: string };
  Companies: Entity;
  Tickets: Entity;
  TicketNotes: Entity;
  TimeEntries: Entity;
  _post(path: string, body: unknown): Promise<Record<string, unknown>>;
  _get(path: string): Promise<Record<string, unknown>>;
};

let sandbox: AutotaskSandbox;
let autotask: ApigrateClient;

beforeAll(async () => {
  sandbox = await startAutotaskSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await fetch(`${sandbox.origin}/_sandbox/reset`, { method: 'POST' });
  autotask = new AutotaskRestApi(CREDS.username, CREDS.secret, CREDS.integrationCode, { base_url: sandbox.apiUrl });
});

describe('Autotask sandbox with @apigrate/autotask-restapi', () => {
  it('discovers the zone without credentials and then calls the zone URL', async () => {
    const company = await autotask.Companies.get(0);
    expect(company?.item?.companyName).toBe('Flightdeck Sandbox MSP');
    expect(autotask.zoneInfo?.url).toBe(sandbox.apiUrl);
    const [zoneCall] = sandbox.requests();
    expect(zoneCall?.path.toLowerCase()).toBe('/atservicesrest/v1.0/zoneinformation');
  });

  it('filters companies and pages through nextPageUrl by re-posting the filter', async () => {
    const filter = { filter: [{ op: 'gte', field: 'id', value: 0 }], MaxRecords: 5 };
    const seen: string[] = [];
    let page = await autotask.Companies.query(filter);
    seen.push(...page.items.map((c) => String(c.companyName)));
    while (page.pageDetails.nextPageUrl) {
      const next = new URL(String(page.pageDetails.nextPageUrl));
      page = (await autotask._post(`/Companies/query/next${next.search}`, filter)) as typeof page;
      seen.push(...page.items.map((c) => String(c.companyName)));
    }
    expect(seen).toHaveLength(FIXTURE_COMPANIES.length + 1);
    expect(seen.slice(1)).toEqual(FIXTURE_COMPANIES.map((c) => c.name));
  });

  it('evaluates operators, nested groups and case-insensitive field names', async () => {
    const result = await autotask.Companies.query({
      Filter: [
        { op: 'eq', field: 'IsActive', value: true },
        {
          op: 'or',
          items: [
            { op: 'beginsWith', field: 'companyname', value: 'north' },
            { op: 'contains', field: 'companyName', value: 'WINERY' },
          ],
        },
      ],
      IncludeFields: ['id', 'companyName'],
    });
    expect(result.items.map((c) => c.companyName)).toEqual(['Northwind Traders', 'Coho Winery']);
    expect(Object.keys(result.items[0] ?? {}).sort()).toEqual(['companyName', 'id', 'userDefinedFields']);
    const count = await autotask.Companies.count({ filter: [{ op: 'eq', field: 'isActive', value: false }] });
    expect(count.queryCount).toBe(1);
  });

  it('drops an unknown operator silently and fails loudly on an unknown field', async () => {
    const all = await autotask.Tickets.query({ filter: [{ op: 'ne', field: 'status', value: 5 }] });
    expect(all.items).toHaveLength(4);
    await expect(autotask.Tickets.query({ filter: [{ op: 'eq', field: 'projectID', value: 1 }] })).rejects.toMatchObject({
      message: expect.stringContaining('Unable to find projectID in the Ticket Entity'),
    });
    await expect(autotask.TimeEntries.query({ filter: [{ op: 'eq', field: 'projectID', value: 1 }] })).rejects.toMatchObject({
      message: expect.stringContaining('Unable to find projectID in the TimeEntry Entity'),
    });
  });

  it('creates a ticket with a T-number, reads it back and adds a note under it', async () => {
    const { itemId } = await autotask.Tickets.create({ companyID: 174, title: 'Backup failed', status: 1, priority: 1, queueID: 29683490 });
    const ticket = (await autotask.Tickets.get(itemId))?.item;
    expect(ticket?.ticketNumber).toMatch(/^T\d{8}\.\d{4}$/);
    expect(ticket?.createDate).toMatch(/Z$/);
    expect(ticket?.userDefinedFields).toEqual([]);
    const note = await autotask.TicketNotes.create(itemId, {
      title: 'Checked',
      description: 'Looked at the job log.',
      noteType: 1,
      publish: 2,
    });
    const stored = (await autotask.TicketNotes.get(note.itemId))?.item;
    expect(stored).toMatchObject({ ticketID: itemId, publish: 2, description: 'Looked at the job log.' });
  });

  it('enforces the ticket rules with the live error texts as HTTP 500', async () => {
    await expect(autotask.Tickets.create({ companyID: 174, status: 1, priority: 1, queueID: 29683490 })).rejects.toMatchObject({
      message: expect.stringContaining('Missing Required Field: title'),
    });
    await expect(autotask.Tickets.create({ companyID: 174, title: 'x', status: 1, priority: 1 })).rejects.toMatchObject({
      message: expect.stringContaining('cannot all be empty'),
    });
    await expect(
      autotask.Tickets.create({ companyID: 174, title: 'x', status: 99, priority: 1, queueID: 29683490 }),
    ).rejects.toBeInstanceOf(AutotaskApiError);
  });

  it('requires note titles when the tenant says so', async () => {
    await fetch(`${sandbox.origin}/_sandbox/behaviour`, { method: 'PATCH', body: JSON.stringify({ requireNoteTitles: true }) });
    await expect(autotask.TicketNotes.create(7001, { description: 'no title', noteType: 1, publish: 2 })).rejects.toMatchObject({
      message: expect.stringContaining('Missing Required Field: title'),
    });
  });

  it('serves field info with string picklist values and entity information', async () => {
    const { fields } = await autotask.Tickets.fieldInfo();
    const priority = fields.find((f) => f.name === 'priority');
    expect(priority?.picklistValues?.map((p) => [p.value, p.label])).toEqual([
      ['1', 'High'],
      ['2', 'Medium'],
      ['3', 'Low'],
      ['4', 'Critical'],
    ]);
    const queue = fields.find((f) => f.name === 'queueID');
    expect(queue?.picklistValues?.some((p) => p.label === 'Helpdesk')).toBe(true);
    const { info } = await autotask.Tickets.info();
    expect(info).toMatchObject({ name: 'Tickets', canCreate: true, canDelete: false, userAccessForDelete: 'None' });
  });

  it('answers a missing id with an empty item', async () => {
    expect(await autotask.Companies.get(999_999)).toEqual({ item: null });
    expect(await autotask.Tickets.get(424_242)).toEqual({ item: null });
  });

  it('rejects a wrong secret with an empty 401 and a wrong integration code with a 500', async () => {
    const wrongSecret = new AutotaskRestApi(CREDS.username, 'nope', CREDS.integrationCode, { base_url: sandbox.apiUrl });
    await expect(wrongSecret.Companies.get(0)).rejects.toMatchObject({ message: 'Authorization error.' });
    const wrongCode = new AutotaskRestApi(CREDS.username, CREDS.secret, 'NOPE', { base_url: sandbox.apiUrl });
    await expect(wrongCode.Companies.get(0)).rejects.toMatchObject({ message: expect.stringContaining('IntegrationCode is invalid.') });
  });

  it('reports the request threshold', async () => {
    await autotask.Companies.get(0);
    const threshold = await autotask._get('/ThresholdInformation');
    expect(threshold).toEqual({ externalRequestThreshold: 10000, requestThresholdTimeframe: 60, currentTimeframeRequestCount: 2 });
  });
});
