// B2.4 / issue 12 on a real database: a learned daily schedule, a missed run for the slot nobody
// reported, a late run that clears its own slot's miss, paused checks, a schedule set by hand,
// and sweeps on two nodes at once that add each missed run once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleMissedRunChecks } from '#src/jobs/check-missed-runs.job';
import { createInlineQueue } from '#src/jobs/inline-queue';
import { createTestApp, type TestApp } from '../../../test/test-app';

let now = new Date('2026-11-14T23:30:00Z');
const clock = { now: () => now };
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(() => t?.close());

const nightly = (day: number, time = `22:0${day % 3}`) => ({
  sourceKey: `nightly-${day}`,
  job: { name: 'Nightly', software: 'Veeam Backup & Replication', type: 'Backup' },
  status: 'success',
  startedAt: `2026-11-${String(day).padStart(2, '0')}T${time}:00Z`,
  endedAt: `2026-11-${String(day).padStart(2, '0')}T${time.slice(0, 3)}40:00Z`,
  objects: [],
});

const setUp = async () => {
  const { users } = await t.newAccount();
  const admin = await t.login(users.admin.email);
  const operator = await t.login(users.operator.email);
  const key = (await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin, payload: { name: 'k' } })).json().key;
  const ingest = (runs: unknown[]) =>
    t.app.inject({ method: 'POST', url: '/api/v1/ingest/runs', headers: { authorization: `Bearer ${key}` }, payload: { runs } });
  return { users, admin, operator, ingest };
};
const sweep = () => createInlineQueue({ services: t.services, log: t.app.log }).send(scheduleMissedRunChecks, {});
const missedOf = (jobId: string) =>
  t.database.db
    .selectFrom('backup_runs')
    .select(['run_at', 'remark', 'superseded_by', 'review_note'])
    .where('status', '=', 'missed')
    .where('job_id', '=', jobId)
    .orderBy('run_at')
    .execute();

describe('missed runs', () => {
  it('learns a daily schedule after a week, flags the one unreported night once, and a late run clears its own slot', async () => {
    now = new Date('2026-11-08T23:30:00Z');
    const { operator, ingest, users } = await setUp();
    await ingest([1, 2, 3, 4, 5, 6, 7, 8].map((d) => nightly(d)));
    const [entry] = (await t.app.inject({ method: 'GET', url: '/api/v1/inbox', headers: operator })).json().entries;
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/inbox/${entry.jobId}/approve`,
      headers: operator,
      payload: { newCustomerName: 'Coho Winery' },
    });

    // The 9th is reported, the 10th not, the 11th arrives at 01:30 on the 12th (late), the 12th on time.
    now = new Date('2026-11-11T12:00:00Z');
    await ingest([nightly(9)]);
    await sweep();
    expect((await missedOf(entry.jobId)).map((m) => m.run_at.toISOString())).toEqual(['2026-11-10T22:00:00.000Z']);

    now = new Date('2026-11-12T01:00:00Z');
    await sweep();
    expect((await missedOf(entry.jobId)).map((m) => m.run_at.toISOString())).toEqual([
      '2026-11-10T22:00:00.000Z',
      '2026-11-11T22:00:00.000Z',
    ]);
    now = new Date('2026-11-12T02:00:00Z');
    await ingest([{ ...nightly(11), sourceKey: 'late-11', startedAt: '2026-11-12T01:30:00Z', endedAt: '2026-11-12T01:55:00Z' }]);
    now = new Date('2026-11-13T06:00:00Z');
    await ingest([nightly(12)]);
    // Two nodes sweeping at once add nothing twice.
    await Promise.all([sweep(), sweep()]);

    const missed = await missedOf(entry.jobId);
    expect(missed.map((m) => [m.run_at.toISOString(), m.superseded_by !== null])).toEqual([
      ['2026-11-10T22:00:00.000Z', false],
      ['2026-11-11T22:00:00.000Z', true],
    ]);
    expect(missed[1]?.review_note).toBe('The run arrived 210 minutes after its slot');

    // Days later the first sign-in has expired: sign in again.
    const later = await t.login(users.operator.email);
    const view = (await t.app.inject({ method: 'GET', url: `/api/v1/jobs/${entry.jobId}/runs/${entry.lastRunId}`, headers: later })).json()
      .job;
    expect(view).toMatchObject({
      schedule: { kind: 'daily', times: ['22:00'] },
      scheduleSource: 'learned',
      scheduleState: 'watching',
      scheduleText: 'Daily 22:00 (UTC)',
      nextExpectedAt: '2026-11-13T22:00:00.000Z',
      // The last report, with its own status — not the newer missed placeholder's.
      lastStatus: 'success',
      lastRunAt: '2026-11-12T22:40:00.000Z',
    });
  });

  it('raises nothing while learning, and says so', async () => {
    now = new Date('2026-11-05T12:00:00Z');
    const { operator, ingest } = await setUp();
    await ingest([1, 2, 4].map((d) => nightly(d)));
    const [entry] = (await t.app.inject({ method: 'GET', url: '/api/v1/inbox', headers: operator })).json().entries;
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/inbox/${entry.jobId}/approve`,
      headers: operator,
      payload: { newCustomerName: 'Litware' },
    });
    await sweep();
    expect(await missedOf(entry.jobId)).toEqual([]);
    const view = (
      await t.app.inject({ method: 'GET', url: `/api/v1/jobs/${entry.jobId}/runs/${entry.lastRunId}`, headers: operator })
    ).json().job;
    expect(view).toMatchObject({
      scheduleState: 'learning',
      scheduleText: 'Learning (3 runs seen; needs at least 5 runs over 7 days)',
      nextExpectedAt: null,
    });
  });

  it('pauses checks for maintenance: nothing is flagged while paused, nor for the paused nights after resuming', async () => {
    now = new Date('2026-11-08T23:30:00Z');
    const { operator, ingest, users } = await setUp();
    const reporter = await t.login(users.reporter.email);
    await ingest([1, 2, 3, 4, 5, 6, 7, 8].map((d) => nightly(d)));
    const [entry] = (await t.app.inject({ method: 'GET', url: '/api/v1/inbox', headers: operator })).json().entries;
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/inbox/${entry.jobId}/approve`,
      headers: operator,
      payload: { newCustomerName: 'Adatum' },
    });
    await sweep();
    const url = `/api/v1/jobs/${entry.jobId}/checks`;
    expect((await t.app.inject({ method: 'PUT', url, headers: reporter, payload: { paused: true } })).statusCode).toBe(403);
    const paused = await t.app.inject({ method: 'PUT', url, headers: operator, payload: { paused: true } });
    expect(paused.json()).toMatchObject({ checksPaused: true, scheduleState: 'paused', nextExpectedAt: null });

    now = new Date('2026-11-11T12:00:00Z');
    await sweep();
    expect(await missedOf(entry.jobId)).toEqual([]);
    const later = await t.login(users.operator.email);
    expect((await t.app.inject({ method: 'PUT', url, headers: later, payload: { paused: false } })).json()).toMatchObject({
      checksPaused: false,
    });
    now = new Date('2026-11-12T12:00:00Z');
    await sweep();
    // The 9th and 10th were paused; the 11th, after resuming, is judged.
    expect((await missedOf(entry.jobId)).map((m) => m.run_at.toISOString())).toEqual(['2026-11-11T22:00:00.000Z']);
  });

  it('takes a schedule set by hand and refuses an unknown timezone', async () => {
    now = new Date('2026-11-14T23:30:00Z');
    const { users, operator, ingest } = await setUp();
    const reporter = await t.login(users.reporter.email);
    await ingest([nightly(14)]);
    const [entry] = (await t.app.inject({ method: 'GET', url: '/api/v1/inbox', headers: operator })).json().entries;
    const url = `/api/v1/jobs/${entry.jobId}/schedule`;
    const body = { schedule: { kind: 'weekly', days: [1, 2, 3, 4, 5], times: ['21:30'] }, timezone: 'Europe/Amsterdam', graceMinutes: 90 };
    expect((await t.app.inject({ method: 'PATCH', url, headers: reporter, payload: body })).statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'PATCH', url, headers: operator, payload: { ...body, timezone: 'Mars/Olympus' } })).statusCode,
    ).toBe(400);
    const set = await t.app.inject({ method: 'PATCH', url, headers: operator, payload: body });
    expect(set.json()).toMatchObject({
      schedule: body.schedule,
      scheduleSource: 'manual',
      scheduleText: 'Mon–Fri 21:30 (Europe/Amsterdam)',
      timezone: 'Europe/Amsterdam',
      graceMinutes: 90,
    });
    const interval = { schedule: { kind: 'interval', everyHours: 6, anchor: '02:00' }, timezone: 'UTC', graceMinutes: 60 };
    expect((await t.app.inject({ method: 'PATCH', url, headers: operator, payload: interval })).json()).toMatchObject({
      scheduleText: 'Every 6 hours from 02:00 (UTC)',
    });
  });
});
