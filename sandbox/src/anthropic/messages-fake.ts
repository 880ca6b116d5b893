// A local fake of the Anthropic Messages API for the real @anthropic-ai/sdk 1.x, following the
// "Fake server checklist" of shared/reference/llm-apis.md: Bearer or x-api-key auth, both API
// versions, 1.x validation (sampling parameters refused under 2026-10-21), JSON and SSE replies
// with full usage, the prompt cache (prompt-cache.ts) on an injectable clock, scripted replies,
// HTTP and mid-stream errors, latency, tool-use turns (a scripted `tool_use` reply, streamed as
// `input_json_delta`, and the API's pairing rules for `tool_use` / `tool_result` blocks), and a
// record of every request.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPromptCache, PromptRuleError, renderPrompt } from './prompt-cache';

export const API_VERSION_1X = '2026-10-21';
const REMOVED_SAMPLING = ['temperature', 'top_p', 'top_k'];

/** A request as it arrived, and the usage the fake answered it with (none when it was refused). */
export type RecordedModelRequest = {
  at: number;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  usage?: ReturnType<ReturnType<typeof createPromptCache>['use']>;
};
export type ScriptedFailure = { status: number; type: string; message: string; shouldRetry?: boolean };
export type StreamUsageMode = 'start_only' | 'repeat_in_delta';
/** A scripted turn in which the model calls tools (with optional words before the calls). */
export type ScriptedToolUse = { text?: string; toolUse: { name: string; input: Record<string, unknown> }[] };
export type ScriptedReply = string | ScriptedToolUse;
/** Builds the reply text of a request (the default echoes the last user message). */
export type Responder = (body: Record<string, unknown>) => ScriptedReply;

export type MessagesFakeOptions = { port?: number; now?: () => number; minimums?: [string, number][]; invalidKeys?: string[] };

const lastUserText = (body: Record<string, unknown>) => {
  const messages = (body.messages ?? []) as { role: string; content: unknown }[];
  const last = [...messages].reverse().find((m) => m.role === 'user');
  if (!last) {
    return '';
  }
  return typeof last.content === 'string'
    ? last.content
    : ((last.content as { type: string; text?: string }[]).find((b) => b.type === 'text')?.text ?? '');
};

type Block = { type?: string; id?: string; tool_use_id?: string };
const blocksOf = (message: { content?: unknown } | undefined): Block[] =>
  Array.isArray(message?.content) ? (message.content as Block[]) : [];

/**
 * The Messages API's rules for tool blocks, with its error texts: tool blocks need tools defined,
 * every `tool_use` is answered by a `tool_result` in the very next (user) message, and a
 * `tool_result` answers a `tool_use` of the message before it.
 */
const toolPairingError = (body: Record<string, unknown>): string | null => {
  const messages = (body.messages ?? []) as { role: string; content?: unknown }[];
  const hasToolBlocks = messages.some((m) => blocksOf(m).some((b) => b.type === 'tool_use' || b.type === 'tool_result'));
  if (hasToolBlocks && !((body.tools ?? []) as unknown[]).length) {
    return 'Requests which include `tool_use` or `tool_result` blocks must define tools.';
  }
  for (const [i, message] of messages.entries()) {
    const uses = message.role === 'assistant' ? blocksOf(message).filter((b) => b.type === 'tool_use') : [];
    const answered = new Set(blocksOf(messages[i + 1]).flatMap((b) => (b.type === 'tool_result' ? [b.tool_use_id] : [])));
    const unanswered = uses.filter((u) => !answered.has(u.id)).map((u) => u.id);
    if (unanswered.length) {
      return `messages.${i + 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${unanswered.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    }
    const previous = new Set(blocksOf(messages[i - 1]).flatMap((b) => (b.type === 'tool_use' ? [b.id] : [])));
    for (const [j, block] of blocksOf(message).entries()) {
      if (block.type === 'tool_result' && !previous.has(block.tool_use_id)) {
        return `messages.${i}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${block.tool_use_id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
      }
    }
  }
  return null;
};

const errorBody = (type: string, message: string, requestId: string) => ({
  type: 'error',
  error: { type, message },
  request_id: requestId,
});

export const startMessagesFake = async (options: MessagesFakeOptions = {}) => {
  let now = options.now ?? Date.now;
  const cache = createPromptCache({ now: () => now(), minimums: options.minimums });
  const requests: RecordedModelRequest[] = [];
  const replies: ScriptedReply[] = [];
  const failures: ScriptedFailure[] = [];
  let streamError: { type: string; message: string } | null = null;
  let streamExtras = { ping: false, unknownEvent: false };
  let usageMode: StreamUsageMode = 'start_only';
  let latencyMs = 0;
  let responder: Responder = (body) => `Fake reply to: ${lastUserText(body).slice(0, 200)}`;
  let seq = 0;

  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, raw: string) => {
    seq += 1;
    const requestId = `req_fake_${seq}`;
    const url = new URL(req.url ?? '/', 'http://fake');
    if (req.method !== 'POST' || url.pathname.replace(/\/+$/, '') !== '/v1/messages') {
      return send(res, 404, errorBody('not_found_error', `No route ${req.method} ${url.pathname}`, requestId));
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw);
    } catch {
      return send(res, 400, errorBody('invalid_request_error', 'Request body is not valid JSON', requestId));
    }
    const recorded: RecordedModelRequest = { at: now(), headers: req.headers, body };
    requests.push(recorded);
    const key = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '') || String(req.headers['x-api-key'] ?? '');
    if (!key || (options.invalidKeys ?? ['invalid-key']).includes(key)) {
      return send(res, 401, errorBody('authentication_error', 'invalid x-api-key', requestId), { 'request-id': requestId });
    }
    if (latencyMs) {
      await new Promise((r) => setTimeout(r, latencyMs));
    }
    const failure = failures.shift();
    if (failure) {
      return send(res, failure.status, errorBody(failure.type, failure.message, requestId), {
        'request-id': requestId,
        'retry-after-ms': '0',
        ...(failure.shouldRetry === false && { 'x-should-retry': 'false' }),
      });
    }
    const version = String(req.headers['anthropic-version'] ?? '');
    const missing = ['model', 'max_tokens', 'messages'].find((field) => body[field] === undefined);
    if (missing) {
      return send(res, 400, errorBody('invalid_request_error', `${missing}: Field required`, requestId));
    }
    const removed = REMOVED_SAMPLING.find((field) => field in body);
    if (removed && version === API_VERSION_1X) {
      return send(res, 400, errorBody('invalid_request_error', `${removed}: Extra inputs are not permitted`, requestId));
    }
    let usage: ReturnType<typeof cache.use>;
    try {
      usage = cache.use(String(body.model), renderPrompt(body as Parameters<typeof renderPrompt>[0]));
    } catch (error) {
      if (error instanceof PromptRuleError) {
        return send(res, 400, errorBody('invalid_request_error', error.message, requestId));
      }
      throw error;
    }
    const pairing = toolPairingError(body);
    if (pairing) {
      return send(res, 400, errorBody('invalid_request_error', pairing, requestId));
    }
    const scripted = replies.shift() ?? responder(body);
    const offered = new Set(((body.tools ?? []) as { name?: string }[]).map((t) => t.name));
    const calls = typeof scripted === 'string' ? [] : scripted.toolUse;
    const notOffered = calls.find((call) => !offered.has(call.name));
    if (notOffered) {
      // A model only calls tools it was offered: a script that says otherwise is a broken test.
      return send(
        res,
        500,
        errorBody('api_error', `fake: scripted tool_use of ${notOffered.name}, which the request did not offer`, requestId),
      );
    }
    recorded.usage = usage;
    const text = typeof scripted === 'string' ? scripted : (scripted.text ?? '');
    const toolBlocks = calls.map((call, i) => ({ type: 'tool_use', id: `toolu_fake_${seq}_${i}`, name: call.name, input: call.input }));
    const stopReason = toolBlocks.length ? 'tool_use' : 'end_turn';
    const outputTokens = Math.max(1, Math.ceil(Buffer.byteLength(text + JSON.stringify(toolBlocks)) / 4));
    const textBlocks = text || !toolBlocks.length ? [{ type: 'text', text, citations: null }] : [];
    const message = {
      id: `msg_fake_${seq}`,
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: [...textBlocks, ...toolBlocks],
      stop_reason: stopReason,
      stop_sequence: null,
      usage: { ...usage, output_tokens: outputTokens, service_tier: 'standard' },
    };
    if (body.stream !== true) {
      return send(res, 200, message, { 'request-id': requestId });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': requestId });
    const event = (name: string, data: unknown) => res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
    event('message_start', {
      type: 'message_start',
      message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } },
    });
    if (textBlocks.length) {
      event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    }
    if (streamExtras.ping) {
      event('ping', { type: 'ping' });
    }
    if (streamExtras.unknownEvent) {
      event('future_event', { type: 'future_event', detail: 'clients must ignore this' });
    }
    const chunks = textBlocks.length ? (text.match(/[\s\S]{1,24}/g) ?? ['']) : [];
    for (const [i, chunk] of chunks.entries()) {
      event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: chunk } });
      if (streamError && i === 0) {
        event('error', { type: 'error', error: streamError });
        streamError = null;
        res.end();
        return;
      }
    }
    if (textBlocks.length) {
      event('content_block_stop', { type: 'content_block_stop', index: 0 });
    }
    for (const [i, block] of toolBlocks.entries()) {
      const index = textBlocks.length + i;
      event('content_block_start', { type: 'content_block_start', index, content_block: { ...block, input: {} } });
      // Tool input arrives as JSON fragments that only parse once concatenated.
      for (const part of JSON.stringify(block.input).match(/[\s\S]{1,10}/g) ?? []) {
        event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: part } });
      }
      event('content_block_stop', { type: 'content_block_stop', index });
    }
    event('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: usageMode === 'repeat_in_delta' ? { ...usage, output_tokens: outputTokens } : { output_tokens: outputTokens },
    });
    event('message_stop', { type: 'message_stop' });
    res.end();
  };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      raw += chunk;
    });
    req.on('end', () => {
      handle(req, res, raw).catch((error: Error) => send(res, 500, errorBody('api_error', error.message, 'req_fake_error')));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    /** What to pass the SDK as baseURL (no /v1: the SDK appends /v1/messages). */
    baseUrl: `http://127.0.0.1:${port}`,
    cache,
    requests: () => [...requests],
    /** The next replies, in order (text, or a turn that calls tools); afterwards the responder answers. */
    enqueueReplies: (...next: ScriptedReply[]) => replies.push(...next),
    setResponder: (next: Responder) => {
      responder = next;
    },
    /** The next requests fail with these HTTP errors, one each. */
    failNext: (...next: ScriptedFailure[]) => failures.push(...next),
    failNextStream: (error: { type: string; message: string }) => {
      streamError = error;
    },
    streamExtras: (extras: { ping?: boolean; unknownEvent?: boolean }) => {
      streamExtras = { ping: Boolean(extras.ping), unknownEvent: Boolean(extras.unknownEvent) };
    },
    setStreamUsageMode: (mode: StreamUsageMode) => {
      usageMode = mode;
    },
    setLatency: (ms: number) => {
      latencyMs = Math.min(ms, 30_000);
    },
    setClock: (next: () => number) => {
      now = next;
    },
    reset() {
      requests.length = 0;
      replies.length = 0;
      failures.length = 0;
      streamError = null;
      streamExtras = { ping: false, unknownEvent: false };
      usageMode = 'start_only';
      latencyMs = 0;
      cache.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

export type MessagesFake = Awaited<ReturnType<typeof startMessagesFake>>;
