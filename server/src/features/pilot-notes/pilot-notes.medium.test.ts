// P5 / P6 on a real database: previews built from session state only (offline) and cached per
// state version (counted at the fake Messages API with the real SDK), and writebacks to both PSA
// sandboxes with verified status changes, skipped transitions, local outcomes and 409 on repeats.
import { type MessagesFake, startMessagesFake } from '@flightdeck/sandbox/anthropic/messages-fake';
import { type Sandboxes, startSandboxes } from '@flightdeck/sandbox/start-sandboxes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MODEL_SERVICES, type ModelService } from '#src/models/model-provider';
import type { PilotModelConfig } from '#src/models/model-settings';
import type { PsaKind } from '#src/psa/psa-provider';
import { configureSandboxIntegration, resetSandboxes } from '../../../test/psa-fixtures';
import { createTestApp, type TestApp } from '../../../test/test-app';
import { redact } from './session-documents';

/** Parsed JSON from the API. */
type Json = ReturnType<typeof JSON.parse>;

let sandboxes: Sandboxes;
let fake: MessagesFake;
beforeAll(async () => {
  sandboxes = await startSandboxes();
  fake = await startMessagesFake();
});
afterAll(async () => {
  await sandboxes?.close();
  await fake?.close();
});

const PSA = {
  autotask: { companyId: '174', ticket: '7001', number: null as string | null, resolved: '5', escalated: '8' },
  connectwise: { companyId: '19300', ticket: '48291', number: '48291', resolved: '5', escalated: '2' },
} as const;

/** A test app per describe; `pilot` is read when the app starts (after the fakes are up). */
const harness = (options: { pilot?: () => PilotModelConfig } = {}) => {
  const h = {} as { t: TestApp; admin: Record<string, string>; operator: Record<string, string> };
  let customers = 0;
  beforeAll(async () => {
    h.t = await createTestApp({ pilot: options.pilot?.() });
  });
  afterAll(() => h.t?.close());
  beforeEach(async () => {
    await resetSandboxes(sandboxes);
    const { users } = await h.t.newAccount();
    h.admin = await h.t.login(users.admin.email);
    h.operator = await h.t.login(users.operator.email);
  });
  const api = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: Json, headers = h.operator) => {
    const response = await h.t.app.inject({ method, url, headers, ...(payload && { payload }) });
    const body: Json = response.body ? response.json() : undefined;
    return { status: response.statusCode, body };
  };
  /** A session for a mapped customer (with a linked ticket when asked), with two answered questions. */
  const session = async (kind: PsaKind, withTicket: boolean) => {
    customers += 1;
    const customer = (await api('POST', '/api/v1/customers', { name: `Customer ${kind} ${customers}` })).body;
    await api('PUT', `/api/v1/customers/${customer.id}/psa-mapping`, { kind, companyId: PSA[kind].companyId });
    const tickets = ((await (await fetch(`${sandboxes[kind].origin}/_sandbox/tickets`)).json()) as Json).tickets as Json[];
    const number = tickets.find((tk) => String(tk.id) === PSA[kind].ticket)?.ticketNumber ?? PSA[kind].number;
    const created = await api('POST', '/api/v1/ai-sessions', {
      title: 'Outlook keeps asking for the password',
      customerId: customer.id,
      ...(withTicket && { ticketNumber: String(number) }),
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await api('POST', `/api/v1/ai-sessions/${id}/messages`, { content: 'Help' });
    const [q1, q2] = (await api('GET', `/api/v1/ai-sessions/${id}`)).body.taskLane.questions;
    await api('POST', `/api/v1/ai-sessions/${id}/task-lane/questions/${q1.id}/answer`, { answer: 'Yes, right after the reset' });
    await api('POST', `/api/v1/ai-sessions/${id}/task-lane/questions/${q2.id}/answer`, { answer: 'Only Outlook desktop' });
    await api('POST', `/api/v1/ai-sessions/${id}/facts`, { text: 'The user changed the password on Monday.' });
    return id;
  };
  return { h, api, session };
};

describe('with the offline pilot', () => {
  const { h, api, session } = harness();

  it('builds the resolution note from session facts and fix text only (P5.1, P5.3)', async () => {
    await configureSandboxIntegration(h.t, h.admin, sandboxes, 'connectwise');
    const id = await session('connectwise', true);
    await api('POST', `/api/v1/ai-sessions/${id}/messages`, { content: 'What now?' });
    const preview = (await api('POST', `/api/v1/ai-sessions/${id}/resolution-note/preview`)).body;
    expect(preview.target_ticket_ref).toBe('CW #48291');
    // Plain text, as both PSAs show notes: headings on their own lines, no markdown.
    const headings = ['Problem', 'What we confirmed', 'Root cause', 'Resolution'];
    expect(preview.markdown.split('\n\n').map((block: string) => block.split('\n')[0])).toEqual(headings);
    expect(preview.markdown).not.toMatch(/##|\*\*|`/);
    expect(preview.markdown).not.toMatch(/confidence|\d+\s?%/i);
    const facts = (await api('GET', `/api/v1/ai-sessions/${id}/facts`)).body.facts.map((f: Json) => f.text);
    const bullets = preview.markdown
      .split('\n')
      .filter((l: string) => l.startsWith('• '))
      .map((l: string) => l.slice(2));
    expect(bullets.length).toBe(facts.length);
    // Each bullet is one fact's first line, markup off, e-mail addresses and secrets removed.
    const asShown = (fact: string) => redact((fact.split('\n')[0] ?? '').trim().replace(/[`*_]{1,3}/g, ''), 'customer');
    for (const bullet of bullets) {
      expect(
        facts.some((f: string) => asShown(f).startsWith(bullet.replace(/…$/, ''))),
        bullet,
      ).toBe(true);
    }
    // The fix is not applied until the engineer says so; the root cause is not guessed.
    expect(preview.markdown).toContain('Root cause\nNot determined');
    expect(preview.markdown).toContain('Resolution\nNo fix was marked as applied in this session.');
    const fix = (await api('GET', `/api/v1/ai-sessions/${id}/suggested-fixes/active`)).body;
    expect((await api('POST', `/api/v1/ai-sessions/${id}/suggested-fixes/${fix.id}/applied`)).body.appliedAt).not.toBeNull();
    const applied = (await api('POST', `/api/v1/ai-sessions/${id}/resolution-note/preview`)).body.markdown;
    expect(applied).toContain(`Resolution\nApplied: ${fix.title}.`);
    expect(applied).not.toContain('Outcome');
    const escalation = (await api('POST', `/api/v1/ai-sessions/${id}/escalation-package/preview`)).body.markdown;
    expect(escalation.split('\n\n').map((block: string) => block.split('\n')[0])).toEqual([
      'Problem',
      "What we've confirmed",
      "What we've tried",
      'Current hypothesis',
      'Suggested next steps',
    ]);
  });

  it("refuses a resolution note without the engineer's Outcome, and posts the Outcome as written (issue 17)", async () => {
    await configureSandboxIntegration(h.t, h.admin, sandboxes, 'connectwise');
    const id = await session('connectwise', true);
    const refused = await api('POST', `/api/v1/ai-sessions/${id}/resolution-note/post`, { markdown: 'Problem\nSomething' });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('outcome');
  });

  it.each(['autotask', 'connectwise'] as const)(
    'posts to %s: note with the right visibility, status verified by reading back (P6.1)',
    async (kind) => {
      await configureSandboxIntegration(h.t, h.admin, sandboxes, kind, {
        ticketDefaults: {
          pilotResolvedStatusId: PSA[kind].resolved,
          pilotEscalatedStatusId: PSA[kind].escalated,
          ...(kind === 'connectwise' && { queueId: '1' }),
        },
      });
      const id = await session(kind, true);
      const posted = await api('POST', `/api/v1/ai-sessions/${id}/resolution-note/post`, {
        markdown: 'Problem\nEdited by the engineer.',
        outcome: 'Outlook signs in again; the user confirmed at 10:40.',
      });
      expect(posted.status).toBe(200);
      expect(posted.body).toMatchObject({
        outcome: 'resolved',
        status: { expected: PSA[kind].resolved, actual: PSA[kind].resolved, verified: true },
      });
      const tickets = ((await (await fetch(`${sandboxes[kind].origin}/_sandbox/tickets`)).json()) as Json).tickets as Json[];
      const ticket = tickets.find((tk) => String(tk.id) === PSA[kind].ticket) as Json;
      const note = ticket.notes.find((n: Json) => String(n.id) === posted.body.note_external_id);
      expect(note).toMatchObject(kind === 'autotask' ? { publish: 1 } : { resolutionFlag: true });
      expect((await api('GET', `/api/v1/ai-sessions/${id}`)).body.state).toBe('resolved');
      expect(
        (await api('POST', `/api/v1/ai-sessions/${id}/resolution-note/post`, { markdown: 'again', outcome: 'Working again.' })).status,
      ).toBe(409);
    },
  );

  it.each(['autotask', 'connectwise'] as const)(
    'shares a progress update on %s: customer-visible, no status change, the session stays open (issue 17)',
    async (kind) => {
      await configureSandboxIntegration(h.t, h.admin, sandboxes, kind, {
        ticketDefaults: { pilotResolvedStatusId: PSA[kind].resolved, ...(kind === 'connectwise' && { queueId: '1' }) },
      });
      const id = await session(kind, true);
      const readTicket = async () =>
        ((await (await fetch(`${sandboxes[kind].origin}/_sandbox/tickets`)).json()) as Json).tickets.find(
          (tk: Json) => String(tk.id) === PSA[kind].ticket,
        ) as Json;
      const before = await readTicket();
      const preview = (await api('POST', `/api/v1/ai-sessions/${id}/progress-update/preview`)).body.markdown as string;
      expect(preview.split('\n\n').map((block) => block.split('\n')[0])).toEqual(["What we've found so far", 'Next steps']);
      expect(preview).not.toMatch(/##|\*\*|`|confidence|%/i);
      const posted = await api('POST', `/api/v1/ai-sessions/${id}/progress-update/post`, {
        markdown: `${preview}\n\nWe will call you at 14:00.`,
      });
      expect(posted.status, JSON.stringify(posted.body)).toBe(200);
      const after = await readTicket();
      const note = after.notes.find((n: Json) => String(n.id) === posted.body.note_external_id);
      expect(note).toMatchObject(
        kind === 'autotask' ? { publish: 1 } : { detailDescriptionFlag: true, internalAnalysisFlag: false, resolutionFlag: false },
      );
      expect(JSON.stringify(after.status)).toBe(JSON.stringify(before.status));
      expect((await api('GET', `/api/v1/ai-sessions/${id}`)).body.state).toBe('active');
    },
  );

  it.each(['autotask', 'connectwise'] as const)(
    "reads the linked %s ticket's title and latest notes for the composer, secrets taken out (issue 17)",
    async (kind) => {
      await configureSandboxIntegration(h.t, h.admin, sandboxes, kind, { ticketDefaults: kind === 'connectwise' ? { queueId: '1' } : {} });
      const id = await session(kind, true);
      const shared = await api('POST', `/api/v1/ai-sessions/${id}/progress-update/post`, {
        markdown: 'Called the user back; temporary password: Summer2026! handed over by phone.',
      });
      expect(shared.status).toBe(200);
      const context = await api('GET', `/api/v1/ai-sessions/${id}/ticket-context`);
      expect(context.status, JSON.stringify(context.body)).toBe(200);
      const lines = (context.body.text as string).split('\n');
      expect(lines[0]).toBe(`Ticket ${context.body.ticket_ref}: Veeam job "Daily Servers" failed on HV01`);
      expect(lines).toContain('Latest notes:');
      // The newest note first, with its visibility; the password never goes on to the pilot.
      const newest = lines[lines.indexOf('Latest notes:') + 1] ?? '';
      expect(newest).toMatch(/\(customer-visible\) .*Called the user back; temporary password: \(removed\)/);
      expect(context.body.text).not.toContain('Summer2026');
      const unlinked = await h.t.app.inject({
        method: 'GET',
        url: `/api/v1/ai-sessions/${await session(kind, false)}/ticket-context`,
        headers: h.operator,
      });
      expect(unlinked.statusCode).toBe(422);
    },
  );

  it('lets only one of two simultaneous posts through (P6.4)', async () => {
    await configureSandboxIntegration(h.t, h.admin, sandboxes, 'connectwise', {
      ticketDefaults: { queueId: '1', pilotResolvedStatusId: '5' },
    });
    const id = await session('connectwise', true);
    const [a, b] = await Promise.all([
      api('POST', `/api/v1/ai-sessions/${id}/resolution-note/post`, { markdown: '## Problem\nfirst', outcome: 'Working again.' }),
      api('POST', `/api/v1/ai-sessions/${id}/resolution-note/post`, { markdown: '## Problem\nsecond', outcome: 'Working again.' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const tickets = ((await (await fetch(`${sandboxes.connectwise.origin}/_sandbox/tickets`)).json()) as Json).tickets as Json[];
    const notes = (tickets.find((tk) => String(tk.id) === '48291') as Json).notes.filter((n: Json) => n.resolutionFlag);
    expect(notes).toHaveLength(1);
  });

  it("refuses to post on a ticket of another customer's company, even over an old link (issue 13 finding 1)", async () => {
    await configureSandboxIntegration(h.t, h.admin, sandboxes, 'connectwise', { ticketDefaults: { queueId: '1' } });
    const id = await session('connectwise', true);
    // A link written before links were checked: Northwind's session on company 19301's ticket.
    await h.t.database.db
      .updateTable('ticket_links')
      .set({ ticket_id: '48292', ticket_number: '48292' })
      .where('ai_session_id', '=', id)
      .execute();
    const posted = await api('POST', `/api/v1/ai-sessions/${id}/escalation-package/post`, { markdown: '## Escalation\nx' });
    expect(posted.status).toBe(400);
    expect(posted.body.details.reason).toBe('ticket_company_mismatch');
    const tickets = ((await (await fetch(`${sandboxes.connectwise.origin}/_sandbox/tickets`)).json()) as Json).tickets as Json[];
    const foreign = tickets.find((tk) => String(tk.id) === '48292') as Json;
    expect(JSON.stringify(foreign.notes)).not.toContain('Escalation');
  });

  it('posts the escalation package as an internal note', async () => {
    await configureSandboxIntegration(h.t, h.admin, sandboxes, 'connectwise', {
      ticketDefaults: { queueId: '1', pilotEscalatedStatusId: '2' },
    });
    const id = await session('connectwise', true);
    const posted = await api('POST', `/api/v1/ai-sessions/${id}/escalation-package/post`, { markdown: '## Problem\nNeeds tier 2.' });
    expect(posted.body).toMatchObject({ outcome: 'escalated', status: { expected: '2', verified: true } });
    const tickets = ((await (await fetch(`${sandboxes.connectwise.origin}/_sandbox/tickets`)).json()) as Json).tickets as Json[];
    const note = (tickets.find((tk) => String(tk.id) === '48291') as Json).notes.find(
      (n: Json) => String(n.id) === posted.body.note_external_id,
    );
    expect(note).toMatchObject({ internalAnalysisFlag: true, resolutionFlag: false });
  });

  it.each([
    ['autotask', { queue: 'Level II Support', status: 'Escalate' }],
    ['connectwise', { queue: 'Tier 2 Support', status: 'Escalated' }],
  ] as const)(
    'routes an escalated ticket to the next tier on %s, chosen from live reference data and read back (issue 17)',
    async (kind, tier) => {
      await configureSandboxIntegration(h.t, h.admin, sandboxes, kind, { ticketDefaults: kind === 'connectwise' ? { queueId: '1' } : {} });
      const loaded = (await api('POST', `/api/v1/integrations/${kind}/reference-data/refresh`, {}, h.admin)).body;
      const queue = loaded.referenceData.queues.find((q: Json) => q.name === tier.queue);
      // ConnectWise statuses belong to a board: the escalation board brings its own list.
      const withBoard =
        kind === 'connectwise'
          ? (await api('POST', `/api/v1/integrations/${kind}/reference-data/refresh`, { escalationBoardId: queue.id }, h.admin)).body
          : loaded;
      const statuses = kind === 'connectwise' ? withBoard.referenceData.escalationStatuses : withBoard.referenceData.statuses;
      const status = statuses.find((st: Json) => st.name === tier.status);
      expect(withBoard.ticketDefaults.pilotEscalatedStatusId ?? status.id).toBe(status.id);
      await configureSandboxIntegration(h.t, h.admin, sandboxes, kind, {
        ticketDefaults: { ...withBoard.ticketDefaults, pilotEscalationQueueId: queue.id, pilotEscalatedStatusId: status.id },
      });
      const id = await session(kind, true);
      const posted = await api('POST', `/api/v1/ai-sessions/${id}/escalation-package/post`, { markdown: 'Problem\nNeeds tier 2.' });
      expect(posted.status, JSON.stringify(posted.body)).toBe(200);
      expect(posted.body).toMatchObject({
        outcome: 'escalated',
        status: { expected: status.id, actual: status.id, name: tier.status, verified: true },
        routed_to: { queueId: queue.id, name: tier.queue, verified: true },
      });
      const tickets = ((await (await fetch(`${sandboxes[kind].origin}/_sandbox/tickets`)).json()) as Json).tickets as Json[];
      const ticket = tickets.find((tk) => String(tk.id) === PSA[kind].ticket) as Json;
      expect(kind === 'autotask' ? String(ticket.queueID) : String(ticket.board.id)).toBe(queue.id);
    },
  );

  it("refuses a ConnectWise escalation status of another board, with Manage's own words", async () => {
    await configureSandboxIntegration(h.t, h.admin, sandboxes, 'connectwise', {
      // Status 2 is Help Desk's In Progress; it does not exist on Tier 2 Support (board 4).
      ticketDefaults: { queueId: '1', pilotEscalationQueueId: '4', pilotEscalatedStatusId: '2' },
    });
    const id = await session('connectwise', true);
    const posted = await api('POST', `/api/v1/ai-sessions/${id}/escalation-package/post`, { markdown: 'Problem\nx' });
    expect(posted.status).toBe(502);
    expect(posted.body.detail).toContain('Service Status 2 not found for Service Board 4');
    expect((await api('GET', `/api/v1/ai-sessions/${id}`)).body.state).toBe('active');
  });

  it('reports a status change ConnectWise silently ignored: 502 naming both statuses, note id kept, session open (P6.2)', async () => {
    await configureSandboxIntegration(h.t, h.admin, sandboxes, 'connectwise', {
      ticketDefaults: { queueId: '1', pilotResolvedStatusId: '5' },
    });
    const id = await session('connectwise', true);
    await fetch(`${sandboxes.connectwise.origin}/_sandbox/behaviour`, {
      method: 'PATCH',
      body: JSON.stringify({ ignoreStatusChanges: true }),
    });
    const posted = await api('POST', `/api/v1/ai-sessions/${id}/resolution-note/post`, {
      markdown: '## Problem\nx',
      outcome: 'Working again.',
    });
    expect(posted.status).toBe(502);
    expect(posted.body.detail).toMatch(/expected status 5.*New \(1\)/);
    const row = await h.t.database.db
      .selectFrom('ai_sessions')
      .select(['state', 'resolution_note_external_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.state).toBe('active');
    expect(row.resolution_note_external_id).not.toBeNull();

    // Issue 13 finding 5: retries post no second customer-visible note; they retry the status only.
    expect(
      (await api('POST', `/api/v1/ai-sessions/${id}/resolution-note/post`, { markdown: '## Problem\nx', outcome: 'Working again.' }))
        .status,
    ).toBe(502);
    await fetch(`${sandboxes.connectwise.origin}/_sandbox/behaviour`, {
      method: 'PATCH',
      body: JSON.stringify({ ignoreStatusChanges: false }),
    });
    const done = await api('POST', `/api/v1/ai-sessions/${id}/resolution-note/post`, {
      markdown: '## Problem\nx',
      outcome: 'Working again.',
    });
    expect(done.status).toBe(200);
    expect(done.body.note_external_id).toBe(row.resolution_note_external_id);
    const tickets = ((await (await fetch(`${sandboxes.connectwise.origin}/_sandbox/tickets`)).json()) as Json).tickets as Json[];
    const notes = (tickets.find((tk) => String(tk.id) === PSA.connectwise.ticket) as Json).notes as Json[];
    expect(notes.filter((n) => n.resolutionFlag === true)).toHaveLength(1);
  });

  it('skips the transition with a reason when no status is configured, and never closes a ticket with time entries (P6.3, P6.5)', async () => {
    await configureSandboxIntegration(h.t, h.admin, sandboxes, 'autotask', {
      ticketDefaults: { pilotResolvedStatusId: null, pilotEscalatedStatusId: null },
    });
    const id = await session('autotask', true);
    const posted = await api('POST', `/api/v1/ai-sessions/${id}/resolution-note/post`, {
      markdown: '## Problem\nx',
      outcome: 'Working again.',
    });
    expect(posted.body).toMatchObject({
      outcome: 'resolved',
      status: null,
      status_transition_skipped_reason: expect.stringContaining('No resolved status'),
    });

    await configureSandboxIntegration(h.t, h.admin, sandboxes, 'autotask', { ticketDefaults: { pilotResolvedStatusId: '5' } });
    const second = await session('autotask', true);
    await fetch(`${sandboxes.autotask.origin}/_sandbox/tickets/7001/time-entries`, { method: 'POST', body: JSON.stringify({ hours: 1 }) });
    const withTime = await api('POST', `/api/v1/ai-sessions/${second}/resolution-note/post`, {
      markdown: '## Problem\nx',
      outcome: 'Working again.',
    });
    expect(withTime.body).toMatchObject({ outcome: 'resolved', status_transition_skipped_reason: expect.stringContaining('time entries') });
    const tickets = ((await (await fetch(`${sandboxes.autotask.origin}/_sandbox/tickets`)).json()) as Json).tickets as Json[];
    expect((tickets.find((tk) => tk.id === 7001) as Json).status).not.toBe(5);
  });

  it('stores the documents locally when no ticket is linked (resolved_local, escalated_local)', async () => {
    await configureSandboxIntegration(h.t, h.admin, sandboxes, 'autotask');
    const resolved = await session('autotask', false);
    expect(
      (
        await api('POST', `/api/v1/ai-sessions/${resolved}/resolution-note/post`, {
          markdown: '## Problem\nlocal',
          outcome: 'Working again.',
        })
      ).body.outcome,
    ).toBe('resolved_local');
    const escalated = await session('autotask', false);
    expect(
      (
        await api('POST', `/api/v1/ai-sessions/${escalated}/escalation-package/post`, {
          markdown: '## Problem\nlocal',
          outcome: 'Working again.',
        })
      ).body.outcome,
    ).toBe('escalated_local');
    expect((await api('GET', `/api/v1/ai-sessions/${escalated}`)).body.state).toBe('escalated');
  });
});

describe('with a model (real SDK, fake Messages API)', () => {
  const models = Object.fromEntries(MODEL_SERVICES.map((s) => [s, 'claude-sonnet-4-6'])) as Record<ModelService, string>;
  const { api } = harness({
    pilot: () => ({
      provider: 'anthropic',
      apiKey: 'sk-test',
      baseUrl: fake.baseUrl,
      models,
      tools: { conversation: true, scriptGenerator: true, factSynthesis: false, notes: false, templateExtraction: false },
    }),
  });

  it('caches previews per state version: no model call for the same version, a new one after a fact edit (P5.4)', async () => {
    const id = (await api('POST', '/api/v1/ai-sessions', { title: 'VPN fails for home workers' })).body.id;
    const note = (await api('POST', `/api/v1/ai-sessions/${id}/facts`, { text: 'Only home workers are affected.' })).body;
    fake.reset();
    fake.setResponder(() => JSON.stringify({ problem: 'Home workers cannot connect to the VPN.', rootCause: 'Not established yet.' }));
    const first = (await api('POST', `/api/v1/ai-sessions/${id}/resolution-note/preview`)).body;
    expect(first.cached).toBe(false);
    expect(first.markdown).toContain('Home workers cannot connect to the VPN.');
    const second = (await api('POST', `/api/v1/ai-sessions/${id}/resolution-note/preview`)).body;
    expect(second).toMatchObject({ cached: true, markdown: first.markdown });
    expect(fake.requests()).toHaveLength(1);
    await api('PATCH', `/api/v1/ai-sessions/${id}/facts/${note.id}`, { text: 'Only home workers on Wi-Fi are affected.' });
    const third = (await api('POST', `/api/v1/ai-sessions/${id}/resolution-note/preview`)).body;
    expect(third.cached).toBe(false);
    expect(third.markdown).toContain('Only home workers on Wi-Fi are affected.');
    expect(fake.requests()).toHaveLength(2);
  });
});
