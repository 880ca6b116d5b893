import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '#src/clients/retry-policy';

/** Real waits, capped, so tests that exercise retries stay quick. */
export const FAST_RETRIES: RetryPolicy = {
  ...DEFAULT_RETRY_POLICY,
  baseDelayMs: 5,
  maxDelayMs: 20,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50))),
};
