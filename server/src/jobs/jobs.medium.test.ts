import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app';
import { cleanupExpiredSessions } from './cleanup-expired-sessions.job';
import { createInlineQueue } from './inline-queue';
import { createPgBossQueue } from './pg-boss-queue';

describe('expired-session cleanup job', () => {
  let t: TestApp;
  const sessionCount = async () =>
    Number((await sql<{ n: string }>`select count(*) as n from user_sessions`.execute(t.database.db)).rows[0]?.n);
  const expireAll = () => sql`update user_sessions set expires_at = now() - interval '1 minute'`.execute(t.database.db);

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('removes expired sessions of every account and keeps live ones', async () => {
    const a = await t.newAccount(['operator']);
    const b = await t.newAccount(['operator']);
    await t.login(a.users.operator.email);
    await t.login(b.users.operator.email);
    await expireAll();
    const live = await t.login(a.users.operator.email);
    expect(await sessionCount()).toBe(3);

    await createInlineQueue({ services: t.services, log: t.app.log }).send(cleanupExpiredSessions, {});
    expect(await sessionCount()).toBe(1);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: live })).statusCode).toBe(200);
  });

  it('runs through pg-boss on the same database', async () => {
    const c = await t.newAccount(['reporter']);
    await t.login(c.users.reporter.email);
    await expireAll();
    const queue = createPgBossQueue(t.database, [cleanupExpiredSessions], { services: t.services, log: t.app.log });
    await queue.start();
    try {
      await queue.send(cleanupExpiredSessions, {});
      const deadline = Date.now() + 20_000;
      while ((await sessionCount()) > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(await sessionCount()).toBe(0);
    } finally {
      await queue.stop();
    }
  });
});
