import { describe, expect, it } from 'vitest';
import { createLoginRateLimiter } from './login-rate-limiter';

describe('login rate limiter', () => {
  const clockAt = (start: number) => {
    let now = start;
    return { clock: { now: () => new Date(now) }, advance: (ms: number) => (now += ms) };
  };

  it('allows ten failures a minute and blocks the eleventh attempt until the window moves on', () => {
    const { clock, advance } = clockAt(0);
    const limiter = createLoginRateLimiter(clock, { maxFailures: 10, windowMs: 60_000 });
    for (let i = 0; i < 10; i++) {
      expect(limiter.retryAfterSeconds('a@b.test')).toBe(0);
      limiter.recordFailure('a@b.test');
      advance(1_000);
    }
    expect(limiter.retryAfterSeconds('a@b.test')).toBe(50);
    expect(limiter.retryAfterSeconds('other@b.test')).toBe(0);
    advance(50_000);
    expect(limiter.retryAfterSeconds('a@b.test')).toBe(0);
  });

  it('forgets failures after a reset', () => {
    const { clock } = clockAt(0);
    const limiter = createLoginRateLimiter(clock, { maxFailures: 1, windowMs: 60_000 });
    limiter.recordFailure('k');
    expect(limiter.retryAfterSeconds('k')).toBeGreaterThan(0);
    limiter.reset('k');
    expect(limiter.retryAfterSeconds('k')).toBe(0);
  });
});
