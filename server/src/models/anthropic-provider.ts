// P0: Anthropic through the real @anthropic-ai/sdk 1.x. The SDK brings its own HTTP handling, so it
// gets the external caller's logged, bounded fetch (I2). API version 2026-10-21 refuses the
// sampling parameters, so they never reach the wire; the system prompt follows policy α.
import Anthropic from '@anthropic-ai/sdk';
import type { ExternalCaller } from '#src/features/external-calls/external-caller';
import { AppError } from '#src/lib/app-error';
import type { RequestContext } from '#src/lib/context';
import { messagesForWire, systemForWire } from './cache-policy';
import { type ModelProvider, type ModelReply, type ModelRequest, type ModelService, usageOf } from './model-provider';

export type AnthropicConfig = {
  apiKey: string;
  /** Without /v1: the SDK appends /v1/messages. */
  baseUrl: string;
  models: Record<ModelService, string>;
  maxRetries?: number;
  timeoutMs?: number;
};

const toAppError = (error: unknown): AppError => {
  if (error instanceof AppError) {
    return error;
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

  const replyOf = (message: Anthropic.Message): ModelReply => ({
    text: message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join(''),
    model: message.model,
    usage: usageOf(message.usage),
    stopReason: message.stop_reason,
  });

  return {
    kind: 'anthropic',
    async complete(ctx, request) {
      try {
        return replyOf(await clientFor(ctx).messages.create(paramsOf(request)));
      } catch (error) {
        throw toAppError(error);
      }
    },
    async stream(ctx, request, onText) {
      try {
        const stream = clientFor(ctx).messages.stream(paramsOf(request));
        stream.on('text', onText);
        // Usage (cache counters included) comes from the final message, as the SDK merges it.
        return replyOf(await stream.finalMessage());
      } catch (error) {
        throw toAppError(error);
      }
    },
  };
};
