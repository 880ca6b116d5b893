// B2.4: a job's expected schedule and the slots it implies, in the job's own timezone. A slot's
// deadline is its time plus the grace window; a run counts for the first slot whose deadline it
// meets after the previous deadline passed, so an early report satisfies its slot.
import { z } from 'zod';

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm');
export const Schedule = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('daily'), time: Time }),
  z.strictObject({ kind: z.literal('weekly'), days: z.array(z.number().int().min(1).max(7)).min(1).max(7), time: Time }),
  z.strictObject({ kind: z.literal('monthly'), dates: z.array(z.number().int().min(1).max(31)).min(1).max(31), time: Time }),
]);
export type Schedule = z.infer<typeof Schedule>;

type LocalParts = { year: number; month: number; day: number; hour: number; minute: number; weekday: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatter = (timeZone: string) => {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
};
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export const isValidTimeZone = (timeZone: string) => {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
};

/** The wall clock in a timezone at an instant. */
export const localParts = (at: Date, timeZone: string): LocalParts => {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: WEEKDAYS.indexOf(parts.weekday as string) + 1,
  };
};

const offsetMs = (at: Date, timeZone: string) => {
  const p = localParts(at, timeZone);
  const seconds = at.getUTCSeconds();
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, seconds) - (at.getTime() - at.getUTCMilliseconds());
};

/**
 * The instant of a local date and time. In the autumn overlap the first occurrence is used; a
 * time skipped by the spring change moves forward by the gap (02:30 → 03:30), as cron does.
 */
export const zonedInstant = (year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date => {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // The offsets in force a day before and a day after cover both sides of any change that day.
  const before = asUtc - offsetMs(new Date(asUtc - 86_400_000), timeZone);
  const after = asUtc - offsetMs(new Date(asUtc + 86_400_000), timeZone);
  const matching = [before, after].filter((t) => {
    const p = localParts(new Date(t), timeZone);
    return p.day === day && p.hour === hour && p.minute === minute;
  });
  // Skipped by the spring change: the old offset lands past the gap.
  return new Date(matching.length ? Math.min(...matching) : before);
};

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Slot times from `from` to `to` (inclusive), oldest first. */
export const slotsBetween = (schedule: Schedule, timeZone: string, from: Date, to: Date): Date[] => {
  const [hour, minute] = schedule.time.split(':').map(Number) as [number, number];
  const slots: Date[] = [];
  const start = localParts(new Date(from.getTime() - 86_400_000), timeZone);
  let cursor = Date.UTC(start.year, start.month - 1, start.day);
  const end = to.getTime() + 86_400_000;
  while (cursor <= end) {
    const date = new Date(cursor);
    const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    const weekday = ((date.getUTCDay() + 6) % 7) + 1;
    const due =
      schedule.kind === 'daily' ||
      (schedule.kind === 'weekly' && schedule.days.includes(weekday)) ||
      // A date the month lacks (the 31st in November) falls on its last day.
      (schedule.kind === 'monthly' && schedule.dates.some((want) => Math.min(want, daysInMonth(y, m)) === d));
    if (due) {
      const slot = zonedInstant(y, m, d, hour, minute, timeZone);
      if (slot >= from && slot <= to) {
        slots.push(slot);
      }
    }
    cursor += 86_400_000;
  }
  return slots;
};

/**
 * Slots whose deadline (slot + grace) passed by `now` with no run in their window. `runs` are run
 * times; `since` is when watching began (no slot before it is judged).
 */
export const missedSlots = (
  schedule: Schedule,
  timeZone: string,
  graceMinutes: number,
  runs: readonly Date[],
  since: Date,
  now: Date,
): Date[] => {
  const grace = graceMinutes * 60_000;
  const lookbehind = new Date(since.getTime() - 40 * 86_400_000);
  const slots = slotsBetween(schedule, timeZone, lookbehind, new Date(now.getTime() - grace));
  const times = runs.map((r) => r.getTime()).sort((a, b) => a - b);
  const missed: Date[] = [];
  slots.forEach((slot, index) => {
    if (slot < since) {
      return;
    }
    const windowStart = index > 0 ? (slots[index - 1] as Date).getTime() + grace : slot.getTime() - 86_400_000 * 31;
    const deadline = slot.getTime() + grace;
    if (!times.some((t) => t > windowStart && t <= deadline)) {
      missed.push(slot);
    }
  });
  return missed;
};
