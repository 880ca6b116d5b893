// Autotask's limits, kept on our side so we never trip them: Autotask allows 3 concurrent requests
// per (integration × entity endpoint), ThresholdInformation included (it is not exempt). The
// count lives in a slot pool shared by every node (autotask.call-slots.ts, issue 14), so all three
// are ours to use. And an hourly request budget shared by every integration of the tenant, read
// from ThresholdInformation (Autotask counts every node's calls there) and kept up to date by
// counting our own calls. Reading the threshold costs a request itself, so it is read once we
// have made a few calls this hour (or Autotask has throttled us), then refreshed every few minutes
// while we keep calling.
import { AppError } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import { type CallSlots, createLocalCallSlots } from './autotask.call-slots';
import type { AutotaskThreshold } from './autotask.types';

export type AutotaskRateLimiterOptions = {
  /** Where concurrent calls are counted (default: in this process, three per endpoint). */
  slots?: CallSlots;
  /** Which integration the slots are counted for (the endpoint is added). */
  slotKey?: string;
  /** Share of the hourly threshold left for the tenant's other integrations. */
  reserveRatio?: number;
  /** How long a ThresholdInformation reading is trusted before it is read again. */
  readingTtlMs?: number;
  /** Our own calls in the last hour before the first reading is worth its cost. */
  readAfterCalls?: number;
  clock: Clock;
};

export const createAutotaskRateLimiter = (options: AutotaskRateLimiterOptions) => {
  const slots = options.slots ?? createLocalCallSlots();
  const slotKey = options.slotKey ?? '';
  const reserveRatio = options.reserveRatio ?? 0.1;
  const readingTtlMs = options.readingTtlMs ?? 10 * 60_000;
  const readAfterCalls = options.readAfterCalls ?? 25;
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

  return {
    /** Runs `work` holding one of the endpoint's concurrency slots. */
    async withSlot<T>(endpoint: string, work: () => Promise<T>): Promise<T> {
      const release = await slots.acquire(`${slotKey}|${endpoint.toLowerCase()}`);
      try {
        return await work();
      } finally {
        await release();
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
