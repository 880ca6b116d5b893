// The fake Messages API driven by the real @anthropic-ai/sdk 1.x: headers, validation, JSON and
// streamed replies with usage, the prompt cache (breakpoints, minimums, TTL on a fake clock),
// HTTP and mid-stream errors with the SDK's own retry rules, tool-use turns and their pairing rules.
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { API_VERSION_1X, type MessagesFake, startMessagesFake } from './messages-fake';
import { countTokens } from './prompt-cache';

const MODEL = 'claude-sonnet-4-6';
let fake: MessagesFake;
let clock = 0;
const client = (options: { maxRetries?: number; apiKey?: string } = {}) =>
  new Anthropic({ baseURL: fake.baseUrl, apiKey: options.apiKey ?? 'test-key', maxRetries: options.maxRetries ?? 0, timeout: 5_000 });

/** A system block of about `tokens` tokens under the fake's documented rule. */
const blockOf = (tokens: number, seed = 'x') => seed.repeat((tokens - 4) * 4);

beforeAll(async () => {
  fake = await startMessagesFake({ now: () => clock });
});
afterAll(() => fake?.close());
beforeEach(() => {
  fake.reset();
  clock = Date.parse('2026-11-22T10:00:00Z');
});

describe('the fake Messages API with the real SDK', () => {
  it('accepts the 1.x Bearer auth and API version, and answers with full usage', async () => {
    const message = await client().messages.create({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'Hello' }] });
    expect(message).toMatchObject({ type: 'message', role: 'assistant', stop_reason: 'end_turn' });
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'Fake reply to: Hello' });
    expect(message.usage).toMatchObject({ input_tokens: countTokens('Hello'), cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
    const [request] = fake.requests();
    expect(request?.headers.authorization).toBe('Bearer test-key');
    expect(request?.headers['anthropic-version']).toBe(API_VERSION_1X);
  });

  it('refuses sampling parameters under API version 2026-10-21 and a bad key', async () => {
    const create = client().messages.create({
      model: MODEL,
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Hi' }],
      ...({ temperature: 0.2 } as object),
    });
    await expect(create).rejects.toMatchObject({
      status: 400,
      error: { error: { message: 'temperature: Extra inputs are not permitted' } },
    });
    await expect(
      client({ apiKey: 'invalid-key' }).messages.create({ model: MODEL, max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
  });

  it('caches a marked prefix: creation on the first call, reads on the second, both streamed and not', async () => {
    const system = [{ type: 'text' as const, text: blockOf(1500), cache_control: { type: 'ephemeral' as const } }];
    const params = { model: MODEL, max_tokens: 64, system, messages: [{ role: 'user' as const, content: 'Status?' }] };
    const first = await client().messages.create(params);
    expect(first.usage).toMatchObject({
      cache_creation_input_tokens: 1500,
      cache_read_input_tokens: 0,
      input_tokens: countTokens('Status?'),
    });
    const second = await client().messages.create(params);
    expect(second.usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 1500 });
    const streamed = await client().messages.stream(params).finalMessage();
    expect(streamed.usage).toMatchObject({ cache_read_input_tokens: 1500, cache_creation_input_tokens: 0 });
    fake.setStreamUsageMode('repeat_in_delta');
    const repeated = await client().messages.stream(params).finalMessage();
    expect(repeated.usage).toMatchObject({ cache_read_input_tokens: 1500 });
  });

  it('caches nothing below the model minimum, and forgets after the TTL', async () => {
    const small = [{ type: 'text' as const, text: blockOf(800), cache_control: { type: 'ephemeral' as const } }];
    const smallParams = { model: MODEL, max_tokens: 8, system: small, messages: [{ role: 'user' as const, content: 'x' }] };
    await client().messages.create(smallParams);
    expect((await client().messages.create(smallParams)).usage).toMatchObject({
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });

    const big = [{ type: 'text' as const, text: blockOf(1200), cache_control: { type: 'ephemeral' as const } }];
    const bigParams = { ...smallParams, system: big };
    await client().messages.create(bigParams);
    clock += 4 * 60_000;
    expect((await client().messages.create(bigParams)).usage.cache_read_input_tokens).toBe(1200);
    clock += 4 * 60_000; // refreshed by the hit: still alive 8 minutes after the write
    expect((await client().messages.create(bigParams)).usage.cache_read_input_tokens).toBe(1200);
    clock += 6 * 60_000;
    expect((await client().messages.create(bigParams)).usage).toMatchObject({
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 1200,
    });
  });

  it('misses when anything at or before the breakpoint changes', async () => {
    const system = (text: string) => [
      { type: 'text' as const, text, cache_control: { type: 'ephemeral' as const } },
      { type: 'text' as const, text: 'Today is 2026-11-22.' },
    ];
    const params = (text: string) => ({
      model: MODEL,
      max_tokens: 8,
      system: system(text),
      messages: [{ role: 'user' as const, content: 'x' }],
    });
    await client().messages.create(params(blockOf(1100, 'a')));
    expect((await client().messages.create(params(blockOf(1100, 'b')))).usage.cache_read_input_tokens).toBe(0);
    expect((await client().messages.create(params(blockOf(1100, 'a')))).usage.cache_read_input_tokens).toBe(1100);
  });

  it('refuses a fifth breakpoint and one on an empty text block', async () => {
    const marked = (text: string) => ({ type: 'text' as const, text, cache_control: { type: 'ephemeral' as const } });
    await expect(
      client().messages.create({
        model: MODEL,
        max_tokens: 8,
        system: ['a', 'b', 'c', 'd', 'e'].map(marked),
        messages: [{ role: 'user', content: 'x' }],
      }),
    ).rejects.toMatchObject({
      status: 400,
      error: { error: { message: 'A maximum of 4 blocks with cache_control may be provided. Found 5.' } },
    });
    await expect(
      client().messages.create({ model: MODEL, max_tokens: 8, system: [marked('')], messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('streams text with pings and unknown events, and fails a stream with an error event the SDK does not retry', async () => {
    fake.enqueueReplies('A streamed answer that spans several chunks of text.');
    fake.streamExtras({ ping: true, unknownEvent: true });
    const stream = client().messages.stream({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'Go' }] });
    const seen: string[] = [];
    stream.on('text', (delta) => seen.push(delta));
    expect(await stream.finalText()).toBe('A streamed answer that spans several chunks of text.');
    expect(seen.length).toBeGreaterThan(1);

    fake.failNextStream({ type: 'overloaded_error', message: 'Overloaded' });
    const failing = client({ maxRetries: 2 }).messages.stream({
      model: MODEL,
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Go' }],
    });
    await expect(failing.finalMessage()).rejects.toMatchObject({ type: 'overloaded_error' });
    expect(fake.requests()).toHaveLength(2);
  });

  it('is slow on request, so the SDK times out', async () => {
    fake.setLatency(1_000);
    const slow = new Anthropic({ baseURL: fake.baseUrl, apiKey: 'test-key', maxRetries: 0, timeout: 200 });
    await expect(slow.messages.create({ model: MODEL, max_tokens: 8, messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(
      Anthropic.APIConnectionTimeoutError,
    );
  });

  it('answers HTTP errors the SDK maps to its classes and retries as it should', async () => {
    fake.failNext(
      { status: 529, type: 'overloaded_error', message: 'Overloaded' },
      { status: 529, type: 'overloaded_error', message: 'Overloaded' },
    );
    const retried = await client({ maxRetries: 2 }).messages.create({
      model: MODEL,
      max_tokens: 8,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(retried.type).toBe('message');
    expect(fake.requests().map((r) => r.headers['x-stainless-retry-count'])).toEqual(['0', '1', '2']);

    fake.failNext({ status: 429, type: 'rate_limit_error', message: 'Slow down', shouldRetry: false });
    await expect(
      client({ maxRetries: 2 }).messages.create({ model: MODEL, max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toBeInstanceOf(Anthropic.RateLimitError);
  });

  describe('tool-use turns', () => {
    const tools = [
      { name: 'lookup', description: 'Looks a thing up', input_schema: { type: 'object' as const, properties: { q: { type: 'string' } } } },
    ];

    it('streams a tool_use block whose input the SDK assembles from input_json_delta fragments', async () => {
      fake.enqueueReplies({ text: 'Checking.', toolUse: [{ name: 'lookup', input: { q: 'DNS cache on Windows 11' } }] });
      const stream = client().messages.stream({ model: MODEL, max_tokens: 64, tools, messages: [{ role: 'user', content: 'Why?' }] });
      const message = await stream.finalMessage();
      expect(message.stop_reason).toBe('tool_use');
      expect(message.content).toEqual([
        expect.objectContaining({ type: 'text', text: 'Checking.' }),
        expect.objectContaining({ type: 'tool_use', name: 'lookup', input: { q: 'DNS cache on Windows 11' } }),
      ]);
    });

    it('refuses what the API refuses: an unanswered tool_use, a stray tool_result, tool blocks without tools', async () => {
      const use = { type: 'tool_use' as const, id: 'toolu_1', name: 'lookup', input: {} };
      const unanswered = client().messages.create({
        model: MODEL,
        max_tokens: 64,
        tools,
        messages: [
          { role: 'user', content: 'Why?' },
          { role: 'assistant', content: [use] },
          { role: 'user', content: 'and?' },
        ],
      });
      await expect(unanswered).rejects.toThrow(/tool_use` ids were found without `tool_result` blocks immediately after: toolu_1/);
      const stray = client().messages.create({
        model: MODEL,
        max_tokens: 64,
        tools,
        messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_9', content: 'x' }] }],
      });
      await expect(stray).rejects.toThrow(/unexpected `tool_use_id` found in `tool_result` blocks: toolu_9/);
      const noTools = client().messages.create({
        model: MODEL,
        max_tokens: 64,
        messages: [
          { role: 'user', content: 'Why?' },
          { role: 'assistant', content: [use] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'x' }] },
        ],
      });
      await expect(noTools).rejects.toThrow(/must define tools/);
    });
  });
});
