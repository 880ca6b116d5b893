// The prompt cache of the fake Messages API, as the real one behaves (shared/reference/llm-apis.md
// §2): the prompt is rendered tools → system → messages into blocks; a block marked with
// cache_control ends a cacheable prefix; a request reads the longest stored prefix that is
// byte-identical and still alive, writes the prefix up to its last breakpoint, and pays plain
// input for the rest. Prefixes below the model's minimum are neither written nor read.
import { createHash } from 'node:crypto';

export type CacheTtl = '5m' | '1h';
export type RenderedBlock = { canonical: string; tokens: number; breakpoint: CacheTtl | null };
export type CacheUsage = {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
};

/** The documented token rule of the fake: ceil(UTF-8 bytes / 4) per block plus 4 per block. */
export const BLOCK_OVERHEAD_TOKENS = 4;
export const countTokens = (text: string) => Math.ceil(Buffer.byteLength(text, 'utf8') / 4) + BLOCK_OVERHEAD_TOKENS;

const TTL_MS: Record<CacheTtl, number> = { '5m': 5 * 60_000, '1h': 60 * 60_000 };
const LOOKBACK_BLOCKS = 20;

/** Minimum cacheable prefix per model (prefix match on the model name); configurable per fake. */
export const DEFAULT_CACHE_MINIMUMS: [prefix: string, tokens: number][] = [
  ['claude-haiku-4-5', 4096],
  ['claude-opus-4-6', 4096],
  ['claude-opus-4-5', 4096],
  ['claude-opus-5', 512],
  ['', 1024],
];

type Json = Record<string, unknown>;
const withoutCacheControl = (value: unknown): unknown => {
  if (Array.isArray(value)) {
    return value.map(withoutCacheControl);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Json)
        .filter(([k]) => k !== 'cache_control')
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, withoutCacheControl(v)]),
    );
  }
  return value;
};
const ttlOf = (block: unknown): CacheTtl | null => {
  const mark = (block as { cache_control?: { type?: string; ttl?: CacheTtl } | null })?.cache_control;
  return mark && mark.type === 'ephemeral' ? (mark.ttl ?? '5m') : null;
};
const textOf = (block: Json): string => (typeof block.text === 'string' ? block.text : JSON.stringify(withoutCacheControl(block)));

export class PromptRuleError extends Error {}

/** Renders a request into blocks in prompt order; throws PromptRuleError on a breakpoint the API refuses. */
export const renderPrompt = (body: { tools?: unknown[]; system?: unknown; messages?: unknown[] }): RenderedBlock[] => {
  const blocks: RenderedBlock[] = [];
  const push = (block: Json, role: string) => {
    const breakpoint = ttlOf(block);
    if (breakpoint && block.type === 'text' && !(block.text as string)) {
      throw new PromptRuleError('cache_control cannot be set for empty text blocks');
    }
    blocks.push({ canonical: `${role}:${JSON.stringify(withoutCacheControl(block))}`, tokens: countTokens(textOf(block)), breakpoint });
  };
  for (const tool of body.tools ?? []) {
    push(tool as Json, 'tool');
  }
  if (typeof body.system === 'string') {
    push({ type: 'text', text: body.system }, 'system');
  } else if (Array.isArray(body.system)) {
    for (const block of body.system) {
      push(block as Json, 'system');
    }
  }
  for (const message of (body.messages ?? []) as { role: string; content: unknown }[]) {
    const content = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : (message.content as Json[]);
    for (const block of content ?? []) {
      push(block, message.role);
    }
  }
  const marks = blocks.filter((b) => b.breakpoint).length;
  if (marks > 4) {
    throw new PromptRuleError(`A maximum of 4 blocks with cache_control may be provided. Found ${marks}.`);
  }
  return blocks;
};

export const createPromptCache = (options: { now: () => number; minimums?: [string, number][] }) => {
  const entries = new Map<string, { expiresAt: number; ttl: CacheTtl }>();
  const minimums = options.minimums ?? DEFAULT_CACHE_MINIMUMS;
  const minimumFor = (model: string) => minimums.find(([prefix]) => model.startsWith(prefix))?.[1] ?? 1024;

  return {
    minimumFor,
    clear: () => entries.clear(),
    size: () => entries.size,

    /** Reads and writes the cache for one request and returns the usage split. */
    use(model: string, blocks: RenderedBlock[]): CacheUsage {
      const now = options.now();
      const total = blocks.reduce((sum, b) => sum + b.tokens, 0);
      const minimum = minimumFor(model);
      const hash = createHash('sha256').update(model);
      const keys: string[] = [];
      const prefixTokens: number[] = [];
      let running = 0;
      for (const block of blocks) {
        hash.update('\u0000').update(block.canonical);
        keys.push(hash.copy().digest('hex'));
        running += block.tokens;
        prefixTokens.push(running);
      }
      const breakpoints = blocks.flatMap((b, i) => (b.breakpoint ? [i] : []));
      const last = breakpoints[breakpoints.length - 1];
      // A read: the longest alive prefix ending at or before a breakpoint, within the lookback window.
      let readEnd = -1;
      for (const bp of [...breakpoints].reverse()) {
        for (let i = bp; i >= Math.max(0, bp - LOOKBACK_BLOCKS); i -= 1) {
          const entry = entries.get(keys[i] as string);
          if (entry && entry.expiresAt > now) {
            readEnd = i;
            entry.expiresAt = now + TTL_MS[entry.ttl];
            break;
          }
        }
        if (readEnd >= 0) {
          break;
        }
      }
      const read = readEnd >= 0 ? (prefixTokens[readEnd] as number) : 0;
      const written = { '5m': 0, '1h': 0 };
      if (last !== undefined && last > readEnd && (prefixTokens[last] as number) >= minimum) {
        let from = read;
        for (const bp of breakpoints.filter((b) => b > readEnd)) {
          const ttl = blocks[bp]?.breakpoint as CacheTtl;
          entries.set(keys[bp] as string, { expiresAt: now + TTL_MS[ttl], ttl });
          written[ttl] += (prefixTokens[bp] as number) - from;
          from = prefixTokens[bp] as number;
        }
      }
      const creation = written['5m'] + written['1h'];
      return {
        input_tokens: total - read - creation,
        cache_creation_input_tokens: creation,
        cache_read_input_tokens: read,
        cache_creation: { ephemeral_5m_input_tokens: written['5m'], ephemeral_1h_input_tokens: written['1h'] },
      };
    },
  };
};

export type PromptCache = ReturnType<typeof createPromptCache>;
