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
});
