// Issue 15: the ConnectWise simulator against the facts in psa-field-notes.md, each with its
// source there: childConditions, forward-only pageId paging, Manage's error codes and texts,
// /allNotes, full PATCH, time entries as sent (also against a company), the Security error and
// Cloudflare's rate limit on their switches, and the cloud's two hosts.
import http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ConnectWiseSandbox, startConnectWiseSandbox } from './connectwise-sandbox';
import { CONNECTWISE_SANDBOX_CREDENTIALS as CREDS, FIRST_COMPANY_ID, FIRST_TICKET_ID } from './store';

type Json = ReturnType<typeof JSON.parse>;
let sandbox: ConnectWiseSandbox;
beforeAll(async () => {
  sandbox = await startConnectWiseSandbox();
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await fetch(`${sandbox.origin}/_sandbox/reset`, { method: 'POST' });
});

const auth = {
  authorization: `Basic ${Buffer.from(`${CREDS.companyId}+${CREDS.publicKey}:${CREDS.privateKey}`).toString('base64')}`,
  clientId: CREDS.clientId,
  'content-type': 'application/json',
};
const cw = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${sandbox.apiUrl}${path}`, {
    method,
    headers: { ...auth, ...headers },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: Json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // An HTML page.
  }
  return { status: response.status, body: json, text, headers: response.headers };
};
const behaviour = (values: Json) =>
  fetch(`${sandbox.origin}/_sandbox/behaviour`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(values),
  });

describe('ConnectWise simulator, as the field notes say Manage behaves', () => {
  it('filters by childConditions and returns no rows when no child matches', async () => {
    const clients = await cw('GET', `/company/companies?childConditions=${encodeURIComponent('types/id = 1')}&pageSize=1000`);
    expect(clients.status).toBe(200);
    expect(clients.body.length).toBeGreaterThan(0);
    const none = await cw('GET', `/company/companies?childConditions=${encodeURIComponent('types/name = "Vendor"')}`);
    expect(none.body).toEqual([]);
  });

  it('names an unknown condition field with ApiFindCondition', async () => {
    const bad = await cw('GET', `/company/companies?conditions=${encodeURIComponent('typeids = 1')}`);
    expect(bad).toMatchObject({ status: 400, body: { code: 'ApiFindCondition', message: 'typeids is not a recognized name.' } });
  });

  it('pages forward only: ids above pageId, a next link with the last id while pages are full', async () => {
    const first = await cw('GET', '/company/companies?pageSize=2', undefined, { 'pagination-type': 'forward-only' });
    const ids = first.body.map((c: Json) => c.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => a - b));
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1] as string;
    expect(new URL(next).searchParams.get('pageId')).toBe(String(ids[1]));
    const second = await cw('GET', `/company/companies?pageSize=2&pageId=${ids[1]}`);
    expect(second.body.every((c: Json) => c.id > ids[1])).toBe(true);
    const all = await cw('GET', `/company/companies?pageSize=1000&pageId=${FIRST_COMPANY_ID - 1}`);
    expect(all.headers.get('link')).toBeNull();
  });

  it('answers an over-long summary with MaxLengthField and a note without a flag with the live text', async () => {
    const long = await cw('POST', '/service/tickets', { summary: 'x'.repeat(101), company: { id: FIRST_COMPANY_ID } });
    expect(long.body).toMatchObject({
      code: 'InvalidObject',
      errors: [{ code: 'MaxLengthField', message: 'The field summary must be a string with a maximum length of 100.', field: 'summary' }],
    });
    const note = await cw('POST', `/service/tickets/${FIRST_TICKET_ID}/notes`, { text: 'hello' });
    expect(note.body).toMatchObject({
      code: 'InvalidObject',
      message: 'serviceNote object is invalid',
      errors: [{ message: 'Please choose where to display the notes in order to save this record.' }],
    });
  });

  it('replaces any writable ticket field by JSON Patch', async () => {
    const patched = await cw('PATCH', `/service/tickets/${FIRST_TICKET_ID}`, [
      { op: 'replace', path: 'requiredDate', value: '2026-12-24T00:00:00Z' },
      { op: 'replace', path: 'budgetHours', value: 2.5 },
      { op: 'replace', path: 'owner', value: { id: 2 } },
      { op: 'replace', path: 'company', value: { id: FIRST_COMPANY_ID + 1 } },
    ]);
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      requiredDate: '2026-12-24T00:00:00Z',
      budgetHours: 2.5,
      owner: { id: 2 },
      company: { id: FIRST_COMPANY_ID + 1 },
    });
  });

  it('stores time entries as sent, also against a company, and lists every note with /allNotes', async () => {
    const onTicket = await cw('POST', '/time/entries', {
      chargeToId: FIRST_TICKET_ID,
      chargeToType: 'ServiceTicket',
      member: { identifier: 'srivera' },
      timeStart: '2026-12-01T09:00:00Z',
      timeEnd: '2026-12-01T10:30:00Z',
      notes: 'Replaced the backup disk',
    });
    expect(onTicket.status, onTicket.text).toBe(201);
    expect(onTicket.body).toMatchObject({ timeStart: '2026-12-01T09:00:00Z', timeEnd: '2026-12-01T10:30:00Z', actualHours: 1.5 });
    const onCompany = await cw('POST', '/time/entries', {
      company: { id: FIRST_COMPANY_ID },
      timeStart: '2026-12-01T11:00:00Z',
      actualHours: 0.25,
    });
    expect(onCompany.status, onCompany.text).toBe(201);
    expect(onCompany.body).toMatchObject({ chargeToId: null, company: { id: FIRST_COMPANY_ID }, actualHours: 0.25 });
    const missingStart = await cw('POST', '/time/entries', { company: { id: FIRST_COMPANY_ID } });
    expect(missingStart.body.errors[0]).toMatchObject({ field: 'timeStart', code: 'NullValue' });
    const all = await cw('GET', `/service/tickets/${FIRST_TICKET_ID}/allNotes`);
    expect(all.status).toBe(200);
    expect(all.body.map((n: Json) => n.noteType)).toContain('TimeEntryNote');
    expect(all.body.find((n: Json) => n.noteType === 'TimeEntryNote')?.text).toBe('Replaced the backup disk');
  });

  it('answers a missing right with the Security error and a Cloudflare limit with its HTML page, on their switches', async () => {
    await behaviour({ deniedRights: ['note.create'] });
    const denied = await cw('POST', `/service/tickets/${FIRST_TICKET_ID}/notes`, { text: 'x', internalAnalysisFlag: true });
    expect(denied).toMatchObject({
      status: 403,
      body: { code: 'Security', message: 'You do not have security permission to perform this action.' },
    });
    expect((await cw('GET', `/service/tickets/${FIRST_TICKET_ID}`)).status).toBe(200);
    await behaviour({ cloudflareThrottle: 1 });
    const limited = await cw('GET', '/system/info');
    expect(limited.status).toBe(429);
    expect(limited.text).toContain('Error 1015');
    expect((await cw('GET', '/system/info')).status).toBe(200);
  });

  it("names priority colours from Manage's enumeration", async () => {
    const priorities = await cw('GET', '/service/priorities');
    const colours = ['Black', 'Blue', 'Cyan', 'Gray', 'Green', 'Lime', 'Orange', 'Pink', 'Purple', 'Red', 'White', 'Yellow', 'Custom'];
    expect(priorities.body.length).toBeGreaterThan(0);
    expect(priorities.body.every((p: Json) => colours.includes(p.color))).toBe(true);
  });

  it('answers companyinfo with null for an unknown company, and plays the cloud hosts by name', async () => {
    const unknown = await fetch(`${sandbox.origin}/login/companyinfo/nobody`);
    expect([unknown.status, await unknown.text()]).toEqual([200, 'null']);
    const viaHost = (host: string, path: string) =>
      new Promise<number>((resolve, reject) =>
        http
          .get({ host: '127.0.0.1', port: new URL(sandbox.origin).port, path, headers: { host, ...auth } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
          .on('error', reject),
      );
    const port = new URL(sandbox.origin).port;
    expect(await viaHost(`api-na.myconnectwise.localhost:${port}`, '/v4_6_release/apis/3.0/system/info')).toBe(200);
    expect(await viaHost(`na.myconnectwise.localhost:${port}`, '/v4_6_release/apis/3.0/system/info')).toBe(404);
    expect(
      await viaHost(
        `api-na.myconnectwise.localhost:${port}`,
        `/v4_6_release/services/system_io/Service/fv_sr100_request.rails?service_recid=${FIRST_TICKET_ID}`,
      ),
    ).toBe(404);
  });
});
