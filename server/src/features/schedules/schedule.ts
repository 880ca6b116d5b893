// B2.4 / issue 12: a job's expected schedule and the slots it implies, in the job's own timezone.
// The model holds what backup products do: several fixed times a day, every N hours from an
// anchor, chosen weekdays, monthly on dates or on the last day, and jobs that only run when
// triggered (no slots, so no misses). Slots are wall-clock times: a time skipped by the spring
// change moves forward by the gap (02:30 → 03:30, as cron does) and a time repeated in autumn
// counts once, at its first occurrence.
import { z } from 'zod';

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm');
const Times = z.array(Time).min(1).max(48);

export const Schedule = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('daily'), times: Times }),
  z.strictObject({ kind: z.literal('weekly'), days: z.array(z.number().int().min(1).max(7)).min(1).max(7), times: Times }),
  z.strictObject({ kind: z.literal('interval'), everyHours: z.number().int().min(1).max(23), anchor: Time }),
  z.strictObject({
    kind: z.literal('monthly'),
    dates: z.array(z.number().int().min(1).max(31)).max(31),
    lastDay: z.boolean(),
    times: Times,
  }),
  z.strictObject({ kind: z.literal('on_demand') }),
]);
export type Schedule = z.infer<typeof Schedule>;

/** A schedule as stored: one written before issue 12 had one `time`, which reads as a one-time list. */
export const parseStoredSchedule = (value: unknown): Schedule | null => {
  const v = value as { time?: unknown; times?: unknown } | null;
  const upgraded =
    v && typeof v === 'object' && typeof v.time === 'string' && v.times === undefined
      ? {
          ...Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'time')),
          times: [v.time],
          ...((v as { kind?: string }).kind === 'monthly' && { lastDay: false }),
        }
      : value;
  return Schedule.safeParse(upgraded).data ?? null;
};

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
const partsCache = new Map<string, LocalParts>();

export const localParts = (at: Date, timeZone: string): LocalParts => {
  const key = `${timeZone}|${at.getTime()}`;
  const known = partsCache.get(key);
  if (known) {
    return known;
  }
  if (partsCache.size > 200_000) {
    partsCache.clear();
  }
  const computed = computeLocalParts(at, timeZone);
  partsCache.set(key, computed);
  return computed;
};

/** The calendar day in a timezone at an instant, as YYYY-MM-DD. */
export const localDate = (at: Date, timeZone: string) => {
  const { year, month, day } = localParts(at, timeZone);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};

const computeLocalParts = (at: Date, timeZone: string): LocalParts => {
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
const instants = new Map<string, number>();

export const zonedInstant = (year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date => {
  // Memoised: the sweep lays the same slots for every job every hour, and Intl is the cost.
  const key = `${timeZone}|${year}-${month}-${day}|${hour}:${minute}`;
  const known = instants.get(key);
  if (known !== undefined) {
    return new Date(known);
  }
  if (instants.size > 200_000) {
    instants.clear();
  }
  const at = computeZonedInstant(year, month, day, hour, minute, timeZone);
  instants.set(key, at.getTime());
  return at;
};

const computeZonedInstant = (year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date => {
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
const minutesOf = (time: string) => {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/** The local times of day a schedule runs at, in minutes after midnight, sorted. */
export const timesOfDay = (schedule: Schedule): number[] => {
  if (schedule.kind === 'on_demand') {
    return [];
  }
  if (schedule.kind === 'interval') {
    // Every N hours from the anchor, restarting at the anchor each day (a daily trigger that
    // repeats); for N dividing 24 that is the same as running around the clock.
    const anchor = minutesOf(schedule.anchor);
    const out: number[] = [];
    for (let m = anchor % (schedule.everyHours * 60); m < 1440; m += schedule.everyHours * 60) {
      out.push(m);
    }
    return out;
  }
  return [...new Set(schedule.times.map(minutesOf))].sort((a, b) => a - b);
};

const isDue = (schedule: Schedule, y: number, m: number, d: number, weekday: number) => {
  switch (schedule.kind) {
    case 'daily':
    case 'interval':
      return true;
    case 'weekly':
      return schedule.days.includes(weekday);
    case 'monthly':
      // A date the month lacks (the 31st in November) falls on its last day.
      return (schedule.lastDay && d === daysInMonth(y, m)) || schedule.dates.some((want) => Math.min(want, daysInMonth(y, m)) === d);
    default:
      return false;
  }
};

/** Slot times from `from` to `to` (inclusive), oldest first. */
export const slotsBetween = (schedule: Schedule, timeZone: string, from: Date, to: Date): Date[] => {
  const times = timesOfDay(schedule);
  if (times.length === 0) {
    return [];
  }
  const slots: Date[] = [];
  const start = localParts(new Date(from.getTime() - 86_400_000), timeZone);
  let cursor = Date.UTC(start.year, start.month - 1, start.day);
  const end = to.getTime() + 86_400_000;
  while (cursor <= end) {
    const date = new Date(cursor);
    const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    const weekday = ((date.getUTCDay() + 6) % 7) + 1;
    if (isDue(schedule, y, m, d, weekday)) {
      for (const minutes of times) {
        const slot = zonedInstant(y, m, d, Math.floor(minutes / 60), minutes % 60, timeZone);
        // Two times folded onto one instant (02:30 and 03:30 on the spring night) are one slot.
        if (slot >= from && slot <= to && slots.at(-1)?.getTime() !== slot.getTime()) {
          slots.push(slot);
        }
      }
    }
    cursor += 86_400_000;
  }
  return slots;
};

/** The first slot after `after`, or null (an on-demand job, or none within ~13 months). */
export const nextSlot = (schedule: Schedule, timeZone: string, after: Date): Date | null => {
  for (const horizon of [2, 35, 400]) {
    const found = slotsBetween(schedule, timeZone, new Date(after.getTime() + 1), new Date(after.getTime() + horizon * 86_400_000));
    if (found.length) {
      return found[0] as Date;
    }
  }
  return null;
};

/**
 * How long after its slot a run still belongs to it (when no later slot comes first): a run that
 * much late is a late run of that slot; later than that it is an unscheduled run.
 */
export const LATE_LIMIT_MS = 12 * 3_600_000;

export type Attribution = {
  /** Per slot (same order as the slots), the runs that belong to it. */
  bySlot: Date[][];
  /** Runs that belong to no slot (manual runs at odd times, runs of a schedule that moved). */
  unscheduled: Date[];
};

/**
 * Which slot each run belongs to: the nearest slot at or before it, counting a run up to the early
 * tolerance before its slot (the grace window, at most half the gap to the previous slot) as on
 * time for it — never a later slot. A run belongs to its slot until the next slot's early window
 * opens, or LATE_LIMIT_MS (or the grace window, if longer) after the slot, whichever comes first.
 * Several runs in one slot (retries, a manual re-run) all belong to it; the slot counts once.
 */
export const attributeRuns = (slots: readonly Date[], runs: readonly Date[], graceMs: number): Attribution => {
  const early = slots.map((slot, i) => Math.min(graceMs, i > 0 ? (slot.getTime() - (slots[i - 1] as Date).getTime()) / 2 : graceMs));
  const bySlot: Date[][] = slots.map(() => []);
  const unscheduled: Date[] = [];
  const sorted = [...runs].sort((a, b) => a.getTime() - b.getTime());
  let i = 0;
  for (const run of sorted) {
    const t = run.getTime();
    // Advance to the last slot whose early window has opened by t.
    while (i + 1 < slots.length && (slots[i + 1] as Date).getTime() - (early[i + 1] as number) <= t) {
      i += 1;
    }
    const slot = slots[i];
    if (!slot || t < slot.getTime() - (early[i] as number)) {
      unscheduled.push(run);
      continue;
    }
    const limit = slot.getTime() + Math.max(graceMs, LATE_LIMIT_MS);
    const nextOpens = i + 1 < slots.length ? (slots[i + 1] as Date).getTime() - (early[i + 1] as number) : Number.POSITIVE_INFINITY;
    if (t < Math.min(limit, nextOpens)) {
      (bySlot[i] as Date[]).push(run);
    } else {
      unscheduled.push(run);
    }
  }
  return { bySlot, unscheduled };
};

/**
 * Slots whose deadline (slot + grace) passed by `now` with no run belonging to them, judged from
 * `since` on (when watching began, or checks resumed). `runs` are the run times of real reports
 * (any status); missed-run placeholders are not runs.
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
  // Slots from a day before `since`, so the first judged slot's neighbour shapes its window.
  const slots = slotsBetween(schedule, timeZone, new Date(since.getTime() - 2 * 86_400_000), new Date(now.getTime() + 2 * 86_400_000));
  const { bySlot } = attributeRuns(slots, runs, grace);
  return slots.filter((slot, i) => slot >= since && slot.getTime() + grace <= now.getTime() && (bySlot[i] as Date[]).length === 0);
};
