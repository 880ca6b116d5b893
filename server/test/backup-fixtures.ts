// Backup runs for medium tests, through the real ingestion API and Inbox approval.
import type { TestApp } from './test-app';

type Headers = Record<string, string>;

export type TestRun = {
  sourceKey: string;
  job?: string;
  status?: 'success' | 'warning' | 'error' | 'missed';
  endedAt?: string;
  remark?: string;
  objects?: { name: string; status: 'success' | 'warning' | 'error'; messages: string[] }[];
};

export const createIngestKey = async (t: TestApp, admin: Headers): Promise<Headers> => {
  const response = await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin, payload: { name: 'ingest' } });
  return { authorization: `Bearer ${response.json<{ key: string }>().key}` };
};

/** Ingests the runs and approves any new job for the customer; returns run ids by source key. */
export const ingestForCustomer = async <K extends string>(
  t: TestApp,
  headers: { bearer: Headers; operator: Headers },
  customerId: string,
  runs: readonly (TestRun & { sourceKey: K })[],
): Promise<Record<K, string>> => {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/ingest/runs',
    headers: headers.bearer,
    payload: {
      source: 'rmm',
      runs: runs.map((r) => ({
        sourceKey: r.sourceKey,
        job: { name: r.job ?? 'Nightly Servers', software: 'Veeam Backup & Replication', type: 'Backup' },
        status: r.status ?? 'error',
        endedAt: r.endedAt ?? '2026-11-20T02:30:00Z',
        remark: r.remark ?? '',
        objects: r.objects ?? [],
      })),
    },
  });
  if (response.statusCode !== 200) {
    throw new Error(`ingest failed: ${response.statusCode} ${response.body}`);
  }
  const inbox = (await t.app.inject({ method: 'GET', url: '/api/v1/inbox', headers: headers.operator })).json<{
    entries: { jobId: string }[];
  }>();
  for (const entry of inbox.entries) {
    await t.app.inject({ method: 'POST', url: `/api/v1/inbox/${entry.jobId}/approve`, headers: headers.operator, payload: { customerId } });
  }
  const items = response.json<{ items: { sourceKey: string; runId: string | null; reason: string | null }[] }>().items;
  const rejected = items.find((i) => !i.runId);
  if (rejected) {
    throw new Error(`run ${rejected.sourceKey} not accepted: ${rejected.reason}`);
  }
  return Object.fromEntries(items.map((i) => [i.sourceKey, i.runId as string])) as Record<K, string>;
};
