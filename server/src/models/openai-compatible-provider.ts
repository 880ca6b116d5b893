// P0: OpenAI-compatible chat completions over fetch, for local model servers (Ollama, vLLM,
// llama.cpp). The base URL includes /v1. The system prompt becomes one system message (these
// servers have no cache marks); streamed replies are `data:` lines ending with [DONE], usage in a
// last chunk when `stream_options.include_usage` is honoured.
import type { ExternalCaller } from '#src/features/external-calls/external-caller';
import { AppError } from '#src/lib/app-error';
import type { RequestContext } from '#src/lib/context';
import type { ModelProvider, ModelReply, ModelRequest, ModelService, ModelUsage } from './model-provider';

export type OpenAiCompatibleConfig = { baseUrl: string; apiKey: string | null; models: Record<ModelService, string>; timeoutMs?: number };

type Completion = {
  model?: string;
  choices?: { message?: { content?: string | null }; delta?: { content?: string | null }; finish_reason?: string | null }[] | null;
  usage?: { prompt_tokens?: number; completion_tokens?: number; prompt_tokens_details?: { cached_tokens?: number } | null } | null;
};

const usageOf = (usage: Completion['usage']): ModelUsage => ({
  inputTokens: usage?.prompt_tokens ?? 0,
  outputTokens: usage?.completion_tokens ?? 0,
  cacheCreationTokens: 0,
  cacheReadTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
});

export const createOpenAiCompatibleProvider = (config: OpenAiCompatibleConfig, deps: { caller: ExternalCaller }): ModelProvider => {
  const url = `${config.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const headers = config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : undefined;
  const secrets = config.apiKey ? [config.apiKey] : [];
  const bodyOf = (request: ModelRequest, stream: boolean) => ({
    model: config.models[request.service],
    max_tokens: request.maxTokens,
    messages: [
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
    ],
    ...(request.temperature !== undefined && { temperature: request.temperature }),
    ...(request.topP !== undefined && { top_p: request.topP }),
    ...(stream && { stream: true, stream_options: { include_usage: true } }),
  });
  const failure = (status: number, body: unknown) =>
    new AppError(
      status >= 500 ? 'upstream_unavailable' : 'upstream_error',
      `Model server answered ${status}: ${JSON.stringify(body).slice(0, 300)}`,
    );

  return {
    kind: 'openai_compatible',
    async complete(ctx, request): Promise<ModelReply> {
      const response = await deps.caller.call(ctx, {
        integration: 'openai_compatible',
        action: 'queried',
        method: 'POST',
        url,
        headers,
        body: bodyOf(request, false),
        secrets,
        timeoutMs: config.timeoutMs ?? 120_000,
      });
      if (response.status !== 200) {
        throw failure(response.status, response.body);
      }
      const completion = response.body as Completion;
      const choice = completion.choices?.[0];
      return {
        text: choice?.message?.content ?? '',
        model: completion.model ?? config.models[request.service],
        usage: usageOf(completion.usage),
        stopReason: choice?.finish_reason ?? null,
      };
    },

    async stream(ctx: RequestContext, request, onText): Promise<ModelReply> {
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
          body: JSON.stringify(bodyOf(request, true)),
        });
      } catch (error) {
        throw new AppError('upstream_unavailable', `The model server did not answer: ${(error as Error).message}`);
      }
      if (response.status !== 200 || !response.body) {
        throw failure(response.status, await response.text());
      }
      let text = '';
      let model = config.models[request.service];
      let usage: Completion['usage'] = null;
      let stopReason: string | null = null;
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
          model = event.model ?? model;
          usage = event.usage ?? usage;
          const choice = event.choices?.[0];
          stopReason = choice?.finish_reason ?? stopReason;
          if (choice?.delta?.content) {
            text += choice.delta.content;
            onText(choice.delta.content);
          }
        }
      }
      return { text, model, usage: usageOf(usage), stopReason };
    },
  };
};
