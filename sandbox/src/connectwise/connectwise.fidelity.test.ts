// Fidelity: an independent ConnectWise Manage client (connectwise-rest, generated from the vendor's
// OpenAPI document) works against the simulator: tickets, notes, statuses, time entries,
// conditions, paging and a 404.
import { ManageAPI } from 'connectwise-rest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE_COMPANIES } from '#sandbox/fixture';
import { type ConnectWiseSandbox, startConnectWiseSandbox } from './connectwise-sandbox';
import { CONNECTWISE_SANDBOX_CREDENTIALS as CREDS, FIRST_COMPANY_ID, FIRST_TICKET_ID } from './store';

let sandbox: ConnectWiseSandbox;
let cwm: ManageAPI;

const connect = (privateKey: string = CREDS.privateKey) => {
  const client = new ManageAPI({
    companyId: CREDS.companyId,
    companyUrl: new URL(sandbox.origin).host,
    publicKey: CREDS.publicKey,
    privateKey,
    clientId: CREDS.clientId,
    logger: () => {},
  });
  // connectwise-rest always builds an https:// base URL; the sandbox listens on plain loopback
  // http, so only the scheme is swapped. Every header, path and parameter stays the library's own.
  for (const api of [client, client.ServiceAPI, client.CompanyAPI, client.TimeAPI, client.SystemAPI]) {
    const axios = (api as unknown as { instance: { defaults: { baseURL: string } } }).instance;
    axios.defaults.baseURL = axios.defaults.baseURL.replace(/^https:/, 'http:');
  }
  return client;
};

beforeAll(async () => {
  sandbox = await startConnectWiseSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await fetch(`${sandbox.origin}/_sandbox/reset`, { method: 'POST' });
  cwm = connect();
});

describe('ConnectWise sandbox with connectwise-rest', () => {
  it('authenticates with company+publicKey:privateKey and the clientId header', async () => {
    const info = await cwm.SystemAPI.getSystemInfo();
    expect(info.version).toMatch(/^v20/);
    await expect(connect('wrong').SystemAPI.getSystemInfo()).rejects.toMatchObject({ status: 401, data: { code: 'Unauthorized' } });
  });

  it('creates a ticket with externalXRef and reads it back', async () => {
    const created = await cwm.ServiceAPI.postServiceTickets({
      summary: 'Backup failed on HV01',
      company: { id: FIRST_COMPANY_ID },
      board: { id: 1 },
      externalXRef: 'flightdeck:run:abc',
      initialDescription: 'The nightly job failed.',
    });
    const ticket = await cwm.ServiceAPI.getServiceTicketsById(created.id as number);
    expect(ticket).toMatchObject({
      summary: 'Backup failed on HV01',
      externalXRef: 'flightdeck:run:abc',
      status: { name: 'New' },
      closedFlag: false,
    });
    expect(ticket.company?.name).toBe(FIXTURE_COMPANIES[0]?.name);
    const found = await cwm.ServiceAPI.getServiceTickets({ conditions: 'externalXRef = "flightdeck:run:abc"' });
    expect(found.map((t) => t.id)).toEqual([created.id]);
  });

  it('reports validation errors in the {code,message,errors} shape', async () => {
    await expect(cwm.ServiceAPI.postServiceTickets({ summary: '', company: { id: FIRST_COMPANY_ID } })).rejects.toMatchObject({
      status: 400,
      data: { code: 'InvalidObject', errors: [{ field: 'summary', code: 'NullValue' }] },
    });
  });

  it('adds notes with their flags and lists them', async () => {
    await cwm.ServiceAPI.postServiceTicketsByParentIdNotes(FIRST_TICKET_ID, {
      text: 'Checked the repository.',
      internalAnalysisFlag: true,
    });
    await cwm.ServiceAPI.postServiceTicketsByParentIdNotes(FIRST_TICKET_ID, { text: 'Fixed it.', resolutionFlag: true });
    const notes = await cwm.ServiceAPI.getServiceTicketsByParentIdNotes(FIRST_TICKET_ID, {});
    expect(notes.map((n) => [n.text, n.detailDescriptionFlag, n.internalAnalysisFlag, n.resolutionFlag])).toEqual([
      ['Veeam job "Daily Servers" failed on HV01', true, false, false],
      ['Checked the repository.', false, true, false],
      ['Fixed it.', false, false, true],
    ]);
    await expect(cwm.ServiceAPI.postServiceTicketsByParentIdNotes(FIRST_TICKET_ID, { text: 'no flag' })).rejects.toMatchObject({
      status: 400,
    });
  });

  it('lists board statuses including closed ones and closes a ticket by JSON Patch', async () => {
    const statuses = await cwm.ServiceAPI.getServiceBoardsByParentIdStatuses(1, {});
    const closed = statuses.filter((s) => s.closedStatus).map((s) => s.name);
    expect(closed).toEqual(['Completed', 'Closed']);
    const completed = statuses.find((s) => s.name === 'Completed');
    const patched = await cwm.ServiceAPI.patchServiceTicketsById(FIRST_TICKET_ID, [
      { op: 'replace', path: 'status', value: { id: completed?.id } },
    ]);
    expect(patched).toMatchObject({ status: { name: 'Completed' }, closedFlag: true });
  });

  it('filters time entries by ticket with conditions', async () => {
    const withTime = await cwm.TimeAPI.getTimeEntries({
      conditions: `chargeToType = "ServiceTicket" and chargeToId = ${FIRST_TICKET_ID + 1}`,
    });
    expect(withTime.map((t) => t.actualHours)).toEqual([1.5]);
    const none = await cwm.TimeAPI.getTimeEntries({ conditions: `chargeToId = ${FIRST_TICKET_ID}` });
    expect(none).toEqual([]);
  });

  it('evaluates in / like / and / or conditions on nested fields', async () => {
    const ids = [FIRST_COMPANY_ID, FIRST_COMPANY_ID + 2, 99];
    const byId = await cwm.CompanyAPI.getCompanyCompanies({ conditions: `id in (${ids.join(',')})` });
    expect(byId.map((c) => c.id)).toEqual([FIRST_COMPANY_ID, FIRST_COMPANY_ID + 2]);
    const byName = await cwm.CompanyAPI.getCompanyCompanies({
      conditions: '(name like "north%" or name contains "WINERY") and status/name = "Active"',
    });
    expect(byName.map((c) => c.name)).toEqual(['Northwind Traders', 'Coho Winery']);
    await expect(cwm.CompanyAPI.getCompanyCompanies({ conditions: 'name = ' })).rejects.toMatchObject({ status: 400 });
  });

  it('pages with page and pageSize', async () => {
    const all = await cwm.paginate(cwm.CompanyAPI.getCompanyCompanies, { startPage: 1, pageSize: 5 }, {});
    expect(all).toHaveLength(FIXTURE_COMPANIES.length);
    const second = await cwm.CompanyAPI.getCompanyCompanies({ page: 2, pageSize: 5 });
    expect(second[0]?.id).toBe(FIRST_COMPANY_ID + 5);
  });

  it('answers an unknown ticket with 404', async () => {
    await expect(cwm.ServiceAPI.getServiceTicketsById(1)).rejects.toMatchObject({ status: 404, data: { code: 'NotFound' } });
  });

  it('can silently ignore a status change when told to', async () => {
    await fetch(`${sandbox.origin}/_sandbox/behaviour`, { method: 'PATCH', body: JSON.stringify({ ignoreStatusChanges: true }) });
    const patched = await cwm.ServiceAPI.patchServiceTicketsById(FIRST_TICKET_ID, [{ op: 'replace', path: 'status', value: { id: 5 } }]);
    expect(patched.status?.name).toBe('New');
  });
});

describe('ConnectWise sandbox ticket page', () => {
  it('serves the ticket at the Manage deep link', async () => {
    const page = await fetch(
      `${sandbox.origin}/v4_6_release/services/system_io/Service/fv_sr100_request.rails?service_recid=${FIRST_TICKET_ID}&companyName=flightdeck`,
    );
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`#${FIRST_TICKET_ID}`);
  });
});
