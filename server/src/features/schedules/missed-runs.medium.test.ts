// B2.4 on a real database: a learned daily schedule, a missed run for the slot nobody reported,
// and a second check that adds nothing.
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

const nightly = (day: number) => ({
  sourceKey: `nightly-${day}`,
  job: { name: 'Nightly', software: 'Veeam Backup & Replication', type: 'Backup' },
  status: 'success',
  endedAt: `2026-11-${day}T22:0${day % 3}:00Z`,
  objects: [],
});

describe('missed runs', () => {
  it('learns a daily schedule and adds one missed run per unreported slot, once', async () => {
    const { users } = await t.newAccount();
    const admin = await t.login(users.admin.email);
    const operator = await t.login(users.operator.email);
    const key = (await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin, payload: { name: 'k' } })).json().key;
    const bearer = { authorization: `Bearer ${key}` };
    const ingest = (runs: unknown[]) => t.app.inject({ method: 'POST', url: '/api/v1/ingest/runs', headers: bearer, payload: { runs } });

    await ingest([10, 11, 12, 13, 14].map(nightly));
    const [entry] = (await t.app.inject({ method: 'GET', url: '/api/v1/inbox', headers: operator })).json().entries;
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/inbox/${entry.jobId}/approve`,
      headers: operator,
      payload: { newCustomerName: 'Coho Winery' },
    });

    now = new Date('2026-11-18T00:30:00Z');
    await ingest([15, 17].map(nightly));
    const sweep = () => createInlineQueue({ services: t.services, log: t.app.log }).send(scheduleMissedRunChecks, {});
    await sweep();
    await sweep();

    const missed = await t.database.db
      .selectFrom('backup_runs')
      .select(['run_at', 'remark'])
      .where('status', '=', 'missed')
      .where('job_id', '=', entry.jobId)
      .execute();
    expect(missed.map((m) => m.run_at.toISOString())).toEqual(['2026-11-16T22:00:00.000Z']);
    expect(missed[0]?.remark).toContain('No report arrived');

    // Three days later the morning's sign-in has expired: sign in again.
    const later = await t.login(users.operator.email);
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/jobs/${entry.jobId}/runs/${entry.lastRunId}`, headers: later });
    expect(response.statusCode, response.body).toBe(200);
    const job = response.json().job;
    expect(job).toMatchObject({ schedule: { kind: 'daily', time: '22:00' }, scheduleSource: 'learned', lastStatus: 'success' });
  });

  it('takes a schedule set by hand and refuses an unknown timezone', async () => {
    now = new Date('2026-11-14T23:30:00Z');
    const { users } = await t.newAccount();
    const admin = await t.login(users.admin.email);
    const operator = await t.login(users.operator.email);
    const reporter = await t.login(users.reporter.email);
    const key = (await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin, payload: { name: 'k' } })).json().key;
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/runs',
      headers: { authorization: `Bearer ${key}` },
      payload: { runs: [nightly(14)] },
    });
    const [entry] = (await t.app.inject({ method: 'GET', url: '/api/v1/inbox', headers: operator })).json().entries;
    const url = `/api/v1/jobs/${entry.jobId}/schedule`;
    const body = { schedule: { kind: 'weekly', days: [1, 4], time: '21:30' }, timezone: 'Europe/Amsterdam', graceMinutes: 90 };
    expect((await t.app.inject({ method: 'PATCH', url, headers: reporter, payload: body })).statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'PATCH', url, headers: operator, payload: { ...body, timezone: 'Mars/Olympus' } })).statusCode,
    ).toBe(400);
    const set = await t.app.inject({ method: 'PATCH', url, headers: operator, payload: body });
    expect(set.json()).toMatchObject({ schedule: body.schedule, scheduleSource: 'manual', timezone: 'Europe/Amsterdam', graceMinutes: 90 });
  });
});
