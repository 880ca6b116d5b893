import { describe, expect, it } from 'vitest';
import { cacheMinimumFor, DEFAULT_CACHE_MINIMUM } from './cache-minimums';

describe('per-model cache minimums (issue 18)', () => {
  it('reads the table by the longest prefix, an override first, and a default for unknown models', () => {
    expect(cacheMinimumFor('claude-haiku-4-5-20251001', '')).toBe(4096);
    expect(cacheMinimumFor('claude-opus-5', '')).toBe(512);
    expect(cacheMinimumFor('claude-sonnet-4-6', '')).toBe(1024);
    expect(cacheMinimumFor('claude-sonnet-4-6', 'claude-sonnet-4-6=2048')).toBe(2048);
    expect(cacheMinimumFor('claude-sonnet-5-5', 'garbage, =12,x=y')).toBe(1024);
    expect(cacheMinimumFor('some-future-model', '')).toBe(DEFAULT_CACHE_MINIMUM);
  });
});
