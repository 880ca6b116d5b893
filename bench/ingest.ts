// bench/ingest (issue 14): throughput of POST /api/v1/ingest/runs over real HTTP against the
// physical limit — the same rows inserted with UNNEST, one transaction per batch, by a minimal
// script straight on the database — alternating round by round in the same run, so both see the
// same machine. Realistic shape: batches of 1,000 runs with 10 objects each (a Veeam job has tens
// of VMs), 40 jobs already approved to a customer, 1 run in 10 an error.
// Targets: ≥ 4,000 runs/s and ≤ 1.3× the baseline's time on PostgreSQL; ≥ 1,000 runs/s on PGlite.
// Usage: npm run bench -- ingest
import pg from 'pg';
import { buildApp } from '../server/src/app';
import { createServices } from '../server/src/services';
import { benchAccount, benchLog, openBenchDatabase } from './bench-setup';
import { recordResults } from './results';
import { median, spread } from './stats';

const BATCH = 1000;
const OBJECTS = 10;
const JOBS = 40;
const onServer = Boolean(process.env.DATABASE_URL);
const ROUNDS = onServer ? 7 : 5;
const BATCHES_PER_ROUND = onServer ? 4 : 2;
const target = onServer ? 4000 : 1000;
const maxRatio = 1.3;

const { database, keyring, close, connectionString } = await openBenchDatabase(10);
const services = createServices({ database, keyring });
const ctx = await benchAccount(services);
const { key } = await services.apiKeys.createApiKey(ctx, { name: 'bench' });
const app = await buildApp({ services, logger: benchLog });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1/ingest/runs`;

type Run = {
  sourceKey: string;
  job: { name: string; software: string; type: string };
  status: 'success' | 'warning' | 'error';
  startedAt: string;
  endedAt: string;
  remark: string;
  objects: { name: string; type: string; status: 'success' | 'warning' | 'error'; messages: string[] }[];
};
let serial = 0;
const batch = (): Run[] =>
  Array.from({ length: BATCH }, () => {
    serial += 1;
    const at = Date.parse('2026-01-01T02:00:00Z') + serial * 60_000;
    const failed = serial % 10 === 0;
    return {
      sourceKey: `run-${serial}`,
      job: { name: `Cluster ${serial % JOBS}`, software: 'Veeam Backup & Replication', type: 'Backup' },
      status: failed ? 'error' : serial % 5 === 0 ? 'warning' : 'success',
      startedAt: new Date(at).toISOString(),
      endedAt: new Date(at + 1_800_000).toISOString(),
      remark: failed ? 'Processing SRV03 Error: Failed to create snapshot' : '',
      objects: Array.from({ length: OBJECTS }, (_, v) => ({
        name: `SRV${String(v).padStart(2, '0')}.corp.example`,
        type: 'VM',
        status: failed && v === 3 ? 'error' : 'success',
        messages: failed && v === 3 ? ['Failed to create VM snapshot: the device is not ready'] : [],
      })),
    };
  });

const post = async (runs: Run[]) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ source: 'bench', runs }),
  });
  if (response.status !== 200) {
    throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
  }
  return ((await response.json()) as { accepted: number }).accepted;
};

// Warm-up (JIT, the jobs' first insert), then every job approved to one customer: real traffic
// lands on approved jobs, not in the Inbox.
await post(batch());
const customer = await services.customers.createCustomer(ctx, { name: 'Bench Customer', notes: '' });
const jobs = await services.backupJobs.listInbox(ctx);
for (const job of jobs) {
  await services.backupJobs.approveJob(ctx, job.jobId, { customerId: customer.id });
}
const jobIds = new Map(jobs.map((j) => [j.name, j.jobId]));

// The baseline: the rows Flightdeck writes for a batch, as arrays, in one transaction.
const RUNS_SQL = `insert into backup_runs (account_id, job_id, status, started_at, ended_at, run_at, remark, source, source_key, evidence_id, attempt)
  select a, j, s, st, en, en, r, 'baseline', k, null, 1
    from unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::text[], $7::text[]) as t(a, j, s, st, en, r, k)
  returning id`;
const OBJECTS_SQL = `insert into backup_run_objects (account_id, run_id, position, name, type, status, messages)
  select a, r, p, n, t, s, m::jsonb from unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[]) as o(a, r, p, n, t, s, m)`;
type Query = (text: string, values: unknown[]) => Promise<{ rows: { id: string }[] }>;
const client = connectionString ? new pg.Client({ connectionString }) : null;
await client?.connect();
const query: Query = client
  ? (text, values) => client.query<{ id: string }>(text, values)
  : (text, values) => (database.pglite as NonNullable<typeof database.pglite>).query<{ id: string }>(text, values);
const baselineBatch = async (runs: Run[]) => {
  await query('begin', []);
  const inserted = await query(RUNS_SQL, [
    runs.map(() => ctx.accountId),
    runs.map((r) => jobIds.get(r.job.name)),
    runs.map((r) => r.status),
    runs.map((r) => r.startedAt),
    runs.map((r) => r.endedAt),
    runs.map((r) => r.remark),
    runs.map((r) => r.sourceKey),
  ]);
  const objects = runs.flatMap((r, i) => r.objects.map((o, p) => ({ ...o, runId: inserted.rows[i]?.id, p })));
  await query(OBJECTS_SQL, [
    objects.map(() => ctx.accountId),
    objects.map((o) => o.runId),
    objects.map((o) => o.p),
    objects.map((o) => o.name),
    objects.map((o) => o.type),
    objects.map((o) => o.status),
    objects.map((o) => JSON.stringify(o.messages)),
  ]);
  await query('commit', []);
  return inserted.rows.length;
};

/** Runs per second of writing these batches one after another with `write`. */
const rateOf = async (batches: Run[][], write: (runs: Run[]) => Promise<number>) => {
  const started = performance.now();
  let count = 0;
  for (const runs of batches) {
    count += await write(runs);
  }
  return count / ((performance.now() - started) / 1000);
};
const flightdeckRates: number[] = [];
const baselineRates: number[] = [];
for (let round = 0; round < ROUNDS; round += 1) {
  const ours = Array.from({ length: BATCHES_PER_ROUND }, batch);
  const theirs = Array.from({ length: BATCHES_PER_ROUND }, batch);
  const runOurs = () => rateOf(ours, post);
  const runTheirs = () => rateOf(theirs, baselineBatch);
  // Alternate which goes first, so neither always meets a warmer cache or a later autovacuum.
  if (round % 2 === 0) {
    flightdeckRates.push(await runOurs());
    baselineRates.push(await runTheirs());
  } else {
    baselineRates.push(await runTheirs());
    flightdeckRates.push(await runOurs());
  }
}
await client?.end();
await app.close();
await close();

const ours = median(flightdeckRates);
const limit = median(baselineRates);
const ratio = limit / ours;
const engine = onServer ? 'PostgreSQL' : 'PGlite';
const meetsRate = ours >= target;
const meetsRatio = !onServer || ratio <= maxRatio;
const table = [
  `Engine: ${engine}. ${ROUNDS} rounds; each round ${BATCHES_PER_ROUND} batches of ${BATCH} new runs (${OBJECTS} objects each, ${JOBS} approved jobs) ` +
    'through Flightdeck over HTTP on loopback, one batch at a time, and as many through the baseline (UNNEST, one transaction per batch, ' +
    'straight on the database), alternating which goes first.',
  '',
  '| measure | median | spread (min–max) |',
  '|---|---:|---:|',
  `| **Flightdeck ingest** | **${Math.round(ours)} runs/s** | ${spread(flightdeckRates, 0)} |`,
  `| baseline (UNNEST) | ${Math.round(limit)} runs/s | ${spread(baselineRates, 0)} |`,
  `| time ratio to the baseline | ${ratio.toFixed(2)}× | |`,
  '',
  `Targets on ${engine}: ≥ ${target} runs/s${onServer ? ` and ≤ ${maxRatio}× the baseline` : ''}. ${meetsRate && meetsRatio ? 'Met.' : 'NOT MET.'}`,
].join('\n');
console.log(table);
recordResults(`ingest on ${engine}`, table);
if (!meetsRate || !meetsRatio) {
  process.exitCode = 1;
}
