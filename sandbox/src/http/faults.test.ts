// Injected faults behave as the fault tests of the ticket flow need them to.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ConnectWiseSandbox, startConnectWiseSandbox } from '#sandbox/connectwise/connectwise-sandbox';
import { CONNECTWISE_SANDBOX_CREDENTIALS as CREDS, FIRST_COMPANY_ID } from '#sandbox/connectwise/store';

let sandbox: ConnectWiseSandbox;
const headers = {
  authorization: `Basic ${Buffer.from(`${CREDS.companyId}+${CREDS.publicKey}:${CREDS.privateKey}`).toString('base64')}`,
  clientId: CREDS.clientId,
  'content-type': 'application/json',
};
const createTicket = () =>
  fetch(`${sandbox.apiUrl}/service/tickets`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ summary: 'Fault test', company: { id: FIRST_COMPANY_ID } }),
  });
const control = (path: string, method: string, body?: unknown) =>
  fetch(`${sandbox.origin}/_sandbox/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
const ticketCount = async () => ((await (await control('tickets', 'GET')).json()) as { tickets: unknown[] }).tickets.length;

beforeAll(async () => {
  sandbox = await startConnectWiseSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await control('reset', 'POST');
});

describe('sandbox fault injection', () => {
  it('drops the response after the write committed, once', async () => {
    await control('faults', 'POST', { mode: 'drop_after_commit', method: 'POST', path: '/service/tickets$', times: 1 });
    const before = await ticketCount();
    await expect(createTicket()).rejects.toThrow();
    expect(await ticketCount()).toBe(before + 1);
    expect((await createTicket()).status).toBe(201);
    const log = sandbox.requests();
    expect(log.map((r) => r.fault)).toEqual(['drop_after_commit', null]);
  });

  it('answers 429 with Retry-After without touching data', async () => {
    await control('faults', 'POST', { mode: 'rate_limit', retryAfterSeconds: 7, times: 1 });
    const before = await ticketCount();
    const response = await createTicket();
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await ticketCount()).toBe(before);
  });

  it('answers 5xx in the provider error shape until cleared', async () => {
    await control('faults', 'POST', { mode: 'server_error', status: 502 });
    const response = await createTicket();
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ code: 'UnexpectedServerError' });
    await control('faults', 'DELETE');
    expect((await createTicket()).status).toBe(201);
  });

  it('rejects an invalid fault rule', async () => {
    expect((await control('faults', 'POST', { mode: 'explode' })).status).toBe(400);
  });
});
