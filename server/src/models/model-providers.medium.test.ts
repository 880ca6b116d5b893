// P0 with the real @anthropic-ai/sdk against the fake Messages API, and the OpenAI-compatible
// provider against a fake local server: prompt caching (P0.2, P0.3), policy α on the wire, no
// sampling parameters for Anthropic 1.x, usage from streamed replies, and the I2 call log.
import { type MessagesFake, startMessagesFake } from '@flightdeck/sandbox/anthropic/messages-fake';
import { type ChatCompletionsFake, startChatCompletionsFake } from '@flightdeck/sandbox/openai/chat-completions-fake';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiLogLevelSetting } from '#src/features/external-calls/external-caller';
import { STARTER_TEMPLATES } from '#src/features/script-library/starter-library';
import type { RequestContext } from '#src/lib/context';
import { systemContext } from '#src/lib/system-context';
import { createTestApp, type TestApp } from '../../test/test-app';
import { createAnthropicProvider } from './anthropic-provider';
import { MODEL_SERVICES, type ModelRequest, type ModelService } from './model-provider';
import { createOpenAiCompatibleProvider } from './openai-compatible-provider';
import { type PilotState, pilotPrompt } from './pilot-prompt';

let t: TestApp;
let fake: MessagesFake;
let local: ChatCompletionsFake;
let ctx: RequestContext;
const models = Object.fromEntries(MODEL_SERVICES.map((s) => [s, 'claude-sonnet-4-6'])) as Record<ModelService, string>;
/** The fake's documented token rule: ceil(UTF-8 bytes / 4) + 4 per block. */
const tokensOf = (text: string) => Math.ceil(Buffer.byteLength(text, 'utf8') / 4) + 4;

// The real pilot prompt (issue 18: no padded prompt): a session's first turn, with the team's
// starter templates and one insight.
const state: PilotState = {
  title: 'Outlook keeps asking for a password',
  customer: 'Adatum Legal',
  playbookId: 'outlook-credential-prompts',
  questions: [],
  checks: [],
  facts: [],
  activeFix: null,
  insights: [{ category: 'identity', confidence: 'high', text: 'Mailboxes are in Exchange Online; MFA by Authenticator' }],
};
const templates = STARTER_TEMPLATES.map((t) => ({
  ref: t.slug,
  name: t.name,
  language: t.language,
  parameters: t.parameters.map((p) => p.key),
}));
const firstTurn = pilotPrompt({ state, templates, history: [{ role: 'user', content: 'Outlook keeps asking for a password.' }] });
const stablePrefix = firstTurn.system.reduce((sum, block) => sum + tokensOf(block.text), 0);

beforeAll(async () => {
  t = await createTestApp();
  fake = await startMessagesFake();
  local = await startChatCompletionsFake();
});
afterAll(async () => {
  await fake?.close();
  await local?.close();
  await t?.close();
});
beforeEach(async () => {
  fake.reset();
  const { account, users } = await t.newAccount(['admin']);
  ctx = {
    ...systemContext(account.id, 'test', t.app.log),
    actor: { kind: 'user', userId: users.admin.id, role: 'admin', sessionId: null },
  };
  await t.services.settings.setSetting(ctx, apiLogLevelSetting('anthropic'), 'all');
});

const anthropic = () =>
  createAnthropicProvider({ apiKey: 'sk-test-secret', baseUrl: fake.baseUrl, models, maxRetries: 0 }, { caller: t.services.externalCalls });
const request = (over: Partial<ModelRequest> = {}): ModelRequest => ({
  service: 'conversation',
  ...firstTurn,
  maxTokens: 256,
  ...over,
});

describe('the Anthropic provider (real SDK, fake Messages API)', () => {
  it('shows cache creation on the first of two identical calls and cache reads on the second (P0.3)', async () => {
    const first = await anthropic().complete(ctx, request());
    const second = await anthropic().complete(ctx, request());
    // The instructions, runbooks, templates and insights are the cached prefix, above the model's minimum.
    expect(stablePrefix).toBeGreaterThan(1024);
    expect(first.usage).toMatchObject({ cacheCreationTokens: stablePrefix, cacheReadTokens: 0 });
    expect(second.usage).toMatchObject({ cacheCreationTokens: 0, cacheReadTokens: stablePrefix });
    expect(second.usage.inputTokens).toBeGreaterThan(0);
  });

  it('reads the cache on a streamed call too, with usage from the final message', async () => {
    await anthropic().complete(ctx, request());
    const deltas: string[] = [];
    const streamed = await anthropic().stream(ctx, request(), (d) => deltas.push(d));
    expect(streamed.usage).toMatchObject({ cacheReadTokens: stablePrefix, cacheCreationTokens: 0 });
    expect(deltas.join('')).toBe(streamed.text);
    expect(deltas.length).toBeGreaterThan(1);
  });

  it('marks only the first block when nothing is marked, and sends the caller’s marks unchanged (policy α)', async () => {
    await anthropic().complete(ctx, request({ system: [{ text: 'Rules' }, { text: 'Session facts: none yet.' }] }));
    await anthropic().complete(ctx, request({ system: [{ text: 'Rules' }, { text: 'Customer insights', cache: { ttl: '1h' } }] }));
    await anthropic().complete(ctx, request({ system: 'A plain string prompt' }));
    const [unmarked, marked, plain] = fake.requests().map((r) => r.body.system);
    expect(unmarked).toEqual([
      { type: 'text', text: 'Rules', cache_control: { type: 'ephemeral' } },
      { type: 'text', text: 'Session facts: none yet.' },
    ]);
    expect(marked).toEqual([
      { type: 'text', text: 'Rules' },
      { type: 'text', text: 'Customer insights', cache_control: { type: 'ephemeral', ttl: '1h' } },
    ]);
    expect(plain).toBe('A plain string prompt');
  });

  it('never sends a sampling parameter', async () => {
    const reply = await anthropic().complete(ctx, request({ temperature: 0.2, topP: 0.9 }));
    expect(reply.text).toContain('Outlook');
    const body = fake.requests()[0]?.body ?? {};
    expect(Object.keys(body)).not.toEqual(expect.arrayContaining(['temperature']));
    expect(body).not.toHaveProperty('top_p');
  });

  it('logs every call through the I2 wrapper without the key, and maps errors to our codes', async () => {
    await anthropic().stream(ctx, request(), () => {});
    fake.failNext({ status: 429, type: 'rate_limit_error', message: 'Slow down' });
    await expect(anthropic().complete(ctx, request())).rejects.toMatchObject({ code: 'rate_limited' });
    const rows = await t.database.db
      .selectFrom('external_call_log')
      .selectAll()
      .where('account_id', '=', ctx.accountId)
      .orderBy('created_at')
      .execute();
    expect(rows.map((r) => [r.integration, r.http_status, r.outcome])).toEqual([
      ['anthropic', 200, 'ok'],
      ['anthropic', 429, 'http_error'],
    ]);
    expect(JSON.stringify(rows)).not.toContain('sk-test-secret');
    expect(JSON.stringify(rows[0]?.response_body)).toContain('message_stop');
  });
});

describe('the OpenAI-compatible provider', () => {
  const provider = () =>
    createOpenAiCompatibleProvider(
      { baseUrl: local.baseUrl, apiKey: 'ollama', models: { ...models, conversation: 'llama3.1' } },
      { caller: t.services.externalCalls },
    );

  it('completes and streams with usage, passing sampling parameters through', async () => {
    local.enqueueReplies('Check the credential manager.', 'Streamed local answer in pieces.');
    const reply = await provider().complete(ctx, request({ temperature: 0.1 }));
    expect(reply).toMatchObject({
      text: 'Check the credential manager.',
      model: 'llama3.1',
      usage: { cacheCreationTokens: 0, cacheReadTokens: 0 },
    });
    expect(reply.usage.inputTokens).toBeGreaterThan(0);
    const deltas: string[] = [];
    const streamed = await provider().stream(ctx, request(), (d) => deltas.push(d));
    expect(streamed.text).toBe('Streamed local answer in pieces.');
    expect(deltas.length).toBeGreaterThan(1);
    expect(streamed.usage.outputTokens).toBeGreaterThan(0);
    const [first] = local.requests();
    if (!first) {
      throw new Error('the local model server saw no request');
    }
    expect(first.body).toMatchObject({ model: 'llama3.1', temperature: 0.1 });
    expect((first.body.messages as { role: string }[])[0]?.role).toBe('system');
    expect(first.headers.authorization).toBe('Bearer ollama');
  });
});
