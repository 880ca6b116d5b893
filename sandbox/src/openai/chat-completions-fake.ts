// A local fake of an OpenAI-compatible chat completions server (Ollama, vLLM, llama.cpp):
// `POST /v1/chat/completions`, JSON replies with usage, and streams of unnamed `data:` lines with a
// final usage chunk and `data: [DONE]`. Records every request.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ChatResponder = (body: { messages?: { role: string; content: string }[] }) => string;

export const startChatCompletionsFake = async () => {
  const requests: { headers: http.IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
  const replies: string[] = [];
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
      const text = replies.shift() ?? responder(body as Parameters<ChatResponder>[0]);
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
            choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
            usage,
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
      const pieces = text.match(/[\s\S]{1,16}/g) ?? [''];
      for (const [i, piece] of pieces.entries()) {
        chunk({
          ...base,
          object: 'chat.completion.chunk',
          choices: [{ index: 0, delta: i === 0 ? { role: 'assistant', content: piece } : { content: piece }, finish_reason: null }],
        });
      }
      chunk({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
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
    enqueueReplies: (...texts: string[]) => replies.push(...texts),
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
