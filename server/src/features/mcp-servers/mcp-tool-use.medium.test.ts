// Issue 18 (P0.4, P0.5, N6): the pilot's tool use over MCP, for real — the real @anthropic-ai/sdk
// against the fake Messages API (tool-use turns), Flightdeck's MCP client (the official SDK)
// against a local MCP server built with the same SDK, and the OpenAI-compatible path against its
// fake. A tool call round-trips, a tool that cannot be run makes the turn answer once more without
// tools, and the telemetry counts what happened.
import { type MessagesFake, startMessagesFake } from '@flightdeck/sandbox/anthropic/messages-fake';
import { type DocsMcpServer, startDocsMcpServer } from '@flightdeck/sandbox/mcp/docs-mcp-server';
import { type ChatCompletionsFake, startChatCompletionsFake } from '@flightdeck/sandbox/openai/chat-completions-fake';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MODEL_SERVICES, type ModelService } from '#src/models/model-provider';
import { fakeAnthropicPilot } from '../../../test/fake-model';
import { createTestApp, type TestApp } from '../../../test/test-app';

type Json = ReturnType<typeof JSON.parse>;
const TOKEN = 'mcp-token-7f3a9c';
const SEARCH = 'docs__microsoft_docs_search';

let docs: DocsMcpServer;
let fake: MessagesFake;
let t: TestApp;
let admin: Record<string, string>;
let operator: Record<string, string>;

beforeAll(async () => {
  docs = await startDocsMcpServer({ bearerToken: TOKEN });
  fake = await startMessagesFake();
  t = await createTestApp({ pilot: fakeAnthropicPilot(fake.baseUrl, {}, { tools: true }) });
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
  await docs?.close();
});
beforeEach(async () => {
  fake.reset();
  docs.reset();
  const { users } = await t.newAccount();
  admin = await t.login(users.admin.email);
  operator = await t.login(users.operator.email);
});

const call = async (app: TestApp, headers: Record<string, string>, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Json) => {
  const response = await app.app.inject({ method, url, headers, ...(payload && { payload }) });
  return { status: response.statusCode, body: response.body ? (response.json() as Json) : null };
};
const addDocsServer = (app: TestApp, headers: Record<string, string>, token: string | null = TOKEN) =>
  call(app, headers, 'POST', '/api/v1/mcp-servers', { name: 'Docs', url: docs.url, ...(token && { token }) });
const sessionWith = async (app: TestApp, headers: Record<string, string>) =>
  (await call(app, headers, 'POST', '/api/v1/ai-sessions', { title: 'Outlook keeps asking for the password' })).body.id as string;

describe('MCP servers (admin settings)', () => {
  it('keeps the token sealed: never returned, dropped when the host changes, and other accounts see nothing', async () => {
    const created = await addDocsServer(t, admin);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Docs', transport: 'streamable_http', hasToken: true, services: ['conversation'] });
    expect(JSON.stringify(created.body)).not.toContain(TOKEN);
    const listed = await call(t, admin, 'GET', '/api/v1/mcp-servers');
    expect(JSON.stringify(listed.body)).not.toContain(TOKEN);

    const tested = await call(t, admin, 'POST', `/api/v1/mcp-servers/${created.body.id}/test`);
    expect(tested.body.ok).toBe(true);
    expect(tested.body.tools.map((tool: Json) => tool.name)).toEqual([
      'microsoft_docs_search',
      'microsoft_docs_fetch',
      'microsoft_code_sample_search',
    ]);
    expect(docs.calls()).toEqual([]); // listing is not calling

    expect((await call(t, operator, 'GET', '/api/v1/mcp-servers')).status).toBe(403);
    const other = await t.newAccount();
    const otherAdmin = await t.login(other.users.admin.email);
    expect((await call(t, otherAdmin, 'GET', '/api/v1/mcp-servers')).body.items).toEqual([]);
    expect((await call(t, otherAdmin, 'PATCH', `/api/v1/mcp-servers/${created.body.id}`, { enabled: false })).status).toBe(404);

    const samePlace = await call(t, admin, 'PATCH', `/api/v1/mcp-servers/${created.body.id}`, { url: `${docs.url}?v=2` });
    expect(samePlace.body.hasToken).toBe(true);
    const moved = await call(t, admin, 'PATCH', `/api/v1/mcp-servers/${created.body.id}`, {
      url: docs.url.replace('127.0.0.1', 'localhost'),
    });
    expect(moved.body.hasToken).toBe(false);
  });

  it('says why a server cannot be used: a wrong token is a failed test, and a turn goes on without its tools', async () => {
    const created = await addDocsServer(t, admin, 'not-the-token');
    const tested = await call(t, admin, 'POST', `/api/v1/mcp-servers/${created.body.id}/test`);
    expect(tested.body.ok).toBe(false);
    expect(tested.body.message).toMatch(/401|unauthorized|invalid/i);

    fake.enqueueReplies('Let us check the cached credentials first.');
    const id = await sessionWith(t, operator);
    const turn = await call(t, operator, 'POST', `/api/v1/ai-sessions/${id}/messages`, { content: 'It started after a password change.' });
    expect(turn.body.message.content).toBe('Let us check the cached credentials first.');
    expect(fake.requests()[0]?.body.tools).toBeUndefined();
    const telemetry = await call(t, admin, 'GET', '/api/v1/pilot/telemetry');
    expect(telemetry.body).toMatchObject({ turns: 1, turnsWithToolsAvailable: 0, turnsThatUsedATool: 0, fallbacksWithoutTools: 0 });
  });
});

describe('a pilot turn with MCP tools (Anthropic, real SDK)', () => {
  it('offers the tools, runs the call on the MCP server, feeds the result back and shows the call', async () => {
    await addDocsServer(t, admin);
    const id = await sessionWith(t, operator);
    fake.enqueueReplies(
      { text: 'Let me look that up.', toolUse: [{ name: SEARCH, input: { query: 'Outlook password prompt after password change' } }] },
      'The Learn article says to clear the cached MicrosoftOffice16 credentials.',
    );
    const turn = await call(t, operator, 'POST', `/api/v1/ai-sessions/${id}/messages`, { content: 'Outlook prompts every few minutes.' });
    expect(turn.status).toBe(200);
    expect(turn.body.message.content).toBe(
      'Let me look that up.\n\nThe Learn article says to clear the cached MicrosoftOffice16 credentials.',
    );
    expect(turn.body.message.toolCalls).toHaveLength(1);
    expect(turn.body.message.toolCalls[0]).toMatchObject({ name: SEARCH, isError: false });
    expect(turn.body.message.toolCalls[0].output).toContain('cmdkey');

    // The MCP server got the model's arguments, with the sealed token as the bearer.
    expect(docs.calls()).toEqual([
      {
        name: 'microsoft_docs_search',
        arguments: { query: 'Outlook password prompt after password change' },
        authorization: `Bearer ${TOKEN}`,
      },
    ]);
    const [first, second] = fake.requests();
    expect(((first?.body.tools ?? []) as Json[]).map((tool) => tool.name)).toEqual([
      'docs__microsoft_code_sample_search',
      'docs__microsoft_docs_fetch',
      SEARCH,
    ]);
    const messages = second?.body.messages as Json[];
    const assistant = messages.at(-2);
    const result = messages.at(-1);
    expect(assistant.content.find((b: Json) => b.type === 'tool_use')).toMatchObject({ name: SEARCH });
    expect(result.content[0]).toMatchObject({ type: 'tool_result', is_error: false });
    expect(result.content[0].content).toContain('MicrosoftOffice16');
    // Tools come first in the prompt and do not change within the turn: the second round reads the cache.
    expect(second?.usage?.cache_read_input_tokens).toBeGreaterThan(0);

    // The chat shows the call after a reload too.
    const listed = await call(t, operator, 'GET', `/api/v1/ai-sessions/${id}/messages`);
    expect(listed.body.messages.at(-1).toolCalls[0].name).toBe(SEARCH);
    const telemetry = await call(t, admin, 'GET', '/api/v1/pilot/telemetry');
    expect(telemetry.body).toMatchObject({
      turns: 1,
      turnsWithToolsAvailable: 1,
      turnsThatUsedATool: 1,
      fallbacksWithoutTools: 0,
      toolsUsed: [{ name: SEARCH, uses: 1 }],
    });
  });

  it('lets the model read a tool’s own error result and answer, without a fallback', async () => {
    await addDocsServer(t, admin);
    docs.failTool('microsoft_docs_search', 'error_result');
    const id = await sessionWith(t, operator);
    fake.enqueueReplies(
      { toolUse: [{ name: SEARCH, input: { query: 'Outlook prompts' } }] },
      'The docs search is down; check cmdkey /list meanwhile.',
    );
    const turn = await call(t, operator, 'POST', `/api/v1/ai-sessions/${id}/messages`, { content: 'Outlook prompts again.' });
    expect(turn.body.message.content).toBe('The docs search is down; check cmdkey /list meanwhile.');
    expect(turn.body.message.toolCalls[0]).toMatchObject({ name: SEARCH, isError: true });
    const result = ((fake.requests()[1]?.body.messages ?? []) as Json[]).at(-1);
    expect(result.content[0]).toMatchObject({ type: 'tool_result', is_error: true });
    const telemetry = await call(t, admin, 'GET', '/api/v1/pilot/telemetry');
    expect(telemetry.body).toMatchObject({ turnsWithToolsAvailable: 1, turnsThatUsedATool: 1, fallbacksWithoutTools: 0 });
  });

  it('answers once more without tools when a tool cannot be run, and counts the fallback', async () => {
    await addDocsServer(t, admin);
    docs.failTool('microsoft_docs_search', 'http_500');
    const id = await sessionWith(t, operator);
    fake.enqueueReplies(
      { text: 'Searching the docs.', toolUse: [{ name: SEARCH, input: { query: 'Outlook prompts' } }] },
      'Without the docs: clear the cached Office credentials with cmdkey.',
    );
    const turn = await call(t, operator, 'POST', `/api/v1/ai-sessions/${id}/messages`, { content: 'Outlook prompts again.' });
    expect(turn.status).toBe(200);
    expect(turn.body.message.content).toBe('Without the docs: clear the cached Office credentials with cmdkey.');
    expect(turn.body.message.toolCalls).toEqual([]);
    const requests = fake.requests();
    expect(requests).toHaveLength(2);
    expect(requests[0]?.body.tools).toBeDefined();
    // The retry is the same turn without tools: no tool definitions, no tool blocks.
    expect(requests[1]?.body.tools).toBeUndefined();
    expect(JSON.stringify(requests[1]?.body.messages)).not.toContain('tool_use');
    const telemetry = await call(t, admin, 'GET', '/api/v1/pilot/telemetry');
    expect(telemetry.body).toMatchObject({
      turns: 1,
      turnsWithToolsAvailable: 1,
      turnsThatUsedATool: 0,
      fallbacksWithoutTools: 1,
      toolsUsed: [],
    });
  });

  it('streams tool progress and a restart to the screen when it falls back', async () => {
    await addDocsServer(t, admin);
    docs.failTool('microsoft_docs_search', 'http_500');
    const id = await sessionWith(t, operator);
    fake.enqueueReplies({ text: 'Searching.', toolUse: [{ name: SEARCH, input: { query: 'x' } }] }, 'Answer without tools.');
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/ai-sessions/${id}/messages/stream`,
      headers: operator,
      payload: { content: 'Outlook prompts again.' },
    });
    const events = [...response.body.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(events).toContain('tool');
    expect(events.indexOf('restart')).toBeGreaterThan(events.indexOf('tool'));
    expect(events.at(-1)).toBe('done');
  });
});

describe('a pilot turn with MCP tools (OpenAI-compatible server)', () => {
  let local: ChatCompletionsFake;
  let o: TestApp;
  beforeAll(async () => {
    local = await startChatCompletionsFake();
    const models = Object.fromEntries(MODEL_SERVICES.map((s) => [s, 'qwen3:14b'])) as Record<ModelService, string>;
    const tools = { conversation: true, scriptGenerator: false, factSynthesis: false, notes: false, templateExtraction: false } as const;
    o = await createTestApp({ pilot: { provider: 'openai_compatible', baseUrl: local.baseUrl, apiKey: null, models, tools } });
  });
  afterAll(async () => {
    await o?.close();
    await local?.close();
  });

  it('sends function tools, runs the call and returns the result as a tool message', async () => {
    const { users } = await o.newAccount();
    const oAdmin = await o.login(users.admin.email);
    const oOperator = await o.login(users.operator.email);
    await addDocsServer(o, oAdmin);
    const id = await sessionWith(o, oOperator);
    local.enqueueReplies(
      {
        toolUse: [
          {
            name: 'docs__microsoft_docs_fetch',
            input: { url: 'https://learn.microsoft.com/powershell/module/dnsclient/clear-dnsclientcache' },
          },
        ],
      },
      'Flush the DNS cache with Clear-DnsClientCache.',
    );
    const turn = await call(o, oOperator, 'POST', `/api/v1/ai-sessions/${id}/messages`, {
      content: 'Clients still resolve the old file server IP.',
    });
    expect(turn.body.message.content).toBe('Flush the DNS cache with Clear-DnsClientCache.');
    expect(docs.calls().at(-1)).toMatchObject({ name: 'microsoft_docs_fetch' });
    const [first, second] = local.requests();
    expect(((first?.body.tools ?? []) as Json[]).find((tool) => tool.function.name === 'docs__microsoft_docs_fetch')?.type).toBe(
      'function',
    );
    const messages = second?.body.messages as Json[];
    expect(messages.at(-2)).toMatchObject({
      role: 'assistant',
      tool_calls: [{ type: 'function', function: { name: 'docs__microsoft_docs_fetch' } }],
    });
    expect(messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: messages.at(-2).tool_calls[0].id });
    expect(messages.at(-1).content).toContain('Clear-DnsClientCache');
  });
});
