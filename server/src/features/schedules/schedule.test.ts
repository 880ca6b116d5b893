// B2.4: slots and missed runs, in the job's timezone, across both daylight-saving changes.
import { describe, expect, it } from 'vitest';
import { learnSchedule } from './learn-schedule';
import { missedSlots, parseStoredSchedule, type Schedule, slotsBetween, zonedInstant } from './schedule';

const AMS = 'Europe/Amsterdam';
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const at = (value: string) => new Date(value);

describe('zonedInstant', () => {
  it('keeps the wall time on both sides of a change', () => {
    expect(zonedInstant(2026, 3, 28, 22, 0, AMS).toISOString()).toBe('2026-03-28T21:00:00.000Z');
    expect(zonedInstant(2026, 3, 29, 22, 0, AMS).toISOString()).toBe('2026-03-29T20:00:00.000Z');
  });
  it('moves a time skipped in spring past the gap', () => {
    expect(zonedInstant(2026, 3, 29, 2, 30, AMS).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });
  it('takes the first of the two autumn 02:30s', () => {
    expect(zonedInstant(2026, 10, 25, 2, 30, AMS).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });
});

describe('slots', () => {
  it('lays daily slots across the spring change at the same wall time', () => {
    const daily: Schedule = { kind: 'daily', times: ['23:00'] };
    expect(iso(slotsBetween(daily, AMS, at('2026-03-28T00:00Z'), at('2026-03-30T23:59Z')))).toEqual([
      '2026-03-28T22:00:00.000Z',
      '2026-03-29T21:00:00.000Z',
      '2026-03-30T21:00:00.000Z',
    ]);
  });
  it('lays weekly slots on the given weekdays', () => {
    const weekly: Schedule = { kind: 'weekly', days: [1, 5], times: ['20:00'] };
    expect(iso(slotsBetween(weekly, AMS, at('2026-11-16T00:00Z'), at('2026-11-29T00:00Z')))).toEqual([
      '2026-11-16T19:00:00.000Z',
      '2026-11-20T19:00:00.000Z',
      '2026-11-23T19:00:00.000Z',
      '2026-11-27T19:00:00.000Z',
    ]);
  });
  it('puts a monthly 31st on the last day of shorter months', () => {
    const monthly: Schedule = { kind: 'monthly', dates: [31], lastDay: false, times: ['06:00'] };
    expect(iso(slotsBetween(monthly, 'UTC', at('2026-10-01T00:00Z'), at('2026-12-31T23:00Z')))).toEqual([
      '2026-10-31T06:00:00.000Z',
      '2026-11-30T06:00:00.000Z',
      '2026-12-31T06:00:00.000Z',
    ]);
  });
});

describe('missed runs', () => {
  const daily: Schedule = { kind: 'daily', times: ['22:00'] };
  const since = at('2026-11-01T00:00Z');

  it('flags a daily slot with no report once its grace window has passed', () => {
    const runs = [at('2026-11-16T21:40Z'), at('2026-11-18T21:50Z')];
    const missed = missedSlots(daily, 'UTC', 60, runs, at('2026-11-16T00:00Z'), at('2026-11-19T23:30Z'));
    expect(iso(missed)).toEqual(['2026-11-17T22:00:00.000Z', '2026-11-19T22:00:00.000Z']);
  });

  it('waits for the grace window before flagging', () => {
    expect(missedSlots(daily, 'UTC', 120, [], at('2026-11-19T00:00Z'), at('2026-11-19T23:59Z'))).toEqual([]);
    expect(iso(missedSlots(daily, 'UTC', 120, [], at('2026-11-19T00:00Z'), at('2026-11-20T00:01Z')))).toEqual(['2026-11-19T22:00:00.000Z']);
  });

  it('counts a report up to the grace window early for its slot, but never one meant for an earlier slot (issue 12)', () => {
    const early = [at('2026-11-19T21:15Z')];
    expect(missedSlots(daily, 'UTC', 60, early, at('2026-11-19T00:00Z'), at('2026-11-20T06:00Z'))).toEqual([]);
    const afternoon = [at('2026-11-19T15:00Z')];
    expect(iso(missedSlots(daily, 'UTC', 60, afternoon, at('2026-11-19T00:00Z'), at('2026-11-20T06:00Z')))).toEqual([
      '2026-11-19T22:00:00.000Z',
    ]);
  });

  it('reads a schedule stored before issue 12 (one `time`)', () => {
    expect(parseStoredSchedule({ kind: 'weekly', days: [1], time: '22:00' })).toEqual({ kind: 'weekly', days: [1], times: ['22:00'] });
  });

  it('judges weekly and monthly jobs only on their days', () => {
    const weekly: Schedule = { kind: 'weekly', days: [6], times: ['10:00'] };
    expect(iso(missedSlots(weekly, 'UTC', 60, [at('2026-11-07T10:30Z')], since, at('2026-11-16T00:00Z')))).toEqual([
      '2026-11-14T10:00:00.000Z',
    ]);
    const monthly: Schedule = { kind: 'monthly', dates: [1, 15], lastDay: false, times: ['03:00'] };
    expect(iso(missedSlots(monthly, 'UTC', 60, [at('2026-11-01T03:20Z')], since, at('2026-11-20T00:00Z')))).toEqual([
      '2026-11-15T03:00:00.000Z',
    ]);
  });

  it('is right on the spring-forward night', () => {
    const nightly: Schedule = { kind: 'daily', times: ['02:30'] };
    // 02:30 does not exist on 29 March in Amsterdam; the job reports at 03:35 local (01:35Z).
    const runs = [at('2026-03-28T01:40Z'), at('2026-03-29T01:35Z'), at('2026-03-30T00:40Z')];
    expect(missedSlots(nightly, AMS, 60, runs, at('2026-03-28T00:00Z'), at('2026-03-30T12:00Z'))).toEqual([]);
    expect(
      iso(missedSlots(nightly, AMS, 60, [runs[0] as Date, runs[2] as Date], at('2026-03-28T00:00Z'), at('2026-03-30T12:00Z'))),
    ).toEqual(['2026-03-29T01:30:00.000Z']);
  });

  it('is right on the fall-back night', () => {
    const nightly: Schedule = { kind: 'daily', times: ['02:30'] };
    const runs = [at('2026-10-24T00:45Z'), at('2026-10-25T00:40Z'), at('2026-10-26T01:40Z')];
    expect(missedSlots(nightly, AMS, 60, runs, at('2026-10-24T00:00Z'), at('2026-10-26T12:00Z'))).toEqual([]);
    expect(
      iso(missedSlots(nightly, AMS, 60, [runs[0] as Date, runs[2] as Date], at('2026-10-24T00:00Z'), at('2026-10-26T12:00Z'))),
    ).toEqual(['2026-10-25T00:30:00.000Z']);
  });
});

describe('learning a schedule', () => {
  const days = (n: number, hourUtc: number, every = 1) =>
    Array.from({ length: n }, (_, i) => new Date(Date.UTC(2026, 10, 1 + i * every, hourUtc, 10 + (i % 3) * 5)));

  it('needs five runs over a week before it proposes anything', () => {
    expect(learnSchedule(days(4, 21), 'UTC')).toEqual({ state: 'learning', sessions: 4, needed: 'at least 5 runs over 7 days' });
    expect(learnSchedule(days(6, 21), 'UTC')).toMatchObject({ state: 'learning', sessions: 6 });
  });
  it('learns a daily job and its typical local time, with a confidence', () => {
    expect(learnSchedule(days(10, 21), AMS)).toEqual({
      state: 'learned',
      schedule: { kind: 'daily', times: ['22:15'] },
      sessions: 10,
      confidence: 1,
    });
  });
  it('learns a weekly job on its weekday', () => {
    const sundays = days(4, 9, 7);
    expect(learnSchedule(sundays, 'UTC')).toMatchObject({ state: 'learned', schedule: { kind: 'weekly', days: [7], times: ['09:10'] } });
  });
  it('learns a monthly job on its dates', () => {
    const monthly = [0, 1, 2, 3].map((m) => new Date(Date.UTC(2026, 7 + m, 1, 3, 0)));
    expect(learnSchedule(monthly, 'UTC')).toMatchObject({
      state: 'learned',
      schedule: { kind: 'monthly', dates: [1], lastDay: false, times: ['03:00'] },
    });
  });
  it('keeps a job around midnight at midnight', () => {
    const around = [23, 0, 23, 0, 23, 0, 23, 0].map(
      (h, i) => new Date(Date.UTC(2026, 10, 1 + i + (h === 0 ? 1 : 0), h, h === 23 ? 55 : 5)),
    );
    const learned = learnSchedule(around, 'UTC');
    expect(learned.state).toBe('learned');
    expect(learned.state === 'learned' && 'times' in learned.schedule ? learned.schedule.times[0] : '').toMatch(/^(23:55|00:00|00:05)$/);
  });
  it('folds retries into one session', () => {
    const withRetries = days(8, 21).flatMap((t) => [t, new Date(t.getTime() + 20 * 60_000)]);
    expect(learnSchedule(withRetries, 'UTC')).toMatchObject({ state: 'learned', sessions: 8, schedule: { kind: 'daily' } });
  });
});
