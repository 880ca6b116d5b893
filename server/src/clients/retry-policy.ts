// Retries for outbound calls: only idempotent calls are retried after a network failure or a
// transient 5xx, and any call after a 429 (the provider refused it, so nothing happened), waiting
// as long as Retry-After says, within bounds. Each attempt goes through the logged caller.

import type { ExternalCallResponse } from '#src/features/external-calls/external-caller';
import { AppError } from '#src/lib/app-error';

export type RetryPolicy = {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A longer Retry-After is not waited for: the caller gets `rate_limited` at once. */
  maxRetryAfterSeconds: number;
  sleep: (ms: number) => Promise<void>;
};

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
  maxRetryAfterSeconds: 30,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export const retryAfterSeconds = (headers: Headers): number | null => {
  const raw = headers.get('retry-after');
  if (!raw) {
    return null;
  }
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) {
    return Math.max(0, seconds);
  }
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
};

const backoff = (policy: RetryPolicy, attempt: number) =>
  Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);

export const sendWithRetries = async (
  attempt: () => Promise<ExternalCallResponse>,
  options: {
    idempotent: boolean;
    retryableStatuses: readonly number[];
    policy: RetryPolicy;
    /** A response the provider refused for load whatever its status (Autotask's thread threshold): like a 429. */
    refused?: (response: ExternalCallResponse) => boolean;
  },
): Promise<ExternalCallResponse> => {
  const { policy } = options;
  for (let n = 1; ; n += 1) {
    const last = n >= policy.maxAttempts;
    let response: ExternalCallResponse;
    try {
      response = await attempt();
    } catch (error) {
      if (options.idempotent && !last && error instanceof AppError && error.code === 'upstream_unavailable') {
        await policy.sleep(backoff(policy, n));
        continue;
      }
      throw error;
    }
    if ((response.status === 429 || options.refused?.(response)) && !last) {
      const wait = retryAfterSeconds(response.headers);
      if (wait !== null && wait > policy.maxRetryAfterSeconds) {
        return response;
      }
      await policy.sleep(wait !== null ? wait * 1000 : backoff(policy, n));
      continue;
    }
    if (options.idempotent && !last && options.retryableStatuses.includes(response.status)) {
      await policy.sleep(backoff(policy, n));
      continue;
    }
    return response;
  }
};
