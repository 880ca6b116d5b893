// Failed logins per key (e-mail, and client address) in a sliding window. In memory: with several
// nodes each node limits on its own, which still caps guessing at nodes × limit per window.
import type { Clock } from '#src/lib/clock';

export type LoginRateLimiter = {
  /** Seconds until the key may try again, or 0 when it may try now. */
  retryAfterSeconds(key: string): number;
  recordFailure(key: string): void;
  reset(key: string): void;
};

export const createLoginRateLimiter = (clock: Clock, options: { maxFailures: number; windowMs: number }): LoginRateLimiter => {
  const failures = new Map<string, number[]>();
  const recent = (key: string) => {
    const cutoff = clock.now().getTime() - options.windowMs;
    const kept = (failures.get(key) ?? []).filter((t) => t > cutoff);
    if (kept.length) {
      failures.set(key, kept);
    } else {
      failures.delete(key);
    }
    return kept;
  };
  return {
    retryAfterSeconds(key) {
      const kept = recent(key);
      if (kept.length < options.maxFailures) {
        return 0;
      }
      const oldest = kept[kept.length - options.maxFailures] as number;
      return Math.max(1, Math.ceil((oldest + options.windowMs - clock.now().getTime()) / 1000));
    },
    recordFailure(key) {
      failures.set(key, [...recent(key), clock.now().getTime()]);
    },
    reset(key) {
      failures.delete(key);
    },
  };
};
