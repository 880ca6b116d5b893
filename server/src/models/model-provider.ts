// P0.1: the one interface every model call goes through. Anthropic (Messages API through the real
// SDK), OpenAI-compatible chat completions (local model servers) and the offline playbook pilot
// implement it; services never know which one answers.
import type { RequestContext } from '#src/lib/context';
import type { ToolCallRecord, ToolSet } from './tool-use';

/** P0.4: what a call is for; model and tool use are configured per service, never at call sites. */
export const MODEL_SERVICES = ['conversation', 'fact_synthesis', 'resolution_note', 'escalation_package', 'template_extraction'] as const;
export type ModelService = (typeof MODEL_SERVICES)[number];

export type CacheMark = { ttl?: '5m' | '1h' };
/** A system prompt block. `cache` set on any block: exactly those are cached; on none: the first is (P0.2). */
export type SystemBlock = { text: string; cache?: CacheMark };
/** A string system prompt is sent uncached. */
export type SystemPrompt = string | readonly SystemBlock[];

/** A screenshot sent with a message, for providers that take image blocks. */
export type ChatImage = { mediaType: string; data: string };
/** `cache` marks the turn as a cache breakpoint (Anthropic); other providers ignore it. */
export type ChatMessage = { role: 'user' | 'assistant'; content: string; cache?: CacheMark; images?: readonly ChatImage[] };

export type ModelRequest = {
  service: ModelService;
  system: SystemPrompt;
  messages: readonly ChatMessage[];
  maxTokens: number;
  /** OpenAI-style sampling; honoured by OpenAI-compatible servers, stripped for Anthropic 1.x. */
  temperature?: number;
  topP?: number;
  /** Tools the model may call in this turn (MCP); the provider runs the calls and feeds back the results. */
  tools?: ToolSet;
};

/** P0.3: every reply's token counts; counters a server leaves out count as 0. */
export type ModelUsage = { inputTokens: number; outputTokens: number; cacheCreationTokens: number; cacheReadTokens: number };

/** `usage` sums every model call of the turn (a turn with tool calls makes several). */
export type ModelReply = {
  text: string;
  model: string;
  usage: ModelUsage;
  stopReason: string | null;
  toolCalls?: readonly ToolCallRecord[];
};

export const addUsage = (a: ModelUsage, b: ModelUsage): ModelUsage => ({
  inputTokens: a.inputTokens + b.inputTokens,
  outputTokens: a.outputTokens + b.outputTokens,
  cacheCreationTokens: a.cacheCreationTokens + b.cacheCreationTokens,
  cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
});
export const NO_USAGE: ModelUsage = { inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0 };

export type ModelProvider = {
  readonly kind: 'anthropic' | 'openai_compatible' | 'offline';
  complete(ctx: RequestContext, request: ModelRequest): Promise<ModelReply>;
  /** Streams the reply's text as it arrives; resolves with the whole reply and its final usage. */
  stream(ctx: RequestContext, request: ModelRequest, onText: (delta: string) => void): Promise<ModelReply>;
};

export const usageOf = (raw: {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}): ModelUsage => ({
  inputTokens: raw.input_tokens ?? 0,
  outputTokens: raw.output_tokens ?? 0,
  cacheCreationTokens: raw.cache_creation_input_tokens ?? 0,
  cacheReadTokens: raw.cache_read_input_tokens ?? 0,
});
