// B4–B7, B9 over HTTP on a real database against both PSA sandboxes: one ticket per run under
// faults and concurrency, safe resolve, deleted tickets, linking, manual numbers, roles.
import { type Sandboxes, startSandboxes } from '@flightdeck/sandbox/start-sandboxes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RESOLVE_NOTE_TEXTS } from '#src/features/integrations/integrations.schemas';
import { systemContext } from '#src/lib/system-context';
import type { PsaKind } from '#src/psa/psa-provider';
import { createIngestKey, ingestForCustomer, type TestRun } from '../../../test/backup-fixtures';
import { configureSandboxIntegration, resetSandboxes } from '../../../test/psa-fixtures';
import { createTestApp, type TestApp } from '../../../test/test-app';

let t: TestApp;
let sandboxes: Sandboxes;
let accountId: string;
let admin: Record<string, string>;
let operator: Record<string, string>;
let reporter: Record<string, string>;
let bearer: Record<string, string>;

const PSA = {
  autotask: {
    companyId: '174',
    otherTicketId: '7001',
    defaults: { queueId: '29683490', statusId: '1', priorityWarningId: '2', priorityErrorId: '1', completedStatusId: '5' },
    externalKey: (ticket: Record<string, unknown>) => ticket.externalID,
    isInternal: (note: Record<string, unknown>) => note.publish === 2,
    noteText: (note: Record<string, unknown>) => note.description,
  },
  connectwise: {
    companyId: '19300',
    otherTicketId: '48291',
    defaults: { queueId: '1', statusId: '1', priorityWarningId: '3', priorityErrorId: '2', completedStatusId: '5' },
    externalKey: (ticket: Record<string, unknown>) => ticket.externalXRef,
    isInternal: (note: Record<string, unknown>) => note.internalAnalysisFlag === true && note.resolutionFlag !== true,
    noteText: (note: Record<string, unknown>) => note.text,
  },
} as const;

/** Lets a test move Flightdeck's clock past the uncertain-create settle window. */
let clockOffsetMs = 0;

beforeAll(async () => {
  t = await createTestApp({ clock: { now: () => new Date(Date.now() + clockOffsetMs) } });
  sandboxes = await startSandboxes();
});
afterAll(async () => {
  await sandboxes?.close();
  await t?.close();
});
beforeEach(async () => {
  clockOffsetMs = 0;
  await resetSandboxes(sandboxes);
  const { account, users } = await t.newAccount();
  accountId = account.id;
  admin = await t.login(users.admin.email);
  operator = await t.login(users.operator.email);
  reporter = await t.login(users.reporter.email);
  bearer = await createIngestKey(t, admin);
});

/** Parsed JSON from the API and the sandbox control routes. */
type Json = ReturnType<typeof JSON.parse>;
const api = async (method: 'GET' | 'POST' | 'PUT', url: string, headers = operator, payload?: Json) => {
  const response = await t.app.inject({ method, url, headers, ...(payload && { payload }) });
  const body: Json = response.body ? response.json() : undefined;
  return { status: response.statusCode, body };
};
const control = (kind: PsaKind, path: string, method = 'GET', body?: unknown) =>
  fetch(`${sandboxes[kind].origin}/_sandbox/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
const sandboxTickets = async (kind: PsaKind): Promise<Json[]> => ((await (await control(kind, 'tickets')).json()) as Json).tickets;
/** The number of a fixture ticket, as an operator would read it off the PSA. */
const otherTicketNumber = async (kind: PsaKind) =>
  (await sandboxTickets(kind)).find((tk) => String(tk.id) === PSA[kind].otherTicketId)?.ticketNumber ?? PSA[kind].otherTicketId;
const psaRequests = (kind: PsaKind) => sandboxes[kind].requests().length;

const configure = (kind: PsaKind, overrides: Json = {}) =>
  configureSandboxIntegration(t, admin, sandboxes, kind, { ticketDefaults: PSA[kind].defaults, ...overrides });

/** A customer mapped to the PSA company, with the given runs ingested for it. */
const customerWithRuns = async <K extends string>(kind: PsaKind, runs: (TestRun & { sourceKey: K })[]) => {
  const customer = (await api('POST', '/api/v1/customers', operator, { name: `Northwind ${kind}` })).body;
  const mapped = await api('PUT', `/api/v1/customers/${customer.id}/psa-mapping`, operator, { kind, companyId: PSA[kind].companyId });
  expect(mapped.status).toBe(200);
  return ingestForCustomer(t, { bearer, operator }, customer.id, runs);
};

const failingRun = <K extends string>(sourceKey: K): TestRun & { sourceKey: K } => ({
  sourceKey,
  status: 'error',
  objects: [
    { name: 'HV01', status: 'error', messages: ['Failed to create VSS snapshot'] },
    { name: 'DC01', status: 'success', messages: [] },
  ],
});

const activeLinks = (runId: string) =>
  t.database.db.selectFrom('ticket_links').selectAll().where('backup_run_id', '=', runId).where('state', '=', 'active').execute();

describe.each(['autotask', 'connectwise'] as const)('run tickets on %s', (kind) => {
  const psa = PSA[kind];
  // ConnectWise stores a ticket's initial description as its first note; these are the notes added later.
  const resolveNotes = (ticket: Json): Json[] => ticket.notes.filter((n: Json) => !String(psa.noteText(n)).startsWith('Backup job:'));
  const ticketsWithKey = async (key: string) => (await sandboxTickets(kind)).filter((tk) => psa.externalKey(tk) === key);

  beforeEach(() => configure(kind));

  it('creates one ticket with the composed title, description, defaults and key, and then only opens it (B4)', async () => {
    const { r1 } = await customerWithRuns(kind, [failingRun('r1')]);
    const created = await api('POST', `/api/v1/runs/${r1}/ticket`);
    expect(created.status).toBe(200);
    expect(created.body.outcome).toBe('created');
    const link = created.body.ticket.active;
    expect(link).toMatchObject({ psaKind: kind, origin: 'created', state: 'active', lastStatusClosed: false });
    expect(link.ticketUrl).toMatch(/^http/);
    expect(created.body.ticket.actions).toMatchObject({ canCreate: false, canResolve: true });

    const [stored] = await ticketsWithKey((await activeLinks(r1))[0]?.external_key as string);
    expect(stored).toBeDefined();
    const text = JSON.stringify(stored);
    expect(text).toContain(`[Flightdeck] Northwind ${kind} - Nightly Servers - Error`);
    expect(text).toContain(`https://flightdeck.example.com/jobs/`);
    expect(text).toContain(`/runs/${r1}`);
    expect(text).toContain('HV01 (error): Failed to create VSS snapshot');
    expect(text).not.toContain('DC01');

    const again = await api('POST', `/api/v1/runs/${r1}/ticket`);
    expect(again.body.outcome).toBe('existing');
    expect(await activeLinks(r1)).toHaveLength(1);
  });

  it('survives 50 parallel creates with the first response dropped after commit: one ticket, one active link (B4.2)', async () => {
    const { r1 } = await customerWithRuns(kind, [failingRun('r1')]);
    const before = (await sandboxTickets(kind)).length;
    await control(kind, 'faults', 'POST', { mode: 'drop_after_commit', method: 'POST', path: 'tickets$', times: 1 });
    const responses = await Promise.all(Array.from({ length: 50 }, () => api('POST', `/api/v1/runs/${r1}/ticket`)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    // Whoever still meets the claim afterwards is told to refresh; once settled, all see the one ticket.
    const settled = await api('POST', `/api/v1/runs/${r1}/ticket`);
    expect(settled.body.outcome).toBe('existing');
    expect((await sandboxTickets(kind)).length).toBe(before + 1);
    const links = await activeLinks(r1);
    expect(links).toHaveLength(1);
    expect(links[0]?.origin).toBe('adopted');
    expect(await ticketsWithKey(links[0]?.external_key as string)).toHaveLength(1);
    expect(sandboxes[kind].requests().some((r) => r.fault === 'drop_after_commit')).toBe(true);
  });

  it('after a crash between the PSA and our commit, a stale claim is taken over and the ticket adopted', async () => {
    const { r1 } = await customerWithRuns(kind, [failingRun('r1')]);
    // A request that died: it held the claim, and its ticket reached the PSA.
    const key = `fd-run-${r1.replaceAll('-', '')}-1`;
    await t.database.db
      .insertInto('run_ticket_claims')
      .values({
        account_id: accountId,
        backup_run_id: r1,
        external_key: key,
        claimed_by: null,
        claimed_at: new Date(Date.now() - 10 * 60_000),
      })
      .execute();
    const provider = await t.services.psaConnections.providerFor(systemContext(accountId, 'test', t.app.log), kind);
    await provider.createTicket(systemContext(accountId, 'test', t.app.log), {
      companyId: psa.companyId,
      title: 'Created by the request that crashed',
      description: 'x',
      ...psa.defaults,
      sourceId: null,
      priorityId: psa.defaults.priorityErrorId,
      externalKey: key,
    });
    const created = await api('POST', `/api/v1/runs/${r1}/ticket`);
    expect(created.body.outcome).toBe('adopted');
    expect(await ticketsWithKey(key)).toHaveLength(1);
    expect(await t.database.db.selectFrom('run_ticket_claims').selectAll().execute()).toEqual([]);
  });

  it('resolves a ticket without time entries once a later run succeeded: verified note, completed status, read back (B5.2, B14.5)', async () => {
    const { r1 } = await customerWithRuns(kind, [failingRun('r1')]);
    const ticketId = (await api('POST', `/api/v1/runs/${r1}/ticket`)).body.ticket.active.ticketId;
    // Nothing has succeeded since: Resolve says so and waits for the engineer's word.
    const early = await api('POST', `/api/v1/runs/${r1}/ticket/resolve`);
    expect(early.status).toBe(422);
    expect(early.body.details.reason).toBe('not_verified');
    expect((await api('GET', `/api/v1/runs/${r1}/ticket`)).body.actions.resolvePreview).toMatchObject({
      verifiedBy: null,
      note: RESOLVE_NOTE_TEXTS.noTimeEntriesUnverified,
    });
    const { customer_id: customerId } = await t.database.db
      .selectFrom('backup_runs as r')
      .innerJoin('backup_jobs as j', 'j.id', 'r.job_id')
      .select('j.customer_id')
      .where('r.id', '=', r1)
      .executeTakeFirstOrThrow();
    // The next night the job succeeds: that run verifies the fix.
    const { r2 } = await ingestForCustomer(t, { bearer, operator }, customerId as string, [
      { sourceKey: 'r2', status: 'success', endedAt: '2026-11-21T02:30:00Z' },
    ]);
    const preview = (await api('GET', `/api/v1/runs/${r1}/ticket`)).body.actions.resolvePreview;
    expect(preview).toMatchObject({ verifiedBy: { runId: r2 }, note: RESOLVE_NOTE_TEXTS.noTimeEntries });
    const resolved = await api('POST', `/api/v1/runs/${r1}/ticket/resolve`);
    expect(resolved.status).toBe(200);
    expect(resolved.body.outcome).toBe('completed');
    expect(resolved.body.ticket.active).toMatchObject({ resolution: 'completed', lastStatusClosed: true });
    const ticket = (await sandboxTickets(kind)).find((tk) => String(tk.id) === ticketId) as Json;
    const notes = resolveNotes(ticket);
    expect(notes.map(psa.noteText)).toEqual([RESOLVE_NOTE_TEXTS.noTimeEntries]);
    expect(psa.isInternal(notes[0] as Json)).toBe(true);
    expect(JSON.stringify(ticket)).toMatch(kind === 'autotask' ? /"status":5/ : /"name":"Completed"/);
    const board = await api('GET', '/api/v1/run-checks');
    expect(board.body.runs.map((r: Json) => r.runId)).not.toContain(r1);
    expect((await api('POST', `/api/v1/runs/${r1}/ticket/resolve`)).status).toBe(422);
  });

  it('resolves without a later successful run only when the engineer confirms, and the note says so (B14.5)', async () => {
    const { r1 } = await customerWithRuns(kind, [failingRun('r1')]);
    const ticketId = (await api('POST', `/api/v1/runs/${r1}/ticket`)).body.ticket.active.ticketId;
    const resolved = await api('POST', `/api/v1/runs/${r1}/ticket/resolve`, operator, { confirmUnverified: true });
    expect(resolved.body.outcome).toBe('completed');
    const ticket = (await sandboxTickets(kind)).find((tk) => String(tk.id) === ticketId) as Json;
    expect(resolveNotes(ticket).map(psa.noteText)).toEqual([RESOLVE_NOTE_TEXTS.noTimeEntriesUnverified]);
  });

  it('never closes a ticket with time entries: exact internal note, ticket left open (B5.3)', async () => {
    const { r1 } = await customerWithRuns(kind, [failingRun('r1')]);
    const ticketId = (await api('POST', `/api/v1/runs/${r1}/ticket`)).body.ticket.active.ticketId;
    expect((await control(kind, `tickets/${ticketId}/time-entries`, 'POST', { hours: 0.5 })).status).toBe(201);
    const resolved = await api('POST', `/api/v1/runs/${r1}/ticket/resolve`, operator, { confirmUnverified: true });
    expect(resolved.body.outcome).toBe('left_open_time_entries');
    expect(resolved.body.ticket.active).toMatchObject({ resolution: 'left_open_time_entries', lastStatusClosed: false });
    const ticket = (await sandboxTickets(kind)).find((tk) => String(tk.id) === ticketId) as Json;
    const notes = resolveNotes(ticket);
    expect(notes.map(psa.noteText)).toEqual([RESOLVE_NOTE_TEXTS.timeEntriesPresent]);
    expect(psa.isInternal(notes[0] as Json)).toBe(true);
    expect(sandboxes[kind].requests().filter((r) => r.method === 'PATCH' || r.method === 'PUT')).toEqual([]);
  });

  it('keeps a ticket deleted in the PSA as history and offers re-link or a new ticket (B7)', async () => {
    const { r1 } = await customerWithRuns(kind, [failingRun('r1')]);
    const first = (await api('POST', `/api/v1/runs/${r1}/ticket`)).body.ticket.active;
    await control(kind, `tickets/${first.ticketId}`, 'DELETE');

    const opened = await api('POST', `/api/v1/runs/${r1}/ticket/open`);
    expect(opened.status).toBe(422);
    expect(opened.body.detail).toContain('deleted');
    const view = (await api('GET', `/api/v1/runs/${r1}/ticket`)).body;
    expect(view.active).toBeNull();
    expect(view.history).toEqual([expect.objectContaining({ ticketNumber: first.ticketNumber, state: 'deleted_external' })]);
    expect(view.actions).toMatchObject({ canCreate: true, canLinkExisting: true, canResolve: false });
    const boardResponse = await api('GET', '/api/v1/run-checks?ticket=deleted');
    expect(boardResponse.status).toBe(200);
    const board = boardResponse.body.runs;
    expect(board).toEqual([expect.objectContaining({ runId: r1, ticket: expect.objectContaining({ state: 'deleted_external' }) })]);

    const recreated = await api('POST', `/api/v1/runs/${r1}/ticket`);
    expect(recreated.body.outcome).toBe('created');
    expect(recreated.body.ticket.active.ticketId).not.toBe(first.ticketId);
    expect(recreated.body.ticket.history).toHaveLength(1);

    // Re-link instead: delete the new one too, then link an existing ticket by number.
    await control(kind, `tickets/${recreated.body.ticket.active.ticketId}`, 'DELETE');
    expect((await api('POST', `/api/v1/runs/${r1}/ticket/resolve`, operator, { confirmUnverified: true })).status).toBe(422);
    const relinked = await api('POST', `/api/v1/runs/${r1}/ticket/link`, operator, { ticketNumber: await otherTicketNumber(kind) });
    expect(relinked.status).toBe(200);
    expect(relinked.body.active).toMatchObject({ origin: 'linked', ticketNumber: await otherTicketNumber(kind) });
    expect(relinked.body.history.map((l: Json) => l.state)).toEqual(['deleted_external', 'deleted_external']);
  });

  it('validates active links in batches and flags deleted tickets (B7.3)', async () => {
    const runs = await customerWithRuns(kind, [failingRun('r1'), failingRun('r2'), failingRun('r3')]);
    const ids = [];
    for (const runId of Object.values(runs)) {
      ids.push((await api('POST', `/api/v1/runs/${runId}/ticket`)).body.ticket.active.ticketId);
    }
    await control(kind, `tickets/${ids[1]}`, 'DELETE');
    sandboxes[kind].clearRequests();
    const summary = await t.services.runTickets.validateTicketLinks(systemContext(accountId, 'test', t.app.log));
    expect(summary).toMatchObject({ checked: 3, deleted: 1, pages: 1 });
    expect((await api('GET', `/api/v1/runs/${runs.r2}/ticket`)).body.history[0].state).toBe('deleted_external');
    expect((await api('GET', `/api/v1/runs/${runs.r1}/ticket`)).body.active.state).toBe('active');
  });

  it('checks 1,000 links in as few PSA queries as the PSA allows (issue 14)', async () => {
    const runs = await customerWithRuns(
      kind,
      Array.from({ length: 1000 }, (_, i) => failingRun(`bulk-${i}`)),
    );
    // One link per failed run, to tickets the PSA does not have (six-digit ids, as real tenants').
    await t.database.db
      .insertInto('ticket_links')
      .values(
        Object.values(runs).map((runId, i) => ({
          account_id: accountId,
          backup_run_id: runId,
          psa_kind: kind,
          ticket_id: String(900000 + i),
          ticket_number: `T${900000 + i}`,
          origin: 'linked',
          state: 'active',
        })),
      )
      .execute();
    sandboxes[kind].clearRequests();
    const summary = await t.services.runTickets.validateTicketLinks(systemContext(accountId, 'test', t.app.log));
    expect(summary).toMatchObject({ checked: 1000, deleted: 1000 });
    const ticketQueries = sandboxes[kind].requests().filter((r) => /\/tickets(\/query)?$/i.test(r.path));
    if (kind === 'autotask') {
      // 500 ids a query, Autotask's page and OR-condition limit: ceil(1000 / 500).
      expect(ticketQueries).toHaveLength(2);
    } else {
      // As many ids as fit a 2,000-character URL (each costs its 6 digits and an encoded comma):
      // every query full but the last, none longer.
      const origin = sandboxes.connectwise.origin;
      const idsIn = (r: { query: string }) => (new URLSearchParams(r.query).get('conditions') ?? '').split(',').length;
      expect(ticketQueries.every((r) => `${origin}${r.path}${r.query}`.length <= 2000)).toBe(true);
      const perQuery = idsIn(ticketQueries[0] as { query: string });
      expect(perQuery).toBeGreaterThan(150);
      expect(ticketQueries).toHaveLength(Math.ceil(1000 / perQuery));
      expect(ticketQueries.map(idsIn).reduce((a, b) => a + b, 0)).toBe(1000);
    }
  });

  it('links an existing ticket by number, validated in the PSA (B6.2)', async () => {
    const { r1 } = await customerWithRuns(kind, [failingRun('r1')]);
    const unknown = await api('POST', `/api/v1/runs/${r1}/ticket/link`, operator, { ticketNumber: '999999' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ path: 'ticketNumber' })]);
    const linked = await api('POST', `/api/v1/runs/${r1}/ticket/link`, operator, { ticketNumber: await otherTicketNumber(kind) });
    expect(linked.body.active).toMatchObject({
      origin: 'linked',
      ticketNumber: await otherTicketNumber(kind),
      ticketId: expect.any(String),
    });
    expect(linked.body.actions.canResolve).toBe(true);
    expect((await api('POST', `/api/v1/runs/${r1}/ticket/link`, operator, { ticketNumber: await otherTicketNumber(kind) })).status).toBe(
      409,
    );
  });

  it('makes no PSA request of any kind with the integration disabled; manual numbers work (B6.3)', async () => {
    const { r1 } = await customerWithRuns(kind, [failingRun('r1')]);
    await configure(kind, { enabled: false });
    sandboxes[kind].clearRequests();
    const create = await api('POST', `/api/v1/runs/${r1}/ticket`);
    expect(create.status).toBe(422);
    expect(create.body.detail).toContain('disabled');
    expect((await api('POST', `/api/v1/runs/${r1}/ticket/link`, operator, { ticketNumber: await otherTicketNumber(kind) })).status).toBe(
      422,
    );
    const manual = await api('POST', `/api/v1/runs/${r1}/ticket/manual`, operator, { ticketNumber: 'OLD-1234' });
    expect(manual.body.active).toMatchObject({ origin: 'manual', ticketNumber: 'OLD-1234', ticketId: null });
    expect(manual.body.actions).toMatchObject({ canResolve: false, canCreate: false });
    expect((await api('POST', `/api/v1/runs/${r1}/ticket/resolve`)).status).toBe(422);
    expect((await api('POST', `/api/v1/runs/${r1}/ticket/open`)).status).toBe(200);
    expect(psaRequests(kind)).toBe(0);
  });

  it('keeps manual numbers behind the compatibility setting while enabled; a validated link replaces one (B6.1, B6.4)', async () => {
    const { r1 } = await customerWithRuns(kind, [failingRun('r1')]);
    const refused = await api('POST', `/api/v1/runs/${r1}/ticket/manual`, operator, { ticketNumber: 'OLD-1' });
    expect(refused.status).toBe(422);
    await configure(kind, { allowManualTicketNumbers: true });
    const manual = await api('POST', `/api/v1/runs/${r1}/ticket/manual`, operator, { ticketNumber: 'OLD-1' });
    expect(manual.body.active.origin).toBe('manual');
    expect(manual.body.actions.resolveBlockedReason).toContain('validated');
    expect((await api('GET', '/api/v1/run-checks')).body.runs[0].ticket).toMatchObject({ ticketNumber: 'OLD-1', origin: 'manual' });
    const linked = await api('POST', `/api/v1/runs/${r1}/ticket/link`, operator, { ticketNumber: await otherTicketNumber(kind) });
    expect(linked.body.active.origin).toBe('linked');
    expect(linked.body.history).toEqual([expect.objectContaining({ ticketNumber: 'OLD-1', state: 'replaced' })]);
  });

  it('refuses reporters on create, link, manual and resolve, and shows them the ticket (B9)', async () => {
    const { r1 } = await customerWithRuns(kind, [failingRun('r1')]);
    sandboxes[kind].clearRequests();
    expect((await api('POST', `/api/v1/runs/${r1}/ticket`, reporter)).status).toBe(403);
    expect((await api('POST', `/api/v1/runs/${r1}/ticket/link`, reporter, { ticketNumber: await otherTicketNumber(kind) })).status).toBe(
      403,
    );
    expect((await api('POST', `/api/v1/runs/${r1}/ticket/manual`, reporter, { ticketNumber: 'X-1' })).status).toBe(403);
    expect(psaRequests(kind)).toBe(0);
    await api('POST', `/api/v1/runs/${r1}/ticket`);
    expect((await api('POST', `/api/v1/runs/${r1}/ticket/resolve`, reporter)).status).toBe(403);
    const seen = await api('GET', `/api/v1/runs/${r1}/ticket`, reporter);
    expect(seen.body.active.ticketNumber).toBeTruthy();
    expect(seen.body.actions).toEqual({
      canCreate: false,
      createBlockedReason: null,
      canLinkExisting: false,
      canUnlink: false,
      canEnterManualNumber: false,
      openTicketOfJob: null,
      canAddToOpenTicket: false,
      canResolve: false,
      resolveBlockedReason: null,
      resolvePreview: null,
    });
  });
});

describe.each(['autotask', 'connectwise'] as const)('trustworthy ticket writes on %s (issue 13)', (kind) => {
  const psa = PSA[kind];
  const companyOf = (ticket: Json) => String(kind === 'autotask' ? ticket.companyID : ticket.company?.id);
  const ticketsWithKey = async (key: string) => (await sandboxTickets(kind)).filter((tk) => psa.externalKey(tk) === key);
  const resolveNotes = (ticket: Json): Json[] => ticket.notes.filter((n: Json) => !String(psa.noteText(n)).startsWith('Backup job:'));
  const ticketById = async (id: string) => (await sandboxTickets(kind)).find((tk) => String(tk.id) === id) as Json;

  beforeEach(() => configure(kind));

  it('refuses to link a ticket of another customer, naming both companies (finding 1, B6.2)', async () => {
    const { r1 } = await customerWithRuns(kind, [failingRun('r1')]);
    const foreign = (await sandboxTickets(kind)).find((tk) => companyOf(tk) !== psa.companyId) as Json;
    const number = String(foreign.ticketNumber ?? foreign.id);
    const refused = await api('POST', `/api/v1/runs/${r1}/ticket/link`, operator, { ticketNumber: number });
    expect(refused.status).toBe(400);
    expect(refused.body.details.reason).toBe('ticket_company_mismatch');
    expect(refused.body.detail).toContain(`company ${companyOf(foreign)}`);
    expect(refused.body.detail).toContain(`company ${psa.companyId}`);
    expect(await activeLinks(r1)).toEqual([]);
  });

  it('unlinks a run from its ticket, keeping the link as history (finding 1, B6)', async () => {
    const { r1 } = await customerWithRuns(kind, [failingRun('r1')]);
    await api('POST', `/api/v1/runs/${r1}/ticket/link`, operator, { ticketNumber: await otherTicketNumber(kind) });
    sandboxes[kind].clearRequests();
    const unlinked = await api('POST', `/api/v1/runs/${r1}/ticket/unlink`);
    expect(unlinked.status).toBe(200);
    expect(unlinked.body.active).toBeNull();
    expect(unlinked.body.history).toEqual([expect.objectContaining({ state: 'unlinked' })]);
    expect(unlinked.body.actions).toMatchObject({ canLinkExisting: true, canCreate: true });
    expect(psaRequests(kind)).toBe(0);
    expect((await api('POST', `/api/v1/runs/${r1}/ticket/unlink`)).status).toBe(422);
  });

  it('never makes a second ticket when the PSA answers after our timeout, and refuses Link existing meanwhile (findings 2, 3, B4.2)', async () => {
    const { r1 } = await customerWithRuns(kind, [failingRun('r1')]);
    // The test app's PSA timeout is 5 s: the PSA stores this ticket 2 s after we gave up on it.
    await control(kind, 'faults', 'POST', { mode: 'latency', method: 'POST', path: 'tickets$', latencyMs: 7_000, times: 1 });
    const creating = api('POST', `/api/v1/runs/${r1}/ticket`);
    // While the create is in flight, linking another ticket would orphan one of them.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const during = await api('POST', `/api/v1/runs/${r1}/ticket/link`, operator, { ticketNumber: await otherTicketNumber(kind) });
    expect(during.status).toBe(409);
    expect(during.body.details.reason).toBe('ticket_creation_in_progress');
    const first = await creating;
    expect(first.status).toBe(503);
    expect(first.body.details.reason).toBe('ticket_creation_uncertain');
    const key = (await t.database.db.selectFrom('run_ticket_claims').selectAll().executeTakeFirstOrThrow()).external_key;

    const retry = await api('POST', `/api/v1/runs/${r1}/ticket`);
    expect(retry.body.details?.reason).toBe('ticket_creation_uncertain');
    const link = await api('POST', `/api/v1/runs/${r1}/ticket/link`, operator, { ticketNumber: await otherTicketNumber(kind) });
    expect(link.status).toBe(409);
    expect(link.body.details.reason).toBe('ticket_creation_uncertain');
    const view = (await api('GET', `/api/v1/runs/${r1}/ticket`)).body;
    expect(view.pendingCreate).toMatchObject({ state: 'uncertain' });
    expect(view.actions.canLinkExisting).toBe(false);

    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const settled = await api('POST', `/api/v1/runs/${r1}/ticket`);
    expect(settled.status).toBe(200);
    expect(settled.body.outcome).toBe('adopted');
    expect(await ticketsWithKey(key)).toHaveLength(1);
    expect(await activeLinks(r1)).toHaveLength(1);
    expect(await t.database.db.selectFrom('run_ticket_claims').selectAll().execute()).toEqual([]);
  }, 30_000);

  it('creates the ticket once the settle window proves the uncertain attempt never landed (B4.2)', async () => {
    const { r1 } = await customerWithRuns(kind, [failingRun('r1')]);
    await control(kind, 'faults', 'POST', { mode: 'server_error', status: 503, method: 'POST', path: 'tickets$', times: 1 });
    expect((await api('POST', `/api/v1/runs/${r1}/ticket`)).body.details.reason).toBe('ticket_creation_uncertain');
    expect((await api('POST', `/api/v1/runs/${r1}/ticket`)).body.details.reason).toBe('ticket_creation_uncertain');
    clockOffsetMs = 3 * 60_000;
    const created = await api('POST', `/api/v1/runs/${r1}/ticket`);
    expect(created.body.outcome).toBe('created');
    expect(await ticketsWithKey((await activeLinks(r1))[0]?.external_key as string)).toHaveLength(1);
  });

  it('restores the status when time is logged while the ticket is being closed (finding 4, B5.3)', async () => {
    const { r1 } = await customerWithRuns(kind, [failingRun('r1')]);
    const ticketId = (await api('POST', `/api/v1/runs/${r1}/ticket`)).body.ticket.active.ticketId;
    const before = (await ticketById(ticketId)).status;
    // The note takes 2.5 s; a technician logs time meanwhile.
    await control(kind, 'faults', 'POST', { mode: 'latency', method: 'POST', path: 'notes$', latencyMs: 2_500, times: 1 });
    const resolving = api('POST', `/api/v1/runs/${r1}/ticket/resolve`, operator, { confirmUnverified: true });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await control(kind, `tickets/${ticketId}/time-entries`, 'POST', { hours: 0.25 })).status).toBe(201);
    const resolved = await resolving;
    expect(resolved.body.outcome).toBe('left_open_time_entries');
    const ticket = await ticketById(ticketId);
    expect(ticket.status).toEqual(before);
    expect(resolveNotes(ticket).map(psa.noteText)).toEqual([
      RESOLVE_NOTE_TEXTS.noTimeEntriesUnverified,
      RESOLVE_NOTE_TEXTS.timeEntriesPresent,
    ]);
  }, 20_000);

  it('restores the previous status when time appears right after the close (finding 4)', async () => {
    const { r1 } = await customerWithRuns(kind, [failingRun('r1')]);
    const ticketId = (await api('POST', `/api/v1/runs/${r1}/ticket`)).body.ticket.active.ticketId;
    const before = (await ticketById(ticketId)).status;
    // The read-back after the status change is slow; time is logged on the just-closed ticket.
    await control(kind, 'faults', 'POST', {
      mode: 'latency',
      method: 'PATCH',
      path: kind === 'autotask' ? 'tickets$' : 'tickets/\\d+$',
      latencyMs: 2_500,
      times: 1,
    });
    const resolving = api('POST', `/api/v1/runs/${r1}/ticket/resolve`, operator, { confirmUnverified: true });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await control(kind, `tickets/${ticketId}/time-entries`, 'POST', { hours: 0.25 });
    const resolved = await resolving;
    expect(resolved.body.outcome).toBe('left_open_time_entries');
    expect((await ticketById(ticketId)).status).toEqual(before);
  }, 20_000);
});

describe('a resolve retried after the PSA ignored the status change (finding 5, ConnectWise)', () => {
  it('writes the internal note once and only retries the status change', async () => {
    await configure('connectwise');
    const { r1 } = await customerWithRuns('connectwise', [failingRun('r1')]);
    const ticketId = (await api('POST', `/api/v1/runs/${r1}/ticket`)).body.ticket.active.ticketId;
    await control('connectwise', 'behaviour', 'PATCH', { ignoreStatusChanges: true });
    expect((await api('POST', `/api/v1/runs/${r1}/ticket/resolve`, operator, { confirmUnverified: true })).status).toBe(502);
    expect((await api('POST', `/api/v1/runs/${r1}/ticket/resolve`, operator, { confirmUnverified: true })).status).toBe(502);
    await control('connectwise', 'behaviour', 'PATCH', { ignoreStatusChanges: false });
    expect((await api('POST', `/api/v1/runs/${r1}/ticket/resolve`, operator, { confirmUnverified: true })).body.outcome).toBe('completed');
    const ticket = (await sandboxTickets('connectwise')).find((tk) => String(tk.id) === ticketId) as Json;
    const notes = ticket.notes.filter((n: Json) => !String(n.text).startsWith('Backup job:'));
    expect(notes.map((n: Json) => n.text)).toEqual([RESOLVE_NOTE_TEXTS.noTimeEntriesUnverified]);
  });
});

describe('ticket URLs (finding 16, I3)', () => {
  it('are built from the current settings when read, so a moved PSA moves every link', async () => {
    await configure('connectwise');
    const { r1 } = await customerWithRuns('connectwise', [failingRun('r1')]);
    const created = (await api('POST', `/api/v1/runs/${r1}/ticket`)).body.ticket.active;
    expect(created.ticketUrl).toContain(sandboxes.connectwise.siteUrl);
    await configure('connectwise', { siteUrl: 'https://eu.myconnectwise.net' });
    const moved = (await api('GET', `/api/v1/runs/${r1}/ticket`)).body.active;
    expect(moved.ticketUrl).toMatch(/^https:\/\/eu\.myconnectwise\.net\/v4_6_release\/.*service_recid=/);
    const board = (await api('GET', '/api/v1/run-checks')).body.runs.find((r: Json) => r.runId === r1);
    expect(board.ticket.ticketUrl).toBe(moved.ticketUrl);
  });
});

describe('the creation gate (B4.3)', () => {
  it('blocks an unmapped customer with the reason and makes no PSA call', async () => {
    await configure('autotask');
    const customer = (await api('POST', '/api/v1/customers', operator, { name: 'Unmapped' })).body;
    const { r1 } = await ingestForCustomer(t, { bearer, operator }, customer.id, [failingRun('r1')]);
    sandboxes.autotask.clearRequests();
    const view = (await api('GET', `/api/v1/runs/${r1}/ticket`)).body;
    expect(view.actions).toMatchObject({ canCreate: false, createBlockedReason: expect.stringContaining('not mapped') });
    const create = await api('POST', `/api/v1/runs/${r1}/ticket`);
    expect(create.status).toBe(422);
    expect(psaRequests('autotask')).toBe(0);
  });
});

describe('a PSA that ignores the status change (ConnectWise)', () => {
  it('is an error naming expected and actual status, and the ticket is not resolved', async () => {
    await configure('connectwise');
    const { r1 } = await customerWithRuns('connectwise', [failingRun('r1')]);
    await api('POST', `/api/v1/runs/${r1}/ticket`);
    await control('connectwise', 'behaviour', 'PATCH', { ignoreStatusChanges: true });
    const resolved = await api('POST', `/api/v1/runs/${r1}/ticket/resolve`, operator, { confirmUnverified: true });
    expect(resolved.status).toBe(502);
    expect(resolved.body.detail).toMatch(/expected status 5.*New \(1\)/);
    const view = (await api('GET', `/api/v1/runs/${r1}/ticket`)).body;
    expect(view.active).toMatchObject({ resolution: null, lastStatusClosed: false });
    expect(view.actions.canResolve).toBe(true);
  });
});

describe.each(['autotask', 'connectwise'] as const)('one ticket for a job failing night after night on %s (issue 19)', (kind) => {
  const psa = PSA[kind];
  beforeEach(() => configure(kind));
  const night = (day: number) => `2026-11-${day}T02:30:00Z`;

  it('adds the next failed run to the open ticket with a note, and one Resolve settles both runs', async () => {
    const { r1, r2 } = await customerWithRuns(kind, [
      { ...failingRun('r1'), endedAt: night(20) },
      {
        ...failingRun('r2'),
        endedAt: night(22),
        objects: [{ name: 'HV02', status: 'error', messages: ['Disk space exhausted on repository'] }],
      },
    ]);
    // Nothing to add to before a ticket exists: operators decide, nothing links itself.
    expect((await api('GET', `/api/v1/runs/${r2}/ticket`)).body.actions).toMatchObject({
      openTicketOfJob: null,
      canAddToOpenTicket: false,
    });
    expect((await api('POST', `/api/v1/runs/${r2}/ticket/add-to-open`)).body.details.reason).toBe('no_open_ticket');

    const created = (await api('POST', `/api/v1/runs/${r1}/ticket`)).body.ticket.active;
    const offer = (await api('GET', `/api/v1/runs/${r2}/ticket`)).body.actions;
    expect(offer).toMatchObject({ openTicketOfJob: { ticketNumber: created.ticketNumber, psaKind: kind }, canAddToOpenTicket: true });
    expect((await api('POST', `/api/v1/runs/${r2}/ticket/add-to-open`, reporter)).status).toBe(403);
    const added = await api('POST', `/api/v1/runs/${r2}/ticket/add-to-open`);
    expect(added.status).toBe(200);
    expect(added.body.ticket.active).toMatchObject({ ticketId: created.ticketId, ticketNumber: created.ticketNumber });
    expect(await activeLinks(r1)).toHaveLength(1);
    // The ticket got an internal note with the second run's own summary.
    const ticket = (await sandboxTickets(kind)).find((tk) => String(tk.id) === created.ticketId) as Json;
    const note = (ticket.notes as Json[]).find((n) => String(psa.noteText(n)).includes('Disk space exhausted on repository'));
    expect(note).toBeDefined();
    expect(psa.isInternal(note as Json)).toBe(true);
    // A run with a ticket cannot take another.
    expect((await api('POST', `/api/v1/runs/${r2}/ticket/add-to-open`)).status).toBe(409);

    const customerId = (
      await t.database.db
        .selectFrom('backup_runs as r')
        .innerJoin('backup_jobs as j', 'j.id', 'r.job_id')
        .select('j.customer_id')
        .where('r.id', '=', r1)
        .executeTakeFirstOrThrow()
    ).customer_id as string;
    // A success between the two failures verifies nothing: the ticket's newest failure is later.
    await ingestForCustomer(t, { bearer, operator }, customerId, [{ sourceKey: 'between', status: 'success', endedAt: night(21) }]);
    expect((await api('POST', `/api/v1/runs/${r1}/ticket/resolve`)).body.details.reason).toBe('not_verified');
    const { after } = await ingestForCustomer(t, { bearer, operator }, customerId, [
      { sourceKey: 'after', status: 'success', endedAt: night(23) },
    ]);
    expect((await api('GET', `/api/v1/runs/${r1}/ticket`)).body.actions.resolvePreview.verifiedBy.runId).toBe(after);

    const resolved = await api('POST', `/api/v1/runs/${r1}/ticket/resolve`);
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ outcome: 'completed', alsoResolvedRuns: 1 });
    const second = (await api('GET', `/api/v1/runs/${r2}/ticket`)).body;
    expect(second.active).toMatchObject({ resolution: 'completed' });
    expect(second.actions.canResolve).toBe(false);
    const board = await api('GET', '/api/v1/run-checks');
    expect(board.body.runs.map((r: Json) => r.runId)).not.toContain(r2);
  });

  it('reads the ticket first: one deleted in the PSA meanwhile is refused and kept as history', async () => {
    const { r1, r2 } = await customerWithRuns(kind, [
      { ...failingRun('r1'), endedAt: night(20) },
      { ...failingRun('r2'), endedAt: night(22) },
    ]);
    const created = (await api('POST', `/api/v1/runs/${r1}/ticket`)).body.ticket.active;
    expect((await control(kind, `tickets/${created.ticketId}`, 'DELETE')).status).toBe(204);
    const refused = await api('POST', `/api/v1/runs/${r2}/ticket/add-to-open`);
    expect(refused.status).toBe(422);
    expect(refused.body.details.reason).toBe('ticket_deleted');
    expect(await activeLinks(r2)).toHaveLength(0);
    expect((await api('GET', `/api/v1/runs/${r1}/ticket`)).body.history[0]).toMatchObject({ state: 'deleted_external' });
    expect((await api('GET', `/api/v1/runs/${r2}/ticket`)).body.actions.openTicketOfJob).toBeNull();
  });
});
