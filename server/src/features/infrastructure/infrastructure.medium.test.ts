// I5 on a real database: items match run objects by name; tag links go when either side goes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('infrastructure and tags', () => {
  it('links run objects to a new item by name, tags it, and cascades deletes', async () => {
    const { users } = await t.newAccount();
    const admin = await t.login(users.admin.email);
    const operator = await t.login(users.operator.email);
    const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: Record<string, unknown>, headers = operator) => {
      const response = await t.app.inject({ method, url, headers, ...(payload && { payload }) });
      return { status: response.statusCode, body: response.body ? response.json() : undefined };
    };
    const key = (await call('POST', '/api/v1/api-keys', { name: 'k' }, admin)).body.key;
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/runs',
      headers: { authorization: `Bearer ${key}` },
      payload: {
        runs: [
          {
            sourceKey: 'r1',
            job: { name: 'Daily', software: 'Veeam Backup & Replication' },
            status: 'success',
            endedAt: '2026-11-20T22:00:00Z',
            objects: [
              { name: 'HV01', status: 'success' },
              { name: 'SQL01', status: 'success' },
            ],
          },
        ],
      },
    });
    const [entry] = (await call('GET', '/api/v1/inbox')).body.entries;
    const job = (await call('POST', `/api/v1/inbox/${entry.jobId}/approve`, { newCustomerName: 'Wingtip Hotels' })).body;

    const item = await call('POST', `/api/v1/customers/${job.customerId}/infrastructure`, { name: 'hv01', kind: 'server' });
    expect(item.status).toBe(201);
    expect(item.body).toMatchObject({ name: 'hv01', kind: 'server', linkedObjects: 1 });
    expect((await call('POST', `/api/v1/customers/${job.customerId}/infrastructure`, { name: 'HV01' })).status).toBe(409);

    const tag = (await call('POST', '/api/v1/tags', { name: 'Hypervisor', color: 'purple' })).body;
    expect((await call('PUT', `/api/v1/infrastructure/${item.body.id}/tags/${tag.id}`)).status).toBe(204);
    expect((await call('GET', `/api/v1/customers/${job.customerId}/infrastructure`)).body.items[0].tags).toEqual([
      { id: tag.id, name: 'Hypervisor', color: 'purple' },
    ]);

    expect((await call('DELETE', `/api/v1/tags/${tag.id}`)).status).toBe(403);
    expect((await call('DELETE', `/api/v1/tags/${tag.id}`, undefined, admin)).status).toBe(204);
    expect((await call('GET', `/api/v1/customers/${job.customerId}/infrastructure`)).body.items[0].tags).toEqual([]);

    const second = (await call('POST', '/api/v1/tags', { name: 'Critical' })).body;
    await call('PUT', `/api/v1/infrastructure/${item.body.id}/tags/${second.id}`);
    expect((await call('DELETE', `/api/v1/infrastructure/${item.body.id}`)).status).toBe(204);
    const links = await t.database.db.selectFrom('tag_links').select('id').where('tag_id', '=', second.id).execute();
    expect(links).toEqual([]);
    const objects = await t.database.db
      .selectFrom('backup_run_objects')
      .select('infrastructure_item_id')
      .where('name', '=', 'HV01')
      .execute();
    expect(objects.every((o) => o.infrastructure_item_id === null)).toBe(true);
  });
});
