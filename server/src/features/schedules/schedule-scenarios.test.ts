// Issue 12 acceptance: realistic run histories, swept every few hours as the hourly job would,
// each with the exact missed slots that must stand at the end — and zero others. A miss raised at
// a sweep stands unless a late run of its own slot arrives afterwards and clears it.
import { describe, expect, it } from 'vitest';
import { type Schedule, zonedInstant } from './schedule';
import { type StoredWatch, watchJob } from './watch-job';

const AMS = 'Europe/Amsterdam';
const NY = 'America/New_York';
const DAY = 86_400_000;

/** Deterministic jitter in minutes, -max..+max. */
const jitter = (seed: number, max: number) => {
  const x = Math.sin(seed * 12.9898) * 43758.5453;
  return Math.round((x - Math.floor(x)) * 2 * max - max);
};

type Local = { y: number; m: number; d: number };
const days = (from: string, to: string): Local[] => {
  const out: Local[] = [];
  for (let t = Date.parse(`${from}T00:00Z`); t <= Date.parse(`${to}T00:00Z`); t += DAY) {
    const date = new Date(t);
    out.push({ y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() });
  }
  return out;
};
const weekday = ({ y, m, d }: Local) => ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
const key = ({ y, m, d }: Local) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const lastDayOfMonth = ({ y, m, d }: Local) => new Date(Date.UTC(y, m, 0)).getUTCDate() === d;

/** A job's runs: at each local time on the chosen days, with jitter, minus the skipped slots. */
const runsAt = (
  tz: string,
  times: string[],
  from: string,
  to: string,
  options: { on?: (day: Local) => boolean; skip?: string[]; jitterMinutes?: number; extra?: Date[] } = {},
) => {
  const runs: Date[] = [];
  let seed = 1;
  for (const day of days(from, to)) {
    if (options.on && !options.on(day)) {
      continue;
    }
    for (const time of times) {
      seed += 1;
      if (options.skip?.includes(`${key(day)} ${time}`)) {
        continue;
      }
      const [h, min] = time.split(':').map(Number) as [number, number];
      const slot = zonedInstant(day.y, day.m, day.d, h, min, tz);
      runs.push(new Date(slot.getTime() + jitter(seed, options.jitterMinutes ?? 0) * 60_000));
    }
  }
  return [...runs, ...(options.extra ?? [])].sort((a, b) => a.getTime() - b.getTime());
};

/**
 * A missed slot as "<local date> <nominal time>": the learned time is the runs' typical time (to
 * 5 minutes), so a slot is named by the scheduled time it stands for — at most 20 minutes away.
 */
const nominal = (tz: string, times: string[]) => (missed: string) => {
  const at = Date.parse(missed);
  const candidates = [-1, 0, 1].flatMap((offset) => {
    const day = new Date(at + offset * DAY);
    return times.map((time) => {
      const [h, min] = time.split(':').map(Number) as [number, number];
      const local = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(day);
      const [y, m, d] = local.split('-').map(Number) as [number, number, number];
      return { key: `${local} ${time}`, at: zonedInstant(y, m, d, h, min, tz).getTime() };
    });
  });
  const best = candidates.sort((a, b) => Math.abs(a.at - at) - Math.abs(b.at - at))[0] as { key: string; at: number };
  return Math.abs(best.at - at) <= 20 * 60_000 ? best.key : `${missed} (no scheduled time near it)`;
};

/** Sweeps every 4 hours from the first run to `until`; the missed slots that stand at the end. */
const simulate = (runs: Date[], tz: string, until: string, options: { graceMinutes?: number; manual?: Schedule } = {}) => {
  const graceMinutes = options.graceMinutes ?? 120;
  let stored: StoredWatch = { manual: options.manual ?? null, learned: null, learnFrom: null, previous: null, changedAt: null };
  const standing = new Map<string, Date>();
  const first = (runs[0] as Date).getTime();
  let last: ReturnType<typeof watchJob> | null = null;
  for (let now = first + 17 * 60_000; now <= Date.parse(until); now += 4 * 3_600_000) {
    const seen = runs.filter((r) => r.getTime() <= now);
    const watch = watchJob({
      ...stored,
      runs: seen,
      timeZone: tz,
      graceMinutes,
      paused: false,
      watchFrom: new Date(first),
      now: new Date(now),
      alreadyMissed: [...standing.values()],
    });
    stored = {
      manual: watch.manual,
      learned: watch.learned,
      learnFrom: watch.learnFrom,
      previous: watch.previous,
      changedAt: watch.changedAt,
    };
    for (const missed of watch.missed) {
      if (process.env.DEBUG_SCHEDULES && !standing.has(missed.toISOString())) {
        console.log(new Date(now).toISOString(), 'missed', missed.toISOString(), JSON.stringify(watch.schedule), watch.state);
      }
      standing.set(missed.toISOString(), missed);
    }
    // A late run clears its own slot's miss (a miss within 30 minutes of the slot it belongs to).
    for (const late of watch.late) {
      for (const [key, at] of standing) {
        if (Math.abs(at.getTime() - late.slot.getTime()) <= 30 * 60_000) {
          standing.delete(key);
        }
      }
    }
    last = watch;
  }
  return { missed: [...standing.keys()].sort(), last: last as ReturnType<typeof watchJob> };
};

describe('missed runs over realistic histories (issue 12 acceptance)', () => {
  it.each([
    {
      name: 'daily 22:00 with ±40 min jitter, two nights without a report',
      tz: AMS,
      times: ['22:00'],
      runs: () => runsAt(AMS, ['22:00'], '2026-10-01', '2026-11-09', { jitterMinutes: 40, skip: ['2026-10-20 22:00', '2026-11-02 22:00'] }),
      until: '2026-11-10T12:00:00Z',
      missed: ['2026-10-20 22:00', '2026-11-02 22:00'],
      words: 'daily',
    },
    {
      name: 'every 6 hours from 02:00, three runs missing',
      tz: AMS,
      times: ['02:00', '08:00', '14:00', '20:00'],
      runs: () =>
        runsAt(AMS, ['02:00', '08:00', '14:00', '20:00'], '2026-11-01', '2026-11-20', {
          jitterMinutes: 10,
          skip: ['2026-11-12 08:00', '2026-11-12 14:00', '2026-11-17 02:00'],
        }),
      until: '2026-11-20T23:00:00Z',
      missed: ['2026-11-12 08:00', '2026-11-12 14:00', '2026-11-17 02:00'],
      words: 'interval',
    },
    {
      name: 'twice daily 12:00 and 23:00, one evening missing',
      tz: AMS,
      times: ['12:00', '23:00'],
      runs: () => runsAt(AMS, ['12:00', '23:00'], '2026-11-01', '2026-11-25', { jitterMinutes: 15, skip: ['2026-11-15 23:00'] }),
      until: '2026-11-26T06:00:00Z',
      missed: ['2026-11-15 23:00'],
      words: 'daily',
    },
    {
      name: 'weekdays only at 22:00, one Wednesday missing, weekends never flagged',
      tz: AMS,
      times: ['22:00'],
      runs: () =>
        runsAt(AMS, ['22:00'], '2026-10-05', '2026-11-13', { on: (d) => weekday(d) <= 5, jitterMinutes: 20, skip: ['2026-10-28 22:00'] }),
      until: '2026-11-16T06:00:00Z',
      missed: ['2026-10-28 22:00'],
      words: 'weekly',
    },
    {
      name: 'weekly full on Saturday 02:00 (its own job), one Saturday missing',
      tz: AMS,
      times: ['02:00'],
      runs: () =>
        runsAt(AMS, ['02:00'], '2026-09-05', '2026-11-28', { on: (d) => weekday(d) === 6, jitterMinutes: 5, skip: ['2026-11-07 02:00'] }),
      until: '2026-11-29T12:00:00Z',
      missed: ['2026-11-07 02:00'],
      words: 'weekly',
    },
    {
      name: 'daily incrementals Sun–Fri 22:00 beside the Saturday full (the other job)',
      tz: AMS,
      times: ['22:00'],
      runs: () => runsAt(AMS, ['22:00'], '2026-09-06', '2026-11-27', { on: (d) => weekday(d) !== 6, jitterMinutes: 30 }),
      until: '2026-11-28T12:00:00Z',
      missed: [],
      words: 'weekly',
    },
    {
      name: 'monthly on the last day at 23:00, one month-end missing',
      tz: 'UTC',
      times: ['23:00'],
      runs: () =>
        runsAt('UTC', ['23:00'], '2026-03-01', '2026-10-31', { on: lastDayOfMonth, jitterMinutes: 10, skip: ['2026-08-31 23:00'] }),
      until: '2026-11-05T00:00:00Z',
      missed: ['2026-08-31 23:00'],
      words: 'monthly',
    },
    {
      name: 'a job moved from 22:00 to 01:00: re-learned, nothing flagged',
      tz: AMS,
      times: ['22:00'],
      runs: () => [
        ...runsAt(AMS, ['22:00'], '2026-10-01', '2026-10-31', { jitterMinutes: 20 }),
        ...runsAt(AMS, ['01:00'], '2026-11-02', '2026-11-25', { jitterMinutes: 20 }),
      ],
      until: '2026-11-26T00:00:00Z',
      missed: [],
      words: 'daily',
    },
    {
      name: 'retries inside a slot count once',
      tz: AMS,
      times: ['22:00'],
      runs: () =>
        runsAt(AMS, ['22:00'], '2026-10-01', '2026-10-31', {
          jitterMinutes: 10,
          extra: [...runsAt(AMS, ['22:25'], '2026-10-10', '2026-10-20'), ...runsAt(AMS, ['22:50'], '2026-10-12', '2026-10-14')],
        }),
      until: '2026-11-01T06:00:00Z',
      missed: [],
      words: 'daily',
    },
    {
      name: 'DST spring in Amsterdam: 02:30 runs at 03:30 on the short night; one real miss',
      tz: AMS,
      times: ['02:30'],
      runs: () => runsAt(AMS, ['02:30'], '2026-03-10', '2026-04-10', { jitterMinutes: 5, skip: ['2026-04-05 02:30'] }),
      until: '2026-04-11T00:00:00Z',
      missed: ['2026-04-05 02:30'],
      words: 'daily',
    },
    {
      name: 'DST autumn in Amsterdam: 02:30 once on the long night; one real miss',
      tz: AMS,
      times: ['02:30'],
      runs: () => runsAt(AMS, ['02:30'], '2026-10-10', '2026-11-05', { jitterMinutes: 5, skip: ['2026-11-01 02:30'] }),
      until: '2026-11-06T00:00:00Z',
      missed: ['2026-11-01 02:30'],
      words: 'daily',
    },
    {
      name: 'DST spring in New York: every 6 hours from 00:00 across the change; one real miss',
      tz: NY,
      times: ['00:00', '06:00', '12:00', '18:00'],
      runs: () =>
        runsAt(NY, ['00:00', '06:00', '12:00', '18:00'], '2026-02-25', '2026-03-20', { jitterMinutes: 10, skip: ['2026-03-12 06:00'] }),
      until: '2026-03-21T03:00:00Z',
      missed: ['2026-03-12 06:00'],
      words: 'interval',
    },
    {
      name: 'DST autumn in New York: 01:30 in the repeated hour counts once; one real miss',
      tz: NY,
      times: ['01:30'],
      runs: () => runsAt(NY, ['01:30'], '2026-10-15', '2026-11-10', { jitterMinutes: 5, skip: ['2026-11-08 01:30'] }),
      until: '2026-11-11T05:00:00Z',
      missed: ['2026-11-08 01:30'],
      words: 'daily',
    },
  ])('$name', ({ tz, runs, until, missed, words, times }) => {
    const result = simulate(runs(), tz, until);
    expect(result.missed.map(nominal(tz, times))).toEqual(missed);
    expect(result.last.state).toBe('watching');
    expect(result.last.schedule?.kind).toBe(words);
  });

  it('counts a late run for its own slot, so the next night’s real miss is flagged (16th on time, 17th late, 18th nothing)', () => {
    const manual: Schedule = { kind: 'daily', times: ['22:00'] };
    const runs = [
      ...runsAt(AMS, ['22:00'], '2026-11-01', '2026-11-16'),
      zonedInstant(2026, 11, 17, 23, 30, AMS),
      ...runsAt(AMS, ['22:00'], '2026-11-19', '2026-11-22'),
    ];
    const result = simulate(runs, AMS, '2026-11-23T06:00:00Z', { graceMinutes: 60, manual });
    expect(result.missed.map(nominal(AMS, ['22:00']))).toEqual(['2026-11-18 22:00']);
    expect(result.last.late.map((l) => [l.slot.toISOString(), l.minutes])).toContainEqual([
      zonedInstant(2026, 11, 17, 22, 0, AMS).toISOString(),
      90,
    ]);
  });

  it('shows the old schedule beside the new one after a job moved', () => {
    const runs = [
      ...runsAt(AMS, ['22:00'], '2026-10-01', '2026-10-31', { jitterMinutes: 20 }),
      ...runsAt(AMS, ['01:00'], '2026-11-02', '2026-11-25', { jitterMinutes: 20 }),
    ];
    const { last } = simulate(runs, AMS, '2026-11-26T00:00:00Z');
    expect(last.schedule?.kind).toBe('daily');
    expect(last.previous?.kind).toBe('daily');
    const time = (s: Schedule | null) => (s && 'times' in s ? (s.times[0] as string) : '');
    expect(Math.abs(Date.parse(`2026-01-02T${time(last.schedule)}Z`) - Date.parse('2026-01-02T01:00Z'))).toBeLessThanOrEqual(20 * 60_000);
    expect(Math.abs(Date.parse(`2026-01-01T${time(last.previous)}Z`) - Date.parse('2026-01-01T22:00Z'))).toBeLessThanOrEqual(20 * 60_000);
  });

  it('raises nothing while learning, and says what it still needs', () => {
    const runs = runsAt(AMS, ['22:00'], '2026-11-01', '2026-11-04');
    const { last, missed } = simulate(runs, AMS, '2026-11-07T12:00:00Z');
    expect(missed).toEqual([]);
    expect(last).toMatchObject({ state: 'learning', sessions: 4, needed: 'at least 5 runs over 7 days' });
  });

  it('raises nothing for a job that only runs when triggered', () => {
    const runs = [1, 4, 5, 11, 19, 20, 26].map((d) => new Date(Date.UTC(2026, 10, d, 7 + (d % 9), 13 * d)));
    const { last, missed } = simulate(runs, AMS, '2026-11-30T12:00:00Z');
    expect(missed).toEqual([]);
    expect(['irregular', 'learning']).toContain(last.state);
  });
});
