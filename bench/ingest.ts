// bench/ingest: throughput of POST /api/v1/ingest/runs over real HTTP, batches of 500 runs (two
// objects each, 40 jobs), on PGlite or on PostgreSQL when DATABASE_URL is set.
// Targets: ≥ 2,000 runs/s on PostgreSQL, ≥ 300 runs/s on PGlite. Usage: npm run bench -- ingest
import { buildApp } from '../server/src/app';
import { createServices } from '../server/src/services';
import { benchAccount, benchLog, openBenchDatabase } from './bench-setup';
import { recordResults } from './results';

const BATCH = 500;
const onServer = Boolean(process.env.DATABASE_URL);
const BATCHES = onServer ? 40 : 12;
const target = onServer ? 2000 : 300;

const { database, keyring, close } = await openBenchDatabase(10);
const services = createServices({ database, keyring });
const ctx = await benchAccount(services);
const { key } = await services.apiKeys.createApiKey(ctx, { name: 'bench' });
const app = await buildApp({ services, logger: benchLog });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1/ingest/runs`;

const batchOf = (n: number) => ({
  source: 'bench',
  runs: Array.from({ length: BATCH }, (_, i) => {
    const at = Date.parse('2026-01-01T02:00:00Z') + (n * BATCH + i) * 60_000;
    return {
      sourceKey: `run-${n}-${i}`,
      job: { name: `Job ${(n * BATCH + i) % 40}`, software: 'Veeam Backup & Replication', type: 'Backup' },
      status: i % 10 === 0 ? 'error' : i % 5 === 0 ? 'warning' : 'success',
      startedAt: new Date(at).toISOString(),
      endedAt: new Date(at + 1_800_000).toISOString(),
      remark: '',
      objects: [
        { name: `SRV${i % 7}`, type: 'VM', status: 'success' },
        {
          name: `SRV${(i + 1) % 7}`,
          type: 'VM',
          status: i % 10 === 0 ? 'error' : 'success',
          messages: i % 10 === 0 ? ['Failed to create snapshot'] : [],
        },
      ],
    };
  }),
});

const post = async (body: unknown) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 200) {
    throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as { accepted: number; duplicate: number };
};

// One warm-up batch (JIT, first job inserts), not counted.
await post(batchOf(BATCHES));
const bodies = Array.from({ length: BATCHES }, (_, n) => batchOf(n));
let accepted = 0;
const started = performance.now();
for (const body of bodies) {
  accepted += (await post(body)).accepted;
}
const seconds = (performance.now() - started) / 1000;
const replayStart = performance.now();
let duplicates = 0;
for (const body of bodies.slice(0, 4)) {
  duplicates += (await post(body)).duplicate;
}
const replaySeconds = (performance.now() - replayStart) / 1000;

await app.close();
await close();

const rate = accepted / seconds;
const engine = onServer ? 'PostgreSQL' : 'PGlite';
const table = [
  `Engine: ${engine}. ${BATCHES} batches of ${BATCH} new runs (2 objects each, 40 jobs) over HTTP to a server on loopback, one batch at a time.`,
  '',
  '| measure | value |',
  '|---|---:|',
  `| runs accepted | ${accepted} |`,
  `| time | ${seconds.toFixed(2)} s |`,
  `| **throughput** | **${Math.round(rate)} runs/s** |`,
  `| replaying 4 batches (all duplicates) | ${Math.round(duplicates / replaySeconds)} runs/s |`,
  '',
  `Target: ≥ ${target} runs/s on ${engine}. ${rate >= target ? 'Met.' : 'NOT MET.'}`,
].join('\n');
console.log(table);
recordResults(`ingest on ${engine}`, table);
if (rate < target || accepted !== BATCHES * BATCH) {
  process.exitCode = 1;
}
