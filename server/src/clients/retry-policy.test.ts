import { describe, expect, it } from 'vitest';
import type { ExternalCallResponse } from '#src/features/external-calls/external-caller';
import { AppError } from '#src/lib/app-error';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, sendWithRetries } from './retry-policy';

const response = (status: number, headers: Record<string, string> = {}): ExternalCallResponse => ({
  status,
  headers: new Headers(headers),
  body: null,
  durationMs: 1,
});

/** A strict script of answers: an unexpected extra attempt fails the test. */
const scripted = (...answers: (ExternalCallResponse | Error)[]) => {
  let calls = 0;
  const attempt = async () => {
    const answer = answers[calls++];
    if (!answer) {
      throw new Error(`unexpected attempt ${calls}`);
    }
    if (answer instanceof Error) {
      throw answer;
    }
    return answer;
  };
  return { attempt, calls: () => calls };
};

const sleeps: number[] = [];
const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, sleep: async (ms) => void sleeps.push(ms) };
const down = () => new AppError('upstream_unavailable', 'connection reset');

describe('sendWithRetries', () => {
  it('retries an idempotent call after a network failure and a gateway error', async () => {
    const s = scripted(down(), response(503), response(200));
    expect((await sendWithRetries(s.attempt, { idempotent: true, retryableStatuses: [503], policy })).status).toBe(200);
    expect(s.calls()).toBe(3);
  });

  it('never retries a create after a network failure: it may have happened', async () => {
    const s = scripted(down());
    await expect(sendWithRetries(s.attempt, { idempotent: false, retryableStatuses: [503], policy })).rejects.toMatchObject({
      code: 'upstream_unavailable',
    });
    expect(s.calls()).toBe(1);
  });

  it('retries any call after a 429, waiting as long as Retry-After says', async () => {
    sleeps.length = 0;
    const s = scripted(response(429, { 'retry-after': '2' }), response(201));
    expect((await sendWithRetries(s.attempt, { idempotent: false, retryableStatuses: [], policy })).status).toBe(201);
    expect(sleeps).toEqual([2000]);
  });

  it('hands back a 429 whose Retry-After is too long to wait for', async () => {
    const s = scripted(response(429, { 'retry-after': '600' }));
    expect((await sendWithRetries(s.attempt, { idempotent: true, retryableStatuses: [], policy })).status).toBe(429);
  });

  it('stops after the last attempt', async () => {
    const s = scripted(response(503), response(503), response(503), response(503));
    expect((await sendWithRetries(s.attempt, { idempotent: true, retryableStatuses: [503], policy })).status).toBe(503);
    expect(s.calls()).toBe(4);
  });
});
