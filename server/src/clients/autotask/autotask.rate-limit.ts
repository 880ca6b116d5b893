// Autotask's limits, kept on our side so we never trip them: Autotask allows 3 concurrent requests
// per (integration × entity endpoint), ThresholdInformation included (it is not exempt); we use 2,
// leaving one thread of headroom for a second process with the same integration code (a restart,
// another node) — and an hourly request budget shared by every integration of
// the tenant, read from ThresholdInformation and kept up to date by counting our own calls.
// Reading the threshold costs a request itself, so it is read once we have made a few calls this
// hour (or Autotask has throttled us), then refreshed every few minutes while we keep calling.
import { AppError } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import type { AutotaskThreshold } from './autotask.types';

export type AutotaskRateLimiterOptions = {
  concurrencyPerEndpoint?: number;
  /** Share of the hourly threshold left for the tenant's other integrations. */
  reserveRatio?: number;
  /** How long a ThresholdInformation reading is trusted before it is read again. */
  readingTtlMs?: number;
  /** Our own calls in the last hour before the first reading is worth its cost. */
  readAfterCalls?: number;
  clock: Clock;
};

export const createAutotaskRateLimiter = (options: AutotaskRateLimiterOptions) => {
  const concurrency = options.concurrencyPerEndpoint ?? 2;
  const reserveRatio = options.reserveRatio ?? 0.1;
  const readingTtlMs = options.readingTtlMs ?? 10 * 60_000;
  const readAfterCalls = options.readAfterCalls ?? 25;
  const slots = new Map<string, { active: number; waiting: (() => void)[] }>();
  const ownCalls: number[] = [];
  let reading: { threshold: number; used: number; at: number } | null = null;
  let throttled = false;
  const now = () => options.clock.now().getTime();
  const callsThisHour = () => {
    while (ownCalls.length && (ownCalls[0] as number) <= now() - 3_600_000) {
      ownCalls.shift();
    }
    return ownCalls.length;
  };

  const acquire = async (endpoint: string) => {
    let slot = slots.get(endpoint);
    if (!slot) {
      slot = { active: 0, waiting: [] };
      slots.set(endpoint, slot);
    }
    if (slot.active >= concurrency) {
      await new Promise<void>((resolve) => slot.waiting.push(resolve));
    }
    slot.active += 1;
    return () => {
      slot.active -= 1;
      slot.waiting.shift()?.();
    };
  };

  return {
    /** Runs `work` holding one of the endpoint's concurrency slots. */
    async withSlot<T>(endpoint: string, work: () => Promise<T>): Promise<T> {
      const release = await acquire(endpoint.toLowerCase());
      try {
        return await work();
      } finally {
        release();
      }
    },
    needsReading: () => throttled || (reading ? now() - reading.at > readingTtlMs : callsThisHour() >= readAfterCalls),
    recordReading(threshold: AutotaskThreshold) {
      throttled = false;
      reading = { threshold: threshold.externalRequestThreshold, used: threshold.currentTimeframeRequestCount, at: now() };
    },
    /** Autotask answered 429: read the threshold before the next call. */
    markThrottled() {
      throttled = true;
    },
    /** Counts one of our calls against the budget, or refuses it when the budget is spent. */
    spend() {
      ownCalls.push(now());
      if (!reading) {
        return;
      }
      const allowed = Math.floor(reading.threshold * (1 - reserveRatio));
      if (reading.used >= allowed) {
        throw new AppError(
          'rate_limited',
          `Autotask hourly request budget reached (${reading.used} of ${reading.threshold}; ${Math.round(reserveRatio * 100)}% is kept for other integrations). Try again later.`,
          { provider: 'autotask', retryAfterSeconds: 300 },
        );
      }
      reading.used += 1;
    },
  };
};

export type AutotaskRateLimiter = ReturnType<typeof createAutotaskRateLimiter>;
