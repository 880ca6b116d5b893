// The demo history goes in through the real ingestion, approval and missed-run code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app';
import { demoAdminContext } from './seed-demo-integrations';
import { seedDemoRuns } from './seed-demo-runs';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: { now: () => new Date('2026-11-22T12:00:00Z') } });
});
afterAll(() => t?.close());

describe('demo runs', () => {
  it('gives the demo customers jobs of several products with three weeks of mixed runs, including a missed one', async () => {
    const { account } = await t.newAccount();
    const admin = await demoAdminContext(t.services, account.id, t.app.log);
    expect(admin).not.toBeNull();
    const result = await seedDemoRuns(t.services, admin as NonNullable<typeof admin>);
    expect(result.added).toBeGreaterThanOrEqual(1);
    const jobs = await t.database.db
      .selectFrom('backup_jobs')
      .select(['backup_software', 'state'])
      .where('account_id', '=', account.id)
      .execute();
    expect(jobs).toHaveLength(6);
    expect(new Set(jobs.map((j) => j.backup_software)).size).toBe(4);
    expect(jobs.every((j) => j.state === 'active')).toBe(true);
    const runs = await t.database.db.selectFrom('backup_runs').select('status').where('account_id', '=', account.id).execute();
    expect(runs.length).toBeGreaterThan(80);
    expect(new Set(runs.map((r) => r.status))).toEqual(new Set(['success', 'warning', 'error', 'missed']));
  });

  it('raises only the missed run a person would raise: the night Daily Servers did not report (issue 12)', async () => {
    const { account } = await t.newAccount();
    const admin = (await demoAdminContext(t.services, account.id, t.app.log)) as NonNullable<Awaited<ReturnType<typeof demoAdminContext>>>;
    await seedDemoRuns(t.services, admin);
    // A second sweep later the same day adds nothing either.
    await t.services.missedRuns.detectMissedRuns(admin);
    const missed = await t.database.db
      .selectFrom('backup_runs as r')
      .innerJoin('backup_jobs as j', 'j.id', 'r.job_id')
      .select(['j.name', 'r.run_at'])
      .where('r.account_id', '=', account.id)
      .where('r.status', '=', 'missed')
      .execute();
    // Daily Servers (21:40 UTC) was silent four days before 22 November.
    expect(missed.map((m) => [m.name, m.run_at.toISOString().slice(0, 10)])).toEqual([['Daily Servers', '2026-11-18']]);
    const jobs = await t.database.db
      .selectFrom('backup_jobs')
      .select(['name', 'schedule', 'schedule_state'])
      .where('account_id', '=', account.id)
      .orderBy('name')
      .execute();
    expect(jobs.map((j) => [j.name, j.schedule_state, (j.schedule as { kind: string } | null)?.kind])).toEqual([
      ['Daily PCs', 'watching', 'weekly'],
      ['Daily Servers', 'watching', 'daily'],
      ['Nightly VMs', 'watching', 'daily'],
      ['Offsite Copy', 'watching', 'daily'],
      ['Offsite to C2', 'watching', 'daily'],
      ['Weekly Full', 'watching', 'weekly'],
    ]);
  });
});
