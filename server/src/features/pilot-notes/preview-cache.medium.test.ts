// P5.4 / N2: both preview cache backends keep what they are given; the LRU drops the least
// recently used entry; the Redis one is shared by every node (a second client sees the entry).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryPreviewCache, createRedisPreviewCache, previewKey } from './preview-cache';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('the preview cache', () => {
  it('in memory keeps the most recently used entries', async () => {
    const cache = createMemoryPreviewCache(2);
    await cache.set('a', '1');
    await cache.set('b', '2');
    expect(await cache.get('a')).toBe('1');
    await cache.set('c', '3');
    expect(await cache.get('b')).toBeNull();
    expect(await cache.get('a')).toBe('1');
    expect(await cache.get('c')).toBe('3');
  });

  it('in Redis is shared between nodes and keyed by session, state version and kind', async () => {
    const nodeA = createRedisPreviewCache(REDIS_URL);
    const nodeB = createRedisPreviewCache(REDIS_URL);
    try {
      const key = previewKey(randomUUID(), 3, 'resolution_note');
      expect(key).toMatch(/^flightdeck:preview:[0-9a-f-]{36}:3:resolution_note$/);
      expect(await nodeB.get(key)).toBeNull();
      await nodeA.set(key, '## Problem\nShared');
      expect(await nodeB.get(key)).toBe('## Problem\nShared');
    } finally {
      await nodeA.close();
      await nodeB.close();
    }
  });
});
