// Issue 12: one job's watch, decided from its runs — pure, so the hourly sweep and the scenario
// tests run the same rules.
// - A schedule set by hand is used as it is. Otherwise it is learned (learn-schedule.ts); while
//   learning, or when the runs show no regular pattern, no misses are raised.
// - A learned schedule that stops fitting is noticed: when the last RELEARN_AFTER sessions are all
//   late or off-schedule, the job re-learns from the first of them on (older runs no longer vote),
//   raises no misses meanwhile, and shows the old schedule beside the new one once learned.
// - Paused checks raise nothing; slots before `watchFrom` (when checks resumed, or the schedule
//   was set) are never judged.
import { learnSchedule, sessionsOf } from './learn-schedule';
import { attributeRuns, missedSlots, type Schedule, slotsBetween, timesOfDay } from './schedule';

export const RELEARN_AFTER = 3;

export type WatchState = 'learning' | 'watching' | 'relearning' | 'irregular' | 'on_demand' | 'paused';

export type StoredWatch = {
  manual: Schedule | null;
  learned: Schedule | null;
  learnFrom: Date | null;
  previous: Schedule | null;
  changedAt: Date | null;
};

export type WatchInput = StoredWatch & {
  runs: readonly Date[];
  timeZone: string;
  graceMinutes: number;
  paused: boolean;
  watchFrom: Date;
  now: Date;
  /** Missed runs already recorded: a slot within 30 minutes of one is that one (a re-learned time moved). */
  alreadyMissed?: readonly Date[];
};

export type Watch = StoredWatch & {
  state: WatchState;
  schedule: Schedule | null;
  sessions: number;
  confidence: number | null;
  /** What learning still needs ("at least 5 runs over 7 days"), while learning. */
  needed: string | null;
  missed: Date[];
  /** Runs after their slot's grace window: the slot they belong to and by how much. */
  late: { run: Date; slot: Date; minutes: number }[];
};

const same = (a: Schedule | null, b: Schedule | null) => JSON.stringify(a) === JSON.stringify(b);

/** Minutes between two times of day, across midnight. */
const apart = (a: number, b: number) => Math.min(Math.abs(a - b), 1440 - Math.abs(a - b));

/**
 * Hysteresis: a newly learned schedule that only nudges the stored one (same days, each time
 * within 20 minutes) keeps the stored one, so slots — and the missed runs keyed by them — do not
 * wander with the median of the latest runs.
 */
export const sameShape = (stored: Schedule, fresh: Schedule) => {
  const { kind: _k1, ...restA } = stored as Schedule & { times?: string[]; anchor?: string };
  const { kind: _k2, ...restB } = fresh as Schedule & { times?: string[]; anchor?: string };
  if (stored.kind !== fresh.kind) {
    return false;
  }
  const a = timesOfDay(stored);
  const b = timesOfDay(fresh);
  const strip = (r: Record<string, unknown>) => JSON.stringify({ ...r, times: undefined, anchor: undefined });
  return strip(restA) === strip(restB) && a.length === b.length && a.every((m) => b.some((n) => apart(m, n) <= 20));
};

/** Runs that arrived after their slot's grace window, with the slot they belong to. */
export const lateRuns = (schedule: Schedule, timeZone: string, graceMinutes: number, runs: readonly Date[], from: Date, to: Date) => {
  const grace = graceMinutes * 60_000;
  const slots = slotsBetween(schedule, timeZone, new Date(from.getTime() - 2 * 86_400_000), to);
  const { bySlot } = attributeRuns(slots, runs, grace);
  return slots.flatMap((slot, i) =>
    (bySlot[i] as Date[])
      .filter((run) => run.getTime() > slot.getTime() + grace)
      .map((run) => ({ run, slot, minutes: Math.round((run.getTime() - slot.getTime()) / 60_000) })),
  );
};

/** Do the last sessions all miss the schedule (late, or belonging to no slot)? */
const stoppedFitting = (schedule: Schedule, timeZone: string, graceMinutes: number, sessions: Date[]) => {
  const recent = sessions.slice(-RELEARN_AFTER);
  if (recent.length < RELEARN_AFTER) {
    return null;
  }
  const grace = graceMinutes * 60_000;
  const from = new Date((recent[0] as Date).getTime() - 2 * 86_400_000);
  // Up to a grace window past the last session: a run a little early belongs to a later slot.
  const slots = slotsBetween(schedule, timeZone, from, new Date((recent.at(-1) as Date).getTime() + grace));
  const { bySlot } = attributeRuns(slots, recent, grace);
  const onTime = new Set(
    slots.flatMap((slot, i) => (bySlot[i] as Date[]).filter((run) => run.getTime() <= slot.getTime() + grace).map((run) => run.getTime())),
  );
  return recent.every((run) => !onTime.has(run.getTime())) ? (recent[0] as Date) : null;
};

export const watchJob = (input: WatchInput): Watch => {
  const base = {
    manual: input.manual,
    learned: input.learned,
    learnFrom: input.learnFrom,
    previous: input.previous,
    changedAt: input.changedAt,
  };
  const quiet = { missed: [] as Date[], late: [] as Watch['late'] };
  let schedule: Schedule | null = input.manual;
  const state: WatchState = 'watching';
  let sessions = sessionsOf(input.runs).length;
  let confidence: number | null = null;
  const next = { ...base };

  if (!input.manual) {
    // Re-learning runs from `learnFrom` until a schedule is learned again (`changedAt` after it).
    let learnFrom = input.learnFrom;
    let relearning = Boolean(learnFrom && (!input.changedAt || input.changedAt < learnFrom));
    const history = (from: Date | null) => (from ? input.runs.filter((r) => r >= from) : input.runs);
    if (input.learned && !relearning) {
      const drift = stoppedFitting(input.learned, input.timeZone, input.graceMinutes, sessionsOf(history(learnFrom)));
      if (drift) {
        learnFrom = drift;
        relearning = true;
        next.learnFrom = drift;
      }
    }
    const learned = learnSchedule(history(learnFrom), input.timeZone, input.graceMinutes);
    sessions = learned.sessions;
    if (relearning && input.learned) {
      if (learned.state !== 'learned') {
        return {
          ...next,
          ...quiet,
          state: 'relearning',
          schedule: input.learned,
          sessions,
          confidence: null,
          needed: learned.state === 'learning' ? learned.needed : 'runs that fit a new pattern',
        };
      }
      // Re-learning finished: the new schedule, with the old one kept to show what changed.
      next.previous = same(learned.schedule, input.learned) ? input.previous : input.learned;
      next.changedAt = input.now;
    }
    if (learned.state !== 'learned') {
      next.learned = null;
      return {
        ...next,
        ...quiet,
        state: learned.state,
        schedule: null,
        sessions,
        confidence: learned.state === 'irregular' ? learned.confidence : null,
        needed: learned.state === 'learning' ? learned.needed : null,
      };
    }
    const kept = input.learned && !relearning && sameShape(input.learned, learned.schedule) ? input.learned : learned.schedule;
    next.learned = kept;
    schedule = kept;
    confidence = learned.confidence;
  }
  if (!schedule || schedule.kind === 'on_demand') {
    return { ...next, ...quiet, state: 'on_demand', schedule, sessions, confidence, needed: null };
  }
  // Slots are judged from when watching began, or from where re-learning started.
  const since = new Date(Math.max(input.watchFrom.getTime(), next.learnFrom?.getTime() ?? 0));
  const late = lateRuns(schedule, input.timeZone, input.graceMinutes, input.runs, since, input.now);
  if (input.paused) {
    return { ...next, missed: [], late, state: 'paused', schedule, sessions, confidence, needed: null };
  }
  const recorded = input.alreadyMissed ?? [];
  const missed = missedSlots(schedule, input.timeZone, input.graceMinutes, input.runs, since, input.now).filter(
    (slot) => !recorded.some((m) => Math.abs(m.getTime() - slot.getTime()) <= 30 * 60_000),
  );
  return { ...next, missed, late, state, schedule, sessions, confidence, needed: null };
};
