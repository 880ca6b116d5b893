// A local fake of the Anthropic Messages API for the real @anthropic-ai/sdk 1.x, following the
// "Fake server checklist" of shared/reference/llm-apis.md: Bearer or x-api-key auth, both API
// versions, 1.x validation (sampling parameters refused under 2026-10-21), JSON and SSE replies
// with full usage, the prompt cache (prompt-cache.ts) on an injectable clock, scripted replies,
// HTTP and mid-stream errors, latency, and a record of every request.
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
/** Builds the reply text of a request (the default echoes the last user message). */
export type Responder = (body: Record<string, unknown>) => string;

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

const errorBody = (type: string, message: string, requestId: string) => ({
  type: 'error',
  error: { type, message },
  request_id: requestId,
});

export const startMessagesFake = async (options: MessagesFakeOptions = {}) => {
  let now = options.now ?? Date.now;
  const cache = createPromptCache({ now: () => now(), minimums: options.minimums });
  const requests: RecordedModelRequest[] = [];
  const replies: string[] = [];
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
    recorded.usage = usage;
    const text = replies.shift() ?? responder(body);
    const outputTokens = Math.max(1, Math.ceil(Buffer.byteLength(text) / 4));
    const message = {
      id: `msg_fake_${seq}`,
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: [{ type: 'text', text, citations: null }],
      stop_reason: 'end_turn',
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
    event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    if (streamExtras.ping) {
      event('ping', { type: 'ping' });
    }
    if (streamExtras.unknownEvent) {
      event('future_event', { type: 'future_event', detail: 'clients must ignore this' });
    }
    const chunks = text.match(/[\s\S]{1,24}/g) ?? [''];
    for (const [i, chunk] of chunks.entries()) {
      event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: chunk } });
      if (streamError && i === 0) {
        event('error', { type: 'error', error: streamError });
        streamError = null;
        res.end();
        return;
      }
    }
    event('content_block_stop', { type: 'content_block_stop', index: 0 });
    event('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
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
    /** The next replies, in order; afterwards the responder answers. */
    enqueueReplies: (...texts: string[]) => replies.push(...texts),
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
