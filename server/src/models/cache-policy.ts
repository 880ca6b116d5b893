// P0.2 caching policy α for Anthropic system prompts: a string stays a string (uncached); a list of
// blocks keeps the caller's cache marks exactly; a list without marks gets one mark on its first
// block — the stable instructions every call repeats. (Top-level "automatic caching" would mark
// the last block instead, which is not this policy.)
import { AppError } from '#src/lib/app-error';
import type { SystemPrompt } from './model-provider';

export type WireTextBlock = { type: 'text'; text: string; cache_control?: { type: 'ephemeral'; ttl?: '5m' | '1h' } };

/** The API refuses more than four breakpoints per request. */
export const MAX_CACHE_BREAKPOINTS = 4;

export const systemForWire = (system: SystemPrompt): string | WireTextBlock[] => {
  if (typeof system === 'string') {
    return system;
  }
  const callerMarked = system.some((block) => block.cache);
  const blocks = system.map((block, index): WireTextBlock => {
    const mark = callerMarked ? block.cache : index === 0 ? {} : undefined;
    return mark
      ? { type: 'text', text: block.text, cache_control: { type: 'ephemeral', ...(mark.ttl && { ttl: mark.ttl }) } }
      : { type: 'text', text: block.text };
  });
  const marked = blocks.filter((b) => b.cache_control);
  if (marked.length > MAX_CACHE_BREAKPOINTS) {
    throw new AppError('internal', `A system prompt may mark at most ${MAX_CACHE_BREAKPOINTS} blocks for caching (found ${marked.length})`);
  }
  if (marked.some((b) => !b.text)) {
    throw new AppError('internal', 'An empty system block cannot be marked for caching');
  }
  return blocks;
};

export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
export type WireImageBlock = { type: 'image'; source: { type: 'base64'; media_type: ImageMediaType; data: string } };
export type WireMessage = { role: 'user' | 'assistant'; content: string | (WireTextBlock | WireImageBlock)[] };

/**
 * Messages for the wire: a turn the caller marked becomes a text block with cache_control (a
 * breakpoint on the conversation so far). Together with the system's marks, at most four.
 */
export const messagesForWire = (
  messages: readonly {
    role: 'user' | 'assistant';
    content: string;
    cache?: { ttl?: '5m' | '1h' };
    images?: readonly { mediaType: string; data: string }[];
  }[],
  systemBreakpoints: number,
): WireMessage[] => {
  const marked = messages.filter((m) => m.cache).length;
  if (systemBreakpoints + marked > MAX_CACHE_BREAKPOINTS) {
    throw new AppError(
      'internal',
      `A request may mark at most ${MAX_CACHE_BREAKPOINTS} blocks for caching (found ${systemBreakpoints + marked})`,
    );
  }
  return messages.map((m): WireMessage => {
    const images: WireImageBlock[] = (m.images ?? []).map((i) => ({
      type: 'image',
      source: { type: 'base64', media_type: i.mediaType as ImageMediaType, data: i.data },
    }));
    const text: WireTextBlock =
      m.cache && m.content
        ? { type: 'text', text: m.content, cache_control: { type: 'ephemeral', ...(m.cache.ttl && { ttl: m.cache.ttl }) } }
        : { type: 'text', text: m.content };
    // Images first, then the words about them (as the Messages API docs show it).
    return images.length || text.cache_control ? { role: m.role, content: [...images, text] } : { role: m.role, content: m.content };
  });
};
