// I4 on a real database: insights recorded by hand or from a session's fact (also after
// Resolve), edited and retired on the customer page, roles and tenant isolation, and a new
// session of the customer that the offline pilot shapes by them.
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app';

type Json = ReturnType<typeof JSON.parse>;
let t: TestApp;
let operator: Record<string, string>;
let reporter: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());
beforeEach(async () => {
  const { users } = await t.newAccount();
  operator = await t.login(users.operator.email);
  reporter = await t.login(users.reporter.email);
});

const api = async (method: 'GET' | 'POST' | 'PATCH', url: string, headers = operator, payload?: Json) => {
  const response = await t.app.inject({ method, url, headers, ...(payload !== undefined && { payload }) });
  return { status: response.statusCode, body: response.body ? (response.json() as Json) : undefined };
};

it('saves a fact of a resolved session as an insight, which shapes the next session of the customer', async () => {
  const customer = (await api('POST', '/api/v1/customers', operator, { name: 'Northwind Traders' })).body;
  const first = (await api('POST', '/api/v1/ai-sessions', operator, { title: 'VPN does not connect', customerId: customer.id })).body;
  const fact = (
    await api('POST', `/api/v1/ai-sessions/${first.id}/facts`, operator, {
      text: 'PowerShell is blocked by AppLocker on the sales laptops.',
    })
  ).body;
  await api('POST', `/api/v1/ai-sessions/${first.id}/resolution-note/post`, operator, { markdown: 'Problem\nVPN', outcome: 'Connects.' });
  expect((await api('GET', `/api/v1/ai-sessions/${first.id}`)).body.state).toBe('resolved');

  expect(
    (await api('POST', `/api/v1/ai-sessions/${first.id}/facts/${fact.id}/insight`, reporter, { category: 'command_constraints' })).status,
  ).toBe(403);
  const saved = await api('POST', `/api/v1/ai-sessions/${first.id}/facts/${fact.id}/insight`, operator, {
    category: 'command_constraints',
    confidence: 'confirmed',
    priority: 8,
  });
  expect(saved.status).toBe(201);
  expect(saved.body).toMatchObject({
    customerId: customer.id,
    text: 'PowerShell is blocked by AppLocker on the sales laptops.',
    sourceSessionId: first.id,
    sourceFactId: fact.id,
    priority: 8,
  });
  expect((await api('GET', `/api/v1/customers/${customer.id}/insights`, reporter)).body.insights).toHaveLength(1);

  // The next session of the customer: the offline pilot proposes cmd instead of PowerShell.
  const next = (
    await api('POST', '/api/v1/ai-sessions', operator, { title: 'Outlook keeps asking for the password', customerId: customer.id })
  ).body;
  const turn = await api('POST', `/api/v1/ai-sessions/${next.id}/messages`, operator, { content: 'Outlook prompts all day.' });
  expect(turn.body.message.content).toContain('This customer restricts PowerShell');
  const lane = (await api('GET', `/api/v1/ai-sessions/${next.id}`)).body.taskLane;
  expect(lane.checks.map((c: Json) => c.command)).toEqual([
    'cmdkey /list | findstr /i "MicrosoftOffice"',
    'dir "%LOCALAPPDATA%\\Microsoft\\Office\\16.0\\Identity"',
  ]);

  // Edited, then retired: a retired insight no longer reaches a new session.
  const edited = await api('PATCH', `/api/v1/insights/${saved.body.id}`, operator, {
    text: 'PowerShell is blocked by AppLocker on every laptop.',
  });
  expect(edited.body.text).toBe('PowerShell is blocked by AppLocker on every laptop.');
  await api('POST', `/api/v1/insights/${saved.body.id}/retire`, operator);
  expect((await api('GET', `/api/v1/customers/${customer.id}/insights`)).body.insights).toEqual([]);
  expect((await api('GET', `/api/v1/customers/${customer.id}/insights?retired=include`)).body.insights[0].retiredAt).not.toBeNull();
  expect((await api('PATCH', `/api/v1/insights/${saved.body.id}`, operator, { text: 'again' })).status).toBe(422);
  const later = (
    await api('POST', '/api/v1/ai-sessions', operator, { title: 'Outlook keeps asking for the password', customerId: customer.id })
  ).body;
  await api('POST', `/api/v1/ai-sessions/${later.id}/messages`, operator, { content: 'Outlook prompts all day.' });
  expect((await api('GET', `/api/v1/ai-sessions/${later.id}`)).body.taskLane.checks[1].command).toContain('Get-ChildItem');
});

it('records insights by hand, refuses a session without a customer, and keeps accounts apart (RLS)', async () => {
  const customer = (await api('POST', '/api/v1/customers', operator, { name: 'Contoso Dental' })).body;
  const created = await api('POST', `/api/v1/customers/${customer.id}/insights`, operator, {
    category: 'version_limitations',
    text: 'The file server is Windows Server 2012 R2: no SMB 3.1.1.',
  });
  expect(created.body).toMatchObject({ confidence: 'confirmed', priority: 5, sourceSessionId: null });
  expect((await api('POST', `/api/v1/customers/${customer.id}/insights`, operator, { category: 'nonsense', text: 'x' })).status).toBe(400);
  const loose = (await api('POST', '/api/v1/ai-sessions', operator, { title: 'Something odd' })).body;
  const note = (await api('POST', `/api/v1/ai-sessions/${loose.id}/facts`, operator, { text: 'A fact' })).body;
  expect((await api('POST', `/api/v1/ai-sessions/${loose.id}/facts/${note.id}/insight`, operator, { category: 'other' })).status).toBe(422);

  const other = await t.newAccount();
  const stranger = await t.login(other.users.operator.email);
  expect((await api('GET', `/api/v1/customers/${customer.id}/insights`, stranger)).status).toBe(404);
  expect((await api('PATCH', `/api/v1/insights/${created.body.id}`, stranger, { text: 'mine now' })).status).toBe(404);
  expect((await api('POST', `/api/v1/insights/${created.body.id}/retire`, stranger)).status).toBe(404);
  const { rows } = await sql<{
    forced: boolean;
  }>`select relforcerowsecurity as forced from pg_class where relname = 'environment_insights'`.execute(t.database.db);
  expect(rows[0]?.forced).toBe(true);
});
