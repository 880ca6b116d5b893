import { describe, expect, it } from 'vitest';
import { createAutotaskRateLimiter } from './autotask.rate-limit';

const clockAt = (start = Date.parse('2026-11-22T10:00:00Z')) => {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
};

describe('Autotask rate limiter', () => {
  it("keeps at most three requests in flight per endpoint, Autotask's thread limit", async () => {
    const limiter = createAutotaskRateLimiter({ clock: clockAt() });
    let running = 0;
    let peak = 0;
    const work = () =>
      limiter.withSlot('Tickets', async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
      });
    await Promise.all([...Array.from({ length: 10 }, work), limiter.withSlot('Companies', async () => {})]);
    expect(peak).toBe(3);
  });

  it('reads the threshold only after a few calls, then refreshes it when stale', () => {
    const clock = clockAt();
    const limiter = createAutotaskRateLimiter({ clock, readAfterCalls: 3, readingTtlMs: 60_000 });
    limiter.spend();
    limiter.spend();
    expect(limiter.needsReading()).toBe(false);
    limiter.spend();
    expect(limiter.needsReading()).toBe(true);
    limiter.recordReading({ externalRequestThreshold: 10_000, requestThresholdTimeframe: 60, currentTimeframeRequestCount: 10 });
    expect(limiter.needsReading()).toBe(false);
    clock.advance(61_000);
    expect(limiter.needsReading()).toBe(true);
  });

  it('reads again at once after Autotask throttled us', () => {
    const limiter = createAutotaskRateLimiter({ clock: clockAt() });
    expect(limiter.needsReading()).toBe(false);
    limiter.markThrottled();
    expect(limiter.needsReading()).toBe(true);
  });

  it('refuses calls once the budget, less the reserve for other integrations, is spent', () => {
    const limiter = createAutotaskRateLimiter({ clock: clockAt(), reserveRatio: 0.1 });
    limiter.recordReading({ externalRequestThreshold: 100, requestThresholdTimeframe: 60, currentTimeframeRequestCount: 88 });
    limiter.spend();
    limiter.spend();
    expect(() => limiter.spend()).toThrow(expect.objectContaining({ code: 'rate_limited' }));
  });
});
