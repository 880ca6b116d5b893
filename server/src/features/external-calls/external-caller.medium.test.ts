// I2: every outbound call is bounded and logged at the account's level with secrets redacted.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '#src/lib/context';
import { createTestApp, type TestApp } from '../../../test/test-app';
import { apiLogLevelSetting } from './external-caller';

const SECRET = 'pr1vate-K3y-value';

describe('external call wrapper', () => {
  let t: TestApp;
  let server: http.Server;
  let base: string;
  let ctx: RequestContext;
  const entries = async () =>
    (
      await sql<{
        outcome: string;
        http_status: number | null;
        url: string;
        request_body: unknown;
        response_body: unknown;
        correlation_id: string;
        actor_kind: string;
        external_id: string | null;
      }>`
      select * from external_call_log where account_id = ${ctx.accountId} order by created_at`.execute(t.database.db)
    ).rows;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url?.startsWith('/slow')) {
        return void setTimeout(() => res.end('{}'), 500);
      }
      res.statusCode = req.url?.startsWith('/missing') ? 404 : 200;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ item: { id: 42 }, echo: `token ${SECRET}`, password: 'returned-password' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await createTestApp();
    const acct = await t.newAccount(['operator']);
    ctx = {
      accountId: acct.account.id,
      actor: { kind: 'user', userId: acct.users.operator.id, role: 'operator', sessionId: null },
      requestId: 'req-123',
      log: t.app.log,
    };
  });
  afterAll(async () => {
    await t.close();
    server.close();
  });

  it("logs only errors by default, everything at 'all', nothing at 'off'", async () => {
    const call = (path: string) =>
      t.services.externalCalls.call(ctx, { integration: 'autotask', action: 'queried', method: 'GET', url: `${base}${path}` });
    expect((await call('/ok')).status).toBe(200);
    expect((await call('/missing')).status).toBe(404);
    expect((await entries()).map((e) => [e.outcome, e.http_status])).toEqual([['http_error', 404]]);

    await t.services.settings.setSetting(ctx, apiLogLevelSetting('autotask'), 'all');
    await call('/ok');
    expect(await entries()).toHaveLength(2);

    await t.services.settings.setSetting(ctx, apiLogLevelSetting('autotask'), 'off');
    await call('/missing');
    expect(await entries()).toHaveLength(2);
  });

  it('records actor, correlation id, external id and bodies with secrets redacted', async () => {
    await t.services.settings.setSetting(ctx, apiLogLevelSetting('connectwise'), 'all');
    const response = await t.services.externalCalls.call(ctx, {
      integration: 'connectwise',
      action: 'created',
      method: 'POST',
      url: `${base}/tickets?apiKey=${SECRET}&page=1`,
      headers: { authorization: `Basic ${SECRET}` },
      body: { summary: 'Backup failed', privateKey: SECRET, notes: [`uses ${SECRET}`] },
      secrets: [SECRET],
      externalId: (body) => String((body as { item: { id: number } }).item.id),
    });
    expect(response.body).toMatchObject({ item: { id: 42 } });
    const entry = (await entries()).at(-1);
    expect(entry).toMatchObject({ outcome: 'ok', http_status: 200, correlation_id: 'req-123', actor_kind: 'user', external_id: '42' });
    const logged = JSON.stringify(entry);
    expect(logged).not.toContain(SECRET);
    expect(logged).not.toContain('returned-password');
    expect(logged).toContain('Backup failed');
    expect(entry?.url).toContain('page=1');
  });

  it('bounds a slow call with a timeout, logs it, and reports upstream_unavailable', async () => {
    await expect(
      t.services.externalCalls.call(ctx, { integration: 'slowpsa', action: 'queried', method: 'GET', url: `${base}/slow`, timeoutMs: 100 }),
    ).rejects.toMatchObject({ code: 'upstream_unavailable' });
    const entry = (await entries()).find((e) => e.outcome === 'timeout');
    expect(entry).toBeDefined();
  });
});
