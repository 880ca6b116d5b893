// B2.4 / issue 12: learns a job's schedule from its run history, in its timezone.
//
// What is enough, and why:
// - Runs are first folded into sessions: runs within 30 minutes of each other are one session
//   (retries, a manual re-run), so a retry never looks like a second slot.
// - Daily, intraday and weekday patterns need at least 5 sessions over at least 7 local days: a
//   week is the shortest span in which "Mon–Fri" or "weekends off" can show, and with fewer than 5
//   sessions one odd run could define a slot.
// - A job that runs about once a week needs 3 sessions over at least 14 days; a monthly job 3
//   sessions in 3 different months — the fewest that show the pattern repeats.
// - Times of day are clustered (a cluster is runs within a third of the typical gap, at most 90
//   minutes, so ±40 minutes of jitter stays one slot while hourly runs stay apart); each cluster's
//   days decide daily, weekdays, or dates of the month. A cluster seen fewer than 3 times is noise.
// - The proposal carries a confidence: the share of its expected slots in the observed span that
//   had a run, times the share of sessions it explains. Below 0.7 the job is "irregular" and no
//   misses are raised for it (a person can set its schedule by hand).
import { attributeRuns, localParts, type Schedule, slotsBetween } from './schedule';

export const SESSION_GAP_MS = 30 * 60_000;
export const MIN_CONFIDENCE = 0.7;

export type Learned =
  | { state: 'learning'; sessions: number; needed: string }
  | { state: 'irregular'; sessions: number; confidence: number }
  | { state: 'learned'; schedule: Schedule; sessions: number; confidence: number };

const DAY = 86_400_000;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
};
const hhmm = (minutes: number) => {
  const m = (((Math.round(minutes / 5) * 5) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};
const dayKey = (p: { year: number; month: number; day: number }) => `${p.year}-${p.month}-${p.day}`;
const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Runs within SESSION_GAP_MS of the previous one are one session, timed by its first run. */
export const sessionsOf = (runTimes: readonly Date[]): Date[] => {
  const sorted = [...runTimes].sort((a, b) => a.getTime() - b.getTime());
  const sessions: Date[] = [];
  for (const t of sorted) {
    const last = sessions.at(-1);
    if (!last || t.getTime() - last.getTime() > SESSION_GAP_MS) {
      sessions.push(t);
    }
  }
  return sessions;
};

type Session = { at: Date; minute: number; day: string; weekday: number; date: number; lastDay: boolean; month: string };

/** Clusters of sessions by time of day (circular), each with its median minute. */
const clusters = (sessions: Session[], tolerance: number) => {
  const sorted = [...sessions].sort((a, b) => a.minute - b.minute);
  const groups: Session[][] = [];
  for (const s of sorted) {
    const group = groups.at(-1);
    if (group && s.minute - (group.at(-1) as Session).minute <= tolerance) {
      group.push(s);
    } else {
      groups.push([s]);
    }
  }
  // The last and first groups meet across midnight.
  if (groups.length > 1) {
    const first = groups[0] as Session[];
    const last = groups.at(-1) as Session[];
    if ((first[0] as Session).minute + 1440 - (last.at(-1) as Session).minute <= tolerance) {
      groups[0] = [...last, ...first];
      groups.pop();
    }
  }
  return groups.map((group) => {
    const pivot = (group[0] as Session).minute;
    const unwrapped = group.map((s) => (s.minute < pivot ? s.minute + 1440 : s.minute));
    return { minute: median(unwrapped) % 1440, sessions: group };
  });
};

type Pattern = { kind: 'daily' } | { kind: 'weekly'; days: number[] } | { kind: 'monthly'; dates: number[]; lastDay: boolean };

const patternOf = (group: Session[], weekdayCounts: number[], lastDayIncluded: boolean, lastWeekday: number): Pattern | null => {
  const days = new Set(group.map((s) => s.day));
  const months = new Set(group.map((s) => s.month));
  if (months.size >= 3 && days.size <= months.size + 1) {
    if (group.every((s) => s.lastDay)) {
      return { kind: 'monthly', dates: [], lastDay: true };
    }
    const dates = [...new Set(group.map((s) => s.date))];
    if (dates.length <= 3) {
      return { kind: 'monthly', dates: dates.sort((a, b) => a - b), lastDay: false };
    }
  }
  // Weekdays on which the cluster ran on at least half of their days in the span; all seven is
  // daily. (A share of all days would call Mon–Fri "daily" after one week and a Monday.)
  const perWeekday = [0, 0, 0, 0, 0, 0, 0];
  for (const day of days) {
    const s = group.find((x) => x.day === day) as Session;
    perWeekday[s.weekday - 1] = (perWeekday[s.weekday - 1] as number) + 1;
  }
  // The last day of the span counts only once this cluster's time of day has come on it.
  const counts = weekdayCounts.map((n, i) => (!lastDayIncluded && i === lastWeekday - 1 ? n - 1 : n));
  const chosen = perWeekday.flatMap((n, i) => ((counts[i] as number) > 0 && n >= 0.5 * (counts[i] as number) ? [i + 1] : []));
  if (chosen.length === 7) {
    return { kind: 'daily' };
  }
  return chosen.length ? { kind: 'weekly', days: chosen } : null;
};

const scheduleFrom = (pattern: Pattern, minutes: number[]): Schedule => {
  const sorted = [...minutes].sort((a, b) => a - b);
  const times = [...new Set(sorted.map(hhmm))];
  if (pattern.kind === 'daily' && times.length >= 3) {
    // Evenly spread over the whole day: every N hours from the first.
    const step = 1440 / times.length;
    const even = Number.isInteger(step / 60) && sorted.every((m, i) => Math.abs(m - ((sorted[0] as number) + i * step)) <= 20);
    if (even) {
      return { kind: 'interval', everyHours: step / 60, anchor: times[0] as string };
    }
  }
  if (pattern.kind === 'daily') {
    return { kind: 'daily', times };
  }
  if (pattern.kind === 'weekly') {
    return pattern.days.length === 7 ? { kind: 'daily', times } : { kind: 'weekly', days: pattern.days, times };
  }
  return { kind: 'monthly', dates: pattern.dates, lastDay: pattern.lastDay, times };
};

export const learnSchedule = (runTimes: readonly Date[], timeZone: string, graceMinutes = 120): Learned => {
  const sessionTimes = sessionsOf(runTimes);
  const n = sessionTimes.length;
  if (n === 0) {
    return { state: 'learning', sessions: 0, needed: 'at least 5 runs over 7 days' };
  }
  const sessions: Session[] = sessionTimes.map((at) => {
    const p = localParts(at, timeZone);
    return {
      at,
      minute: p.hour * 60 + p.minute,
      day: dayKey(p),
      weekday: p.weekday,
      date: p.day,
      lastDay: p.day === daysInMonth(p.year, p.month),
      month: `${p.year}-${p.month}`,
    };
  });
  const first = sessionTimes[0] as Date;
  const last = sessionTimes.at(-1) as Date;
  // Every local day in the observed span, and how often each weekday occurs in it.
  const spanDays: string[] = [];
  const weekdayCounts = [0, 0, 0, 0, 0, 0, 0];
  for (let t = first.getTime(); t <= last.getTime() + DAY / 2; t += DAY) {
    const p = localParts(new Date(t), timeZone);
    if (spanDays.at(-1) !== dayKey(p)) {
      spanDays.push(dayKey(p));
      weekdayCounts[p.weekday - 1] = (weekdayCounts[p.weekday - 1] as number) + 1;
    }
  }
  const gaps = sessionTimes.slice(1).map((t, i) => t.getTime() - (sessionTimes[i] as Date).getTime());
  const typicalGap = gaps.length ? median(gaps) : DAY;
  const months = new Set(sessions.map((s) => s.month)).size;
  const sparse = typicalGap >= 6 * DAY;
  const enough = sparse
    ? typicalGap >= 25 * DAY
      ? n >= 3 && months >= 3
      : n >= 3 && spanDays.length >= 14
    : n >= 5 && spanDays.length >= 7;
  if (!enough) {
    return {
      state: 'learning',
      sessions: n,
      needed: sparse ? (typicalGap >= 25 * DAY ? '3 runs in 3 months' : '3 runs over 14 days') : 'at least 5 runs over 7 days',
    };
  }

  const tolerance = Math.max(10, Math.min(90, typicalGap / 60_000 / 3));
  const found = clusters(sessions, tolerance)
    .filter((c) => c.sessions.length >= (sparse ? 2 : 3))
    .map((c) => {
      const lastSession = sessions.at(-1) as Session;
      const reached = c.sessions.some((x) => x.day === lastSession.day) || c.minute <= lastSession.minute;
      return { ...c, pattern: patternOf(c.sessions, weekdayCounts, reached, lastSession.weekday) };
    })
    .filter((c): c is typeof c & { pattern: Pattern } => c.pattern !== null)
    .sort((a, b) => b.sessions.length - a.sessions.length);
  if (found.length === 0) {
    return { state: 'irregular', sessions: n, confidence: 0 };
  }
  // The largest cluster's pattern; clusters with the same pattern are its other times of day.
  const key = JSON.stringify((found[0] as (typeof found)[number]).pattern);
  const kept = found.filter((c) => JSON.stringify(c.pattern) === key);
  const schedule = scheduleFrom(
    (found[0] as (typeof found)[number]).pattern,
    kept.map((c) => c.minute),
  );

  // Confidence over the observed span: slots that had a run, and sessions the schedule explains.
  const grace = graceMinutes * 60_000;
  const slots = slotsBetween(schedule, timeZone, new Date(first.getTime() - grace), new Date(last.getTime() + grace));
  const { bySlot, unscheduled } = attributeRuns(slots, sessionTimes, grace);
  const hit = slots.length ? bySlot.filter((runs) => runs.length > 0).length / slots.length : 0;
  const explained = (n - unscheduled.length) / n;
  const confidence = Math.round(hit * explained * 100) / 100;
  return confidence >= MIN_CONFIDENCE
    ? { state: 'learned', schedule, sessions: n, confidence }
    : { state: 'irregular', sessions: n, confidence };
};
