// A local fake of an OpenAI-compatible chat completions server (Ollama, vLLM, llama.cpp):
// `POST /v1/chat/completions`, JSON replies with usage, and streams of unnamed `data:` lines with a
// final usage chunk and `data: [DONE]`. Tool calls as OpenAI defines them (`tool_calls` with JSON
// `arguments`, finish_reason `tool_calls`, streamed as indexed argument fragments), and OpenAI's
// refusal of a `tool` message that answers no call. Records every request.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ScriptedReply } from '../anthropic/messages-fake';

export type ChatResponder = (body: { messages?: { role: string; content: string }[] }) => ScriptedReply;

type ChatMessage = { role: string; content?: unknown; tool_calls?: { id: string }[]; tool_call_id?: string };

/** OpenAI's rule (and its wording): a tool message answers a call of the assistant message before it. */
const toolMessageError = (messages: ChatMessage[]) => {
  let open = new Set<string>();
  for (const message of messages) {
    if (message.role === 'tool') {
      if (!open.has(message.tool_call_id ?? '')) {
        return "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.";
      }
      continue;
    }
    open = new Set((message.tool_calls ?? []).map((c) => c.id));
  }
  return null;
};

export const startChatCompletionsFake = async () => {
  const requests: { headers: http.IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
  const replies: ScriptedReply[] = [];
  let responder: ChatResponder = (body) => `Local reply to: ${body.messages?.at(-1)?.content ?? ''}`;
  let seq = 0;

  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      raw += chunk;
    });
    req.on('end', () => {
      seq += 1;
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'not found' } }));
        return;
      }
      const body = JSON.parse(raw || '{}') as Record<string, unknown>;
      requests.push({ headers: req.headers, body });
      const refused = toolMessageError((body.messages ?? []) as ChatMessage[]);
      if (refused) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: refused, type: 'invalid_request_error', param: 'messages', code: null } }));
        return;
      }
      const scripted = replies.shift() ?? responder(body as Parameters<ChatResponder>[0]);
      const text = typeof scripted === 'string' ? scripted : (scripted.text ?? '');
      const toolCalls = (typeof scripted === 'string' ? [] : scripted.toolUse).map((call, i) => ({
        id: `call_fake_${seq}_${i}`,
        type: 'function',
        function: { name: call.name, arguments: JSON.stringify(call.input) },
      }));
      const finishReason = toolCalls.length ? 'tool_calls' : 'stop';
      const promptTokens = Math.ceil(JSON.stringify(body.messages ?? []).length / 4);
      const usage = { prompt_tokens: promptTokens, completion_tokens: Math.ceil(text.length / 4), total_tokens: 0 };
      usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
      const base = { id: `chatcmpl-${seq}`, created: 1_795_000_000, model: body.model };
      if (body.stream !== true) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            ...base,
            object: 'chat.completion',
            choices: [
              {
                index: 0,
                message: {
                  role: 'assistant',
                  content: text || (toolCalls.length ? null : ''),
                  ...(toolCalls.length && { tool_calls: toolCalls }),
                },
                finish_reason: finishReason,
              },
            ],
            usage,
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
      const pieces = text || !toolCalls.length ? (text.match(/[\s\S]{1,16}/g) ?? ['']) : [];
      for (const [i, piece] of pieces.entries()) {
        chunk({
          ...base,
          object: 'chat.completion.chunk',
          choices: [{ index: 0, delta: i === 0 ? { role: 'assistant', content: piece } : { content: piece }, finish_reason: null }],
        });
      }
      for (const [index, call] of toolCalls.entries()) {
        const delta = (fn: Record<string, string>, head: boolean) => ({
          ...base,
          object: 'chat.completion.chunk',
          choices: [
            {
              index: 0,
              delta: { tool_calls: [{ index, ...(head && { id: call.id, type: 'function' }), function: fn }] },
              finish_reason: null,
            },
          ],
        });
        chunk(delta({ name: call.function.name, arguments: '' }, true));
        for (const part of call.function.arguments.match(/[\s\S]{1,8}/g) ?? []) {
          chunk(delta({ arguments: part }, false));
        }
      }
      chunk({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: finishReason }] });
      if ((body.stream_options as { include_usage?: boolean } | undefined)?.include_usage) {
        chunk({ ...base, object: 'chat.completion.chunk', choices: [], usage });
      }
      res.write('data: [DONE]\n\n');
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    /** Includes /v1, as local servers document it. */
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests: () => [...requests],
    enqueueReplies: (...next: ScriptedReply[]) => replies.push(...next),
    setResponder: (next: ChatResponder) => {
      responder = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

export type ChatCompletionsFake = Awaited<ReturnType<typeof startChatCompletionsFake>>;
