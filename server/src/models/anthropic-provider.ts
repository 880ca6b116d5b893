// P0: Anthropic through the real @anthropic-ai/sdk 1.x. The SDK brings its own HTTP handling, so it
// gets the external caller's logged, bounded fetch (I2). API version 2026-10-21 refuses the
// sampling parameters, so they never reach the wire; the system prompt follows policy α.
import Anthropic from '@anthropic-ai/sdk';
import type { ExternalCaller } from '#src/features/external-calls/external-caller';
import { AppError } from '#src/lib/app-error';
import type { RequestContext } from '#src/lib/context';
import { messagesForWire, systemForWire } from './cache-policy';
import { addUsage, type ModelProvider, type ModelRequest, type ModelService, NO_USAGE, usageOf } from './model-provider';
import { MAX_TOOL_ROUNDS, runToolCalls, streamedRounds, type ToolCallRecord, ToolFailure, tooManyRounds } from './tool-use';

export type AnthropicConfig = {
  apiKey: string;
  /** Without /v1: the SDK appends /v1/messages. */
  baseUrl: string;
  models: Record<ModelService, string>;
  maxRetries?: number;
  timeoutMs?: number;
};

/** The API refusing what Flightdeck offered as tools (a server's schema it cannot take) is a tool reason. */
const isToolRefusal = (error: unknown) =>
  error instanceof Anthropic.BadRequestError && /\btools?\b|tool_use|input_schema/i.test(String((error as { message?: string }).message));

const toAppError = (error: unknown, withTools: boolean): AppError | ToolFailure => {
  if (error instanceof AppError || error instanceof ToolFailure) {
    return error;
  }
  if (withTools && isToolRefusal(error)) {
    return new ToolFailure(`The model provider refused the tools: ${(error as Error).message}`);
  }
  if (error instanceof Anthropic.RateLimitError) {
    return new AppError('rate_limited', 'The model provider is rate limiting; try again shortly.');
  }
  if (error instanceof Anthropic.APIConnectionError) {
    return new AppError('upstream_unavailable', `The model provider did not answer: ${error.message}`);
  }
  if (error instanceof Anthropic.APIError) {
    const detail = (error as { apiMessage?: string }).apiMessage ?? error.type ?? error.message;
    return new AppError(error.status && error.status >= 500 ? 'upstream_unavailable' : 'upstream_error', `Model provider error: ${detail}`);
  }
  return new AppError('upstream_error', `Model provider error: ${(error as Error).message}`);
};

export const createAnthropicProvider = (config: AnthropicConfig, deps: { caller: ExternalCaller }): ModelProvider => {
  const clientFor = (ctx: RequestContext) =>
    new Anthropic({
      apiKey: config.apiKey,
      baseURL: config.baseUrl,
      maxRetries: config.maxRetries ?? 2,
      timeout: config.timeoutMs ?? 120_000,
      fetch: deps.caller.fetchFor(ctx, {
        integration: 'anthropic',
        action: 'queried',
        secrets: [config.apiKey],
        timeoutMs: config.timeoutMs,
      }),
    });

  // Only the fields the Messages API takes: temperature / topP are deliberately not mapped.
  const paramsOf = (request: ModelRequest) => {
    const system = systemForWire(request.system);
    const systemMarks = typeof system === 'string' ? 0 : system.filter((b) => b.cache_control).length;
    return {
      model: config.models[request.service],
      max_tokens: request.maxTokens,
      system,
      messages: messagesForWire(request.messages, systemMarks),
    };
  };

  const textOf = (message: Anthropic.Message) => message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');

  /**
   * One turn: a model call, and while the model stops to use tools, the calls run and their
   * results go back as the next user message (tool definitions stay first in the prompt and
   * never change within a turn, so every round reads the same cached prefix).
   */
  const turn = async (request: ModelRequest, call: (params: Anthropic.MessageCreateParamsNonStreaming) => Promise<Anthropic.Message>) => {
    const base = paramsOf(request);
    const tools = request.tools?.tools.map((t) => ({
      name: t.name,
      description: t.description,
      input_schema: t.inputSchema as Anthropic.Tool.InputSchema,
    }));
    let messages: Anthropic.MessageParam[] = base.messages;
    let usage = NO_USAGE;
    const texts: string[] = [];
    const toolCalls: ToolCallRecord[] = [];
    for (let round = 1; ; round += 1) {
      const message = await call({ ...base, messages, ...(tools?.length && { tools }) });
      usage = addUsage(usage, usageOf(message.usage));
      texts.push(textOf(message));
      const uses = message.content.flatMap((b) => (b.type === 'tool_use' ? [b] : []));
      if (!request.tools || message.stop_reason !== 'tool_use' || !uses.length) {
        return { text: texts.filter(Boolean).join('\n\n'), model: message.model, usage, stopReason: message.stop_reason, toolCalls };
      }
      if (round >= MAX_TOOL_ROUNDS) {
        throw tooManyRounds();
      }
      const results = await runToolCalls(request.tools, uses);
      toolCalls.push(...results.map(({ id: _id, ...record }) => record));
      messages = [
        ...messages,
        {
          role: 'assistant',
          // The API refuses empty text blocks, so only the words and the calls go back.
          content: message.content.flatMap((b): Anthropic.ContentBlockParam[] =>
            b.type === 'text' && b.text
              ? [{ type: 'text', text: b.text }]
              : b.type === 'tool_use'
                ? [{ type: 'tool_use', id: b.id, name: b.name, input: b.input }]
                : [],
          ),
        },
        {
          role: 'user',
          content: results.map((r) => ({ type: 'tool_result' as const, tool_use_id: r.id, content: r.output, is_error: r.isError })),
        },
      ];
    }
  };

  return {
    kind: 'anthropic',
    async complete(ctx, request) {
      try {
        return await turn(request, (params) => clientFor(ctx).messages.create(params));
      } catch (error) {
        throw toAppError(error, Boolean(request.tools));
      }
    },
    async stream(ctx, request, onText) {
      const nextRound = streamedRounds(onText);
      try {
        return await turn(request, async (params) => {
          const stream = clientFor(ctx).messages.stream(params);
          stream.on('text', nextRound());
          // Usage (cache counters included) comes from the final message, as the SDK merges it.
          return stream.finalMessage();
        });
      } catch (error) {
        throw toAppError(error, Boolean(request.tools));
      }
    },
  };
};
