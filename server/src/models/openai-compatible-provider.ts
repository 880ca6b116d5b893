// P0: OpenAI-compatible chat completions over fetch, for local model servers (Ollama, vLLM,
// llama.cpp). The base URL includes /v1. The system prompt becomes one system message (these
// servers have no cache marks); streamed replies are `data:` lines ending with [DONE], usage in a
// last chunk when `stream_options.include_usage` is honoured. Tools go as OpenAI `function` tools;
// the calls come back as `tool_calls` and their results go back as `tool` messages.
import type { ExternalCaller } from '#src/features/external-calls/external-caller';
import { AppError } from '#src/lib/app-error';
import type { RequestContext } from '#src/lib/context';
import {
  addUsage,
  type ModelProvider,
  type ModelReply,
  type ModelRequest,
  type ModelService,
  type ModelUsage,
  NO_USAGE,
} from './model-provider';
import { MAX_TOOL_ROUNDS, runToolCalls, streamedRounds, type ToolCallRecord, ToolFailure, tooManyRounds } from './tool-use';

export type OpenAiCompatibleConfig = { baseUrl: string; apiKey: string | null; models: Record<ModelService, string>; timeoutMs?: number };

type ToolCallWire = { id?: string; index?: number; type?: string; function?: { name?: string; arguments?: string } };
type Completion = {
  model?: string;
  choices?:
    | {
        message?: { content?: string | null; tool_calls?: ToolCallWire[] | null };
        delta?: { content?: string | null; tool_calls?: ToolCallWire[] | null };
        finish_reason?: string | null;
      }[]
    | null;
  usage?: { prompt_tokens?: number; completion_tokens?: number; prompt_tokens_details?: { cached_tokens?: number } | null } | null;
};
type WireMessage = Record<string, unknown>;
/** One model call's answer: its words, the tool calls it asks for, and its usage. */
type Round = {
  text: string;
  model: string;
  usage: ModelUsage;
  stopReason: string | null;
  calls: { id: string; name: string; arguments: string }[];
};

const usageOf = (usage: Completion['usage']): ModelUsage => ({
  inputTokens: usage?.prompt_tokens ?? 0,
  outputTokens: usage?.completion_tokens ?? 0,
  cacheCreationTokens: 0,
  cacheReadTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
});

/** Tool arguments arrive as a JSON string; a model that writes broken JSON gets an error result to correct. */
const parseArguments = (raw: string): unknown => {
  try {
    return raw ? JSON.parse(raw) : {};
  } catch {
    return { __unparsed: raw };
  }
};

export const createOpenAiCompatibleProvider = (config: OpenAiCompatibleConfig, deps: { caller: ExternalCaller }): ModelProvider => {
  const url = `${config.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const headers = config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : undefined;
  const secrets = config.apiKey ? [config.apiKey] : [];
  const messagesOf = (request: ModelRequest): WireMessage[] => [
    { role: 'system', content: typeof request.system === 'string' ? request.system : request.system.map((b) => b.text).join('\n\n') },
    // Only what the Chat Completions API knows; images as image_url content parts.
    ...request.messages.map((m) =>
      m.images?.length
        ? {
            role: m.role,
            content: [
              { type: 'text', text: m.content },
              ...m.images.map((i) => ({ type: 'image_url', image_url: { url: `data:${i.mediaType};base64,${i.data}` } })),
            ],
          }
        : { role: m.role, content: m.content },
    ),
  ];
  const bodyOf = (request: ModelRequest, messages: WireMessage[], stream: boolean) => ({
    model: config.models[request.service],
    max_tokens: request.maxTokens,
    messages,
    ...(request.tools?.tools.length && {
      tools: request.tools.tools.map((t) => ({
        type: 'function',
        function: { name: t.name, description: t.description, parameters: t.inputSchema },
      })),
    }),
    ...(request.temperature !== undefined && { temperature: request.temperature }),
    ...(request.topP !== undefined && { top_p: request.topP }),
    ...(stream && { stream: true, stream_options: { include_usage: true } }),
  });
  const failure = (status: number, body: unknown, withTools: boolean) => {
    const text = JSON.stringify(body).slice(0, 300);
    // A server that cannot take tools (or our tool schemas) refuses the request: a tool reason.
    if (withTools && status === 400 && /tool|function/i.test(text)) {
      return new ToolFailure(`The model server refused the tools: ${text}`);
    }
    return new AppError(status >= 500 ? 'upstream_unavailable' : 'upstream_error', `Model server answered ${status}: ${text}`);
  };

  const completeOnce = async (ctx: RequestContext, request: ModelRequest, messages: WireMessage[]): Promise<Round> => {
    const response = await deps.caller.call(ctx, {
      integration: 'openai_compatible',
      action: 'queried',
      method: 'POST',
      url,
      headers,
      body: bodyOf(request, messages, false),
      secrets,
      timeoutMs: config.timeoutMs ?? 120_000,
    });
    if (response.status !== 200) {
      throw failure(response.status, response.body, Boolean(request.tools));
    }
    const completion = response.body as Completion;
    const choice = completion.choices?.[0];
    return {
      text: choice?.message?.content ?? '',
      model: completion.model ?? config.models[request.service],
      usage: usageOf(completion.usage),
      stopReason: choice?.finish_reason ?? null,
      calls: (choice?.message?.tool_calls ?? []).map((c, i) => ({
        id: c.id ?? `call_${i}`,
        name: c.function?.name ?? '',
        arguments: c.function?.arguments ?? '',
      })),
    };
  };

  const streamOnce = async (ctx: RequestContext, request: ModelRequest, messages: WireMessage[], onText: (delta: string) => void) => {
    const doFetch = deps.caller.fetchFor(ctx, {
      integration: 'openai_compatible',
      action: 'queried',
      secrets,
      timeoutMs: config.timeoutMs ?? 120_000,
    });
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(bodyOf(request, messages, true)),
      });
    } catch (error) {
      throw new AppError('upstream_unavailable', `The model server did not answer: ${(error as Error).message}`);
    }
    if (response.status !== 200 || !response.body) {
      throw failure(response.status, await response.text(), Boolean(request.tools));
    }
    const round: Round = { text: '', model: config.models[request.service], usage: usageOf(null), stopReason: null, calls: [] };
    let usage: Completion['usage'] = null;
    let buffered = '';
    const decoder = new TextDecoder();
    for await (const chunk of response.body) {
      buffered += decoder.decode(chunk, { stream: true });
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const data = line.startsWith('data:') ? line.slice(5).trim() : '';
        if (!data || data === '[DONE]') {
          continue;
        }
        const event = JSON.parse(data) as Completion;
        round.model = event.model ?? round.model;
        usage = event.usage ?? usage;
        const choice = event.choices?.[0];
        round.stopReason = choice?.finish_reason ?? round.stopReason;
        if (choice?.delta?.content) {
          round.text += choice.delta.content;
          onText(choice.delta.content);
        }
        // Tool calls stream as fragments keyed by index: the first carries id and name.
        for (const part of choice?.delta?.tool_calls ?? []) {
          const index = part.index ?? 0;
          const call = round.calls[index] ?? { id: part.id ?? `call_${index}`, name: '', arguments: '' };
          round.calls[index] = call;
          call.id = part.id ?? call.id;
          call.name += part.function?.name ?? '';
          call.arguments += part.function?.arguments ?? '';
        }
      }
    }
    round.usage = usageOf(usage);
    return round;
  };

  /** While the model asks for tools, run them and send the results back as `tool` messages. */
  const turn = async (request: ModelRequest, once: (messages: WireMessage[]) => Promise<Round>): Promise<ModelReply> => {
    let messages = messagesOf(request);
    let usage = NO_USAGE;
    const texts: string[] = [];
    const toolCalls: ToolCallRecord[] = [];
    for (let round = 1; ; round += 1) {
      const answer = await once(messages);
      usage = addUsage(usage, answer.usage);
      texts.push(answer.text);
      if (!request.tools || !answer.calls.length) {
        return { text: texts.filter(Boolean).join('\n\n'), model: answer.model, usage, stopReason: answer.stopReason, toolCalls };
      }
      if (round >= MAX_TOOL_ROUNDS) {
        throw tooManyRounds();
      }
      const results = await runToolCalls(
        request.tools,
        answer.calls.map((c) => ({ id: c.id, name: c.name, input: parseArguments(c.arguments) })),
      );
      toolCalls.push(...results.map(({ id: _id, ...record }) => record));
      messages = [
        ...messages,
        {
          role: 'assistant',
          content: answer.text || null,
          tool_calls: answer.calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })),
        },
        ...results.map((r) => ({ role: 'tool', tool_call_id: r.id, content: r.isError ? `Error: ${r.output}` : r.output })),
      ];
    }
  };

  return {
    kind: 'openai_compatible',
    complete: (ctx, request) => turn(request, (messages) => completeOnce(ctx, request, messages)),
    stream(ctx, request, onText) {
      const nextRound = streamedRounds(onText);
      return turn(request, (messages) => streamOnce(ctx, request, messages, nextRound()));
    },
  };
};
