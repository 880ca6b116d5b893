// bench/board's load (issue 14): another Flightdeck node on the same PostgreSQL, with its own
// services and pool, taking report traffic from 20 clients at once — each posting batches of 100
// runs with 10 objects for jobs the board has never seen (new jobs wait in the Inbox), as a burst
// of first reports does. Runs in a worker thread, so the board's own process measures the
// database under load, not a shared event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { buildApp } from '../server/src/app';
import { openDatabase } from '../server/src/db/connection';
import { buildKeyring } from '../server/src/features/credentials/master-key';
import { createServices } from '../server/src/services';
import { benchLog } from './bench-setup';

const { connectionString, apiKey, clients, batch } = workerData as {
  connectionString: string;
  apiKey: string;
  clients: number;
  batch: number;
};

const database = await openDatabase({ engine: 'postgres', connectionString, maxConnections: clients });
const services = createServices({ database, keyring: buildKeyring(Buffer.alloc(32, 7), [], 'env') });
const app = await buildApp({ services, logger: benchLog });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1/ingest/runs`;

let stopping = false;
let accepted = 0;
let serial = 0;
const started = performance.now();
parentPort?.on('message', (message) => {
  if (message === 'stop') {
    stopping = true;
  }
});

const post = async (client: number) => {
  const runs = Array.from({ length: batch }, () => {
    serial += 1;
    const at = Date.parse('2026-11-22T03:00:00Z') + serial * 1000;
    return {
      sourceKey: `load-${client}-${serial}`,
      job: { name: `Load ${client} job ${serial % 50}`, software: 'Veeam Backup & Replication', type: 'Backup' },
      status: serial % 4 === 0 ? 'error' : 'warning',
      endedAt: new Date(at).toISOString(),
      remark: 'Processing VM03 Error: Failed to create snapshot',
      objects: Array.from({ length: 10 }, (_, v) => ({
        name: `VM${String(v).padStart(2, '0')}`,
        status: v === 3 ? 'error' : 'success',
        messages: [],
      })),
    };
  });
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ source: 'bench-load', runs }),
  });
  if (response.status !== 200) {
    throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
  }
  accepted += ((await response.json()) as { accepted: number }).accepted;
};

parentPort?.postMessage({ ready: true });
await Promise.all(
  Array.from({ length: clients }, async (_, client) => {
    while (!stopping) {
      await post(client);
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
await app.close();
await database.close();
parentPort?.postMessage({ accepted, seconds });
