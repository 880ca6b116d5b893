// One contract, two PSAs: every PsaProvider behaves the same against its sandbox. The calls go
// through the real clients and the logged external caller on a real database.
import { type Sandboxes, startSandboxes } from '@flightdeck/sandbox/start-sandboxes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RequestContext } from '#src/lib/context';
import { providerForSandbox } from '../../test/psa-fixtures';
import { createTestApp, type TestApp } from '../../test/test-app';
import type { PsaKind, PsaProvider } from './psa-provider';

let t: TestApp;
let sandboxes: Sandboxes;
let ctx: RequestContext;

beforeAll(async () => {
  t = await createTestApp();
  sandboxes = await startSandboxes();
  const { account, users } = await t.newAccount(['admin']);
  ctx = {
    accountId: account.id,
    actor: { kind: 'user', userId: users.admin.id, role: 'admin', sessionId: null },
    requestId: 'contract-test',
    log: t.app.log,
  };
});
afterAll(async () => {
  await sandboxes?.close();
  await t?.close();
});

const FIXTURE = {
  autotask: {
    companyId: '174',
    ticketWithoutTime: '7001',
    ticketWithTime: '7002',
    missingTicket: '424242',
    completed: '5',
    queue: '29683490',
  },
  connectwise: { companyId: '19300', ticketWithoutTime: '48291', ticketWithTime: '48292', missingTicket: '1', completed: '5', queue: '1' },
} as const;

describe.each(['autotask', 'connectwise'] as const)('PsaProvider contract on %s', (kind: PsaKind) => {
  let psa: PsaProvider;
  const f = FIXTURE[kind];
  const sandbox = () => sandboxes[kind];

  beforeEach(async () => {
    await fetch(`${sandbox().origin}/_sandbox/reset`, { method: 'POST' });
    psa = providerForSandbox(t.services, sandboxes, kind);
  });

  it('tests the connection', async () => {
    expect((await psa.testConnection(ctx)).message).toMatch(/Connected/);
  });

  it('searches companies by name, page by page', async () => {
    const first = await psa.searchCompanies(ctx, { query: 'o', page: 1, pageSize: 3 });
    expect(first.items).toHaveLength(3);
    expect(first.hasMore).toBe(true);
    const second = await psa.searchCompanies(ctx, { query: 'o', page: 2, pageSize: 3 });
    expect(second.items.map((c) => c.id)).not.toContain(first.items[0]?.id);
    const exact = await psa.searchCompanies(ctx, { query: 'northwind', page: 1, pageSize: 10 });
    expect(exact.items.map((c) => c.name)).toEqual(['Northwind Traders']);
  });

  it('pages a company search past the 1,000-record page cap (issue 15)', async () => {
    await fetch(`${sandbox().origin}/_sandbox/companies/bulk`, {
      method: 'POST',
      body: JSON.stringify({ count: 1005, namePrefix: 'Deep Search' }),
    });
    // Page 100 of 10: records 991–1000; page 101: the last five, and no page after it.
    const hundredth = await psa.searchCompanies(ctx, { query: 'Deep Search', page: 100, pageSize: 10 });
    expect(hundredth.items.map((c) => c.name)).toEqual(
      Array.from({ length: 10 }, (_, i) => `Deep Search ${String(991 + i).padStart(5, '0')}`),
    );
    expect(hundredth.hasMore).toBe(true);
    const last = await psa.searchCompanies(ctx, { query: 'Deep Search', page: 101, pageSize: 10 });
    expect(last.items.map((c) => c.name)).toEqual(Array.from({ length: 5 }, (_, i) => `Deep Search ${String(1001 + i).padStart(5, '0')}`));
    expect(last.hasMore).toBe(false);
  });

  it('finds companies by id in one batch and skips missing ones', async () => {
    const found = await psa.findCompanies(ctx, [f.companyId, '99999999', 'not-a-number']);
    expect(found.map((c) => [c.id, c.name, c.active])).toEqual([[f.companyId, 'Northwind Traders', true]]);
    expect(await psa.findCompany(ctx, '99999999')).toBeNull();
  });

  it('loads reference data with a closed status', async () => {
    const reference = await psa.referenceData(ctx, { boardId: null });
    expect(reference.queues.length).toBeGreaterThan(0);
    expect(reference.priorities.length).toBeGreaterThanOrEqual(4);
    expect(reference.sources.map((s) => s.name)).toContain('Monitoring Alert');
    expect(reference.statuses.find((s) => s.id === f.completed)?.isClosed).toBe(true);
    expect(reference.statuses.find((s) => s.name === 'New')?.isClosed).toBe(false);
  });

  it('creates a ticket stamped with its key, finds it by key, id and number', async () => {
    const key = `flightdeck:run:${kind}-contract`;
    const ticket = await psa.createTicket(ctx, {
      companyId: f.companyId,
      title: '[Flightdeck] Northwind - Daily - Error',
      description: 'Job: Daily\nStatus: Error',
      queueId: f.queue,
      sourceId: null,
      statusId: null,
      priorityId: null,
      externalKey: key,
    });
    expect(ticket).toMatchObject({ companyId: f.companyId, externalKey: key, isClosed: false });
    expect(ticket.url).toMatch(/^http/);
    expect((await psa.findTicketsByExternalKey(ctx, key)).map((x) => x.id)).toEqual([ticket.id]);
    expect((await psa.findTicket(ctx, ticket.id))?.number).toBe(ticket.number);
    expect((await psa.findTicketByNumber(ctx, ticket.number))?.id).toBe(ticket.id);
    expect(await psa.findTicketsByExternalKey(ctx, 'flightdeck:run:nobody')).toEqual([]);
  });

  it('answers a missing ticket with null', async () => {
    expect(await psa.findTicket(ctx, f.missingTicket)).toBeNull();
    const found = await psa.findTickets(ctx, [f.ticketWithoutTime, f.missingTicket]);
    expect(found.map((x) => x.id)).toEqual([f.ticketWithoutTime]);
  });

  it('lists time entries', async () => {
    expect(await psa.listTimeEntries(ctx, f.ticketWithoutTime)).toEqual([]);
    expect((await psa.listTimeEntries(ctx, f.ticketWithTime)).map((e) => e.hours)).toEqual([1.5]);
  });

  it('adds an internal note and completes a ticket, verified by reading it back', async () => {
    const note = await psa.addNote(ctx, f.ticketWithoutTime, {
      kind: 'internal',
      title: 'Flightdeck',
      text: 'Resolved after verification.',
    });
    expect(note.id).toMatch(/^\d+$/);
    await psa.setStatus(ctx, f.ticketWithoutTime, f.completed);
    expect((await psa.findTicket(ctx, f.ticketWithoutTime))?.isClosed).toBe(true);
    const all = (await (await fetch(`${sandbox().origin}/_sandbox/tickets`)).json()) as {
      tickets: { id: number; notes: Record<string, unknown>[] }[];
    };
    const stored = all.tickets.find((x) => String(x.id) === f.ticketWithoutTime)?.notes.at(-1);
    expect(stored).toMatchObject(kind === 'autotask' ? { publish: 2 } : { internalAnalysisFlag: true, resolutionFlag: false });
  });

  it('reports a provider validation error as upstream_error', async () => {
    await expect(
      psa.createTicket(ctx, {
        companyId: '99999999',
        title: 'x',
        description: 'x',
        queueId: f.queue,
        sourceId: null,
        statusId: null,
        priorityId: null,
        externalKey: 'k',
      }),
    ).rejects.toMatchObject({ code: 'upstream_error' });
  });

  it('retries a read after a 429, honouring Retry-After', async () => {
    await fetch(`${sandbox().origin}/_sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ mode: 'rate_limit', retryAfterSeconds: 0, times: 1 }),
    });
    expect((await psa.findTicket(ctx, f.ticketWithoutTime))?.id).toBe(f.ticketWithoutTime);
    expect(
      sandbox()
        .requests()
        .filter((r) => r.status === 429),
    ).toHaveLength(1);
  });

  it('does not retry a create after a dropped response', async () => {
    await fetch(`${sandbox().origin}/_sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({
        mode: 'drop_after_commit',
        method: 'POST',
        path: kind === 'autotask' ? '/tickets$' : '/service/tickets$',
        times: 1,
      }),
    });
    const draft = {
      companyId: f.companyId,
      title: 'Dropped',
      description: 'x',
      queueId: f.queue,
      sourceId: null,
      statusId: null,
      priorityId: null,
      externalKey: 'flightdeck:run:dropped',
    };
    await expect(psa.createTicket(ctx, draft)).rejects.toMatchObject({ code: 'upstream_unavailable' });
    // The ticket exists once; the key finds it, which is what the ticket flow relies on.
    expect(await psa.findTicketsByExternalKey(ctx, 'flightdeck:run:dropped')).toHaveLength(1);
  });
});

describe("Autotask's thread threshold as it really arrives (issue 15, psa-field-notes.md)", () => {
  beforeEach(async () => {
    await fetch(`${sandboxes.autotask.origin}/_sandbox/reset`, { method: 'POST' });
  });

  it.each([429, 500, 200] as const)(
    'backs off and retries when the refusal comes with status %i, reads and creates alike',
    async (status) => {
      const psa = providerForSandbox(t.services, sandboxes, 'autotask');
      await psa.findTicket(ctx, '7001'); // zone discovery and the status labels, before the refusals
      // Another process with the same integration code holds the threads for the next two requests.
      const refuse = (n: number) =>
        fetch(`${sandboxes.autotask.origin}/_sandbox/behaviour`, {
          method: 'PATCH',
          body: JSON.stringify({ threadLimitStatus: status, threadThresholdNext: n }),
        });
      await refuse(2);
      expect((await psa.findTicket(ctx, '7002'))?.id).toBe('7002');
      const reads = sandboxes.autotask.requests().filter((r) => /\/tickets\/7002$/i.test(r.path));
      expect(reads.map((r) => r.status)).toEqual([status, status, 200]);
      // A refused create created nothing, so it is sent again too.
      await refuse(1);
      const note = await psa.addNote(ctx, '7001', { kind: 'internal', title: 'Checked', text: 'Thread threshold test' });
      expect(note.id).toMatch(/^\d+$/);
    },
  );

  it('names the thread threshold as throttling when the retries run out, whatever the status', async () => {
    const psa = providerForSandbox(t.services, sandboxes, 'autotask');
    await psa.findTicket(ctx, '7001');
    await fetch(`${sandboxes.autotask.origin}/_sandbox/behaviour`, {
      method: 'PATCH',
      body: JSON.stringify({ threadLimitStatus: 500, threadThresholdNext: 50 }),
    });
    await expect(psa.findTicket(ctx, '7002')).rejects.toMatchObject({ code: 'rate_limited', details: { reason: 'thread_threshold' } });
  });
});

describe('Autotask tenants that differ where the sources are contested (issue 15, psa-field-notes.md)', () => {
  const behaviour = (values: Record<string, unknown>) =>
    fetch(`${sandboxes.autotask.origin}/_sandbox/behaviour`, { method: 'PATCH', body: JSON.stringify(values) });
  const storedTicket = async (id: string) =>
    ((await (await fetch(`${sandboxes.autotask.origin}/_sandbox/tickets`)).json()) as { tickets: Record<string, unknown>[] }).tickets.find(
      (x) => String(x.id) === id,
    ) as { status: number; queueID: number; title: string; notes: { noteType: number }[] };
  beforeEach(async () => {
    await fetch(`${sandboxes.autotask.origin}/_sandbox/reset`, { method: 'POST' });
  });

  it.each(['accepted', 'refused'] as const)('changes the status and routes a ticket when the tenant has PATCH %s', async (ticketPatch) => {
    await behaviour({ ticketPatch });
    sandboxes.autotask.clearRequests();
    const psa = providerForSandbox(t.services, sandboxes, 'autotask');
    const before = await storedTicket('7001');
    await psa.setStatus(ctx, '7001', '5');
    expect((await psa.findTicket(ctx, '7001'))?.isClosed).toBe(true);
    await psa.routeTicket(ctx, '7002', { queueId: '29683490', statusId: '1' });
    const routed = await storedTicket('7002');
    expect([routed.queueID, routed.status]).toEqual([29683490, 1]);
    // A PUT of the whole ticket keeps what it did not change.
    expect((await storedTicket('7001')).title).toBe(before.title);
    const writes = sandboxes.autotask
      .requests()
      .filter((r) => /\/Tickets$/i.test(r.path) && (r.method === 'PATCH' || r.method === 'PUT'))
      .map((r) => r.method);
    // Refused once, then the provider goes straight to PUT.
    expect(writes).toEqual(ticketPatch === 'accepted' ? ['PATCH', 'PATCH'] : ['PATCH', 'PUT', 'PUT']);
  });

  it('adds notes with an active note type when the tenant deactivated Task Notes', async () => {
    const psa = providerForSandbox(t.services, sandboxes, 'autotask');
    await psa.addNote(ctx, '7001', { kind: 'internal', title: 'Flightdeck', text: 'Task Notes active' });
    expect((await storedTicket('7001')).notes.at(-1)?.noteType).toBe(3);
    await behaviour({ inactiveNoteTypes: [3] });
    await psa.addNote(ctx, '7001', { kind: 'internal', title: 'Flightdeck', text: 'Task Notes deactivated' });
    expect((await storedTicket('7001')).notes.at(-1)?.noteType).toBe(2);
  });

  it('uses the note type chosen in settings', async () => {
    const psa = providerForSandbox(t.services, sandboxes, 'autotask', { noteTypeId: '1' });
    await psa.addNote(ctx, '7001', { kind: 'internal', title: 'Flightdeck', text: 'Summary type chosen' });
    expect((await storedTicket('7001')).notes.at(-1)?.noteType).toBe(1);
  });
});

describe('ConnectWise cloud behind Cloudflare, and a member without a right (issue 15, psa-field-notes.md)', () => {
  const behaviour = (values: Record<string, unknown>) =>
    fetch(`${sandboxes.connectwise.origin}/_sandbox/behaviour`, { method: 'PATCH', body: JSON.stringify(values) });
  beforeEach(async () => {
    await fetch(`${sandboxes.connectwise.origin}/_sandbox/reset`, { method: 'POST' });
  });

  it("waits out Cloudflare's rate-limit page and retries the read", async () => {
    const psa = providerForSandbox(t.services, sandboxes, 'connectwise');
    await behaviour({ cloudflareThrottle: 1 });
    expect((await psa.findTicket(ctx, '48291'))?.id).toBe('48291');
  });

  it('names a missing right as a permission problem, not wrong keys', async () => {
    const psa = providerForSandbox(t.services, sandboxes, 'connectwise');
    await behaviour({ deniedRights: ['note.create'] });
    await expect(psa.addNote(ctx, '48291', { kind: 'internal', title: 'Flightdeck', text: 'x' })).rejects.toMatchObject({
      code: 'upstream_error',
      details: { reason: 'permission', providerCode: 'Security' },
      message: expect.stringContaining('lacks a security permission'),
    });
  });
});

describe("Autotask's own company (issue 19)", () => {
  it("never offers the MSP's own Autotask company (id 0) as a mapping target", async () => {
    await fetch(`${sandboxes.autotask.origin}/_sandbox/reset`, { method: 'POST' });
    const psa = providerForSandbox(t.services, sandboxes, 'autotask');
    const own = await psa.searchCompanies(ctx, { query: 'Sandbox MSP', page: 1, pageSize: 10 });
    expect(own.items).toEqual([]);
    const all = await psa.searchCompanies(ctx, { query: 'a', page: 1, pageSize: 100 });
    expect(all.items.map((c) => c.id)).not.toContain('0');
  });
});
