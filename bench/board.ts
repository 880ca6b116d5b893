// bench/board: server time of GET /api/v1/run-checks on 1,000,000 runs across 2,000 customers
// (6,000 jobs, two objects per run, one ticket link per failed run) in PostgreSQL: the first
// page, deep pages reached by walking the keyset cursor, and each filter.
// Targets (issue 14): p95 ≤ 25 ms for every scenario idle, ≤ 150 ms while 20 ingest clients write
// (another node on the same database, bench/board-load-worker.ts, sending new jobs' runs). Usage:
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- board
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import { buildApp } from '../server/src/app';
import { createServices } from '../server/src/services';
import { benchAccount, benchLog, openBenchDatabase } from './bench-setup';
import { recordResults } from './results';
import { loadRunsAtScale } from './runs-at-scale';

if (!process.env.DATABASE_URL) {
  console.error('bench/board measures PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres).');
  process.exit(2);
}

const CUSTOMERS = 2_000;
const JOBS_PER_CUSTOMER = 3;
const RUNS = 1_000_000;
const TARGET_MS = 25;
const LOADED_TARGET_MS = 150;
const LOAD_CLIENTS = 20;
const SAMPLES = 100;

const { database, keyring, close, connectionString } = await openBenchDatabase(10);
const services = createServices({ database, keyring });
const ctx = await benchAccount(services);
const account = ctx.accountId;
const db = database.db;

// Issue 14: one ticket per failed run, as Flightdeck is used (not 1 in 20).
const loadMs = await loadRunsAtScale(db, account, { customers: CUSTOMERS, jobsPerCustomer: JOBS_PER_CUSTOMER, runs: RUNS, ticketEvery: 1 });
const counts = (
  await sql<{ runs: number; waiting: number; problems: number; links: number }>`
    select (select count(*)::int from backup_runs) as runs,
      (select count(*)::int from backup_runs where status <> 'success' and reviewed_at is null) as waiting,
      (select count(*)::int from backup_runs where status <> 'success') as problems,
      (select count(*)::int from ticket_links) as links`.execute(db)
).rows[0];

const app = await buildApp({ services, logger: benchLog });
const user = await db.selectFrom('users').select('email').where('account_id', '=', account).executeTakeFirstOrThrow();
const login = await app.inject({
  method: 'POST',
  url: '/api/v1/auth/login',
  payload: { email: user.email, password: 'bench-password-123' },
});
const headers = { cookie: `fd_session=${login.cookies.find((c) => c.name === 'fd_session')?.value}` };

const someCustomer = (
  await db.selectFrom('customers').select('id').where('account_id', '=', account).orderBy('name').offset(777).executeTakeFirstOrThrow()
).id;
const someJob = (await db.selectFrom('backup_jobs').select('id').where('customer_id', '=', someCustomer).executeTakeFirstOrThrow()).id;

type Page = { runs: unknown[]; nextCursor: string | null };
const get = async (query: string) => {
  const started = performance.now();
  const response = await app.inject({ method: 'GET', url: `/api/v1/run-checks${query}`, headers });
  const ms = performance.now() - started;
  if (response.statusCode !== 200) {
    throw new Error(`${query}: ${response.statusCode} ${response.body}`);
  }
  return { ms, page: response.json<Page>() };
};

const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? 0, n: sorted.length };
};

/** The same request SAMPLES times after a short warm-up. */
const repeat = async (query: string, count = SAMPLES) => {
  for (let i = 0; i < 20; i += 1) {
    await get(query);
  }
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    samples.push((await get(query)).ms);
  }
  return { samples, rows: (await get(query)).page.runs.length };
};

/** Walks the cursor from the first page to `pages` deep; returns the timings of the pages after `from`. */
const walk = async (base: string, pages: number, from: number) => {
  const samples: number[] = [];
  let cursor: string | null = null;
  let depth = 0;
  for (let i = 0; i < pages; i += 1) {
    const { ms, page } = await get(`${base}${cursor ? `&cursor=${cursor}` : ''}`);
    depth += page.runs.length;
    if (i >= from) {
      samples.push(ms);
    }
    cursor = page.nextCursor;
    if (!cursor) {
      break;
    }
  }
  return { samples, rows: depth };
};

const scenarios: [string, () => Promise<{ samples: number[]; rows: number }>][] = [
  ['first page (50 runs waiting for review)', () => repeat('?limit=50')],
  ['deep pages 100–400 of the waiting runs (cursor walk)', () => walk('?limit=50', 400, 100)],
  ['include reviewed: first page', () => repeat('?limit=50&includeReviewed=true')],
  ['include reviewed: pages 1,000–1,200 (50,000+ rows deep)', () => walk('?limit=50&includeReviewed=true', 1200, 1000)],
  ['customer filter', () => repeat(`?limit=50&customerId=${someCustomer}&includeReviewed=true`)],
  ['job filter', () => repeat(`?limit=50&jobId=${someJob}&includeReviewed=true`)],
  ['status = missed', () => repeat('?limit=50&status=missed')],
  ['ticket = active', () => repeat('?limit=50&ticket=active&includeReviewed=true')],
  ['ticket = deleted in PSA', () => repeat('?limit=50&ticket=deleted&includeReviewed=true')],
  ['ticket = deleted in PSA, waiting only', () => repeat('?limit=50&ticket=deleted')],
  ['ticket = none', () => repeat('?limit=50&ticket=none')],
];

const rows: string[] = [];
let missed = false;
for (const [name, run] of scenarios) {
  const { samples, rows: depth } = await run();
  const s = stats(samples);
  const ok = s.p95 <= TARGET_MS;
  missed ||= !ok;
  rows.push(`| ${name} | ${s.n} | ${depth} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.max.toFixed(1)} | ${ok ? 'yes' : '**no**'} |`);
  console.log(`${name}: p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms (${s.n} requests)`);
}

// Under load: the same filters (deep walks left out: they take minutes) while another node takes
// 20 clients' report traffic for jobs nobody has approved yet.
const { key: loadKey } = await services.apiKeys.createApiKey(ctx, { name: 'bench-load' });
const worker = new Worker(new URL('./board-load-worker.ts', import.meta.url), {
  execArgv: ['--import', 'tsx'],
  workerData: { connectionString, apiKey: loadKey, clients: LOAD_CLIENTS, batch: 100 },
});
const workerDone = new Promise<{ accepted: number; seconds: number }>((resolve, reject) => {
  worker.on('message', (m: { ready?: boolean; accepted?: number; seconds?: number }) => {
    if (m.accepted !== undefined) {
      resolve(m as { accepted: number; seconds: number });
    }
  });
  worker.on('error', reject);
});
await new Promise<void>((resolve) => worker.once('message', () => resolve()));
// Let the burst build up (new jobs, thousands of Inbox runs) before measuring.
await new Promise((resolve) => setTimeout(resolve, 10_000));
const loadedRows: string[] = [];
for (const [name, run] of scenarios.filter(([n]) => !n.includes('pages'))) {
  const { samples } = await run();
  const s = stats(samples);
  const ok = s.p95 <= LOADED_TARGET_MS;
  missed ||= !ok;
  loadedRows.push(`| ${name} | ${s.n} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.max.toFixed(1)} | ${ok ? 'yes' : '**no**'} |`);
  console.log(`under load — ${name}: p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`);
}
worker.postMessage('stop');
const load = await workerDone;
await worker.terminate();
// Counted in the database: what the load wrote, and how much of it waits in the Inbox.
const written = (
  await sql<{ runs: number; inbox: number }>`
    select count(*)::int as runs, (count(*) filter (where not job_active))::int as inbox from backup_runs where source = 'bench-load'`.execute(
    db,
  )
).rows[0];

const body = [
  `PostgreSQL; ${counts?.runs.toLocaleString('en')} runs (${counts?.problems.toLocaleString('en')} warning/error/missed, ${counts?.waiting.toLocaleString('en')} waiting for review), ${CUSTOMERS.toLocaleString('en')} customers, ${(CUSTOMERS * JOBS_PER_CUSTOMER).toLocaleString('en')} jobs, ${counts?.links.toLocaleString('en')} ticket links; loaded in ${(loadMs / 1000).toFixed(0)} s.`,
  `Server time per request (\`app.inject\`: auth, validation, query, serialisation), target p95 ≤ ${TARGET_MS} ms.`,
  '',
  `| scenario | requests | rows returned / walked | p50 ms | p95 ms | max ms | p95 ≤ ${TARGET_MS} ms |`,
  '|---|---|---|---|---|---|---|',
  ...rows,
  '',
  `Under load: ${LOAD_CLIENTS} clients posting batches of 100 runs (10 objects each) for new jobs to a second Flightdeck node on the same database, ${Math.round((written?.runs ?? 0) / load.seconds).toLocaleString('en')} runs/s written, ${written?.runs.toLocaleString('en')} runs in ${load.seconds.toFixed(0)} s (${written?.inbox.toLocaleString('en')} of them Inbox runs) while the board was measured; target p95 ≤ ${LOADED_TARGET_MS} ms.`,
  '',
  `| scenario | requests | p50 ms | p95 ms | max ms | p95 ≤ ${LOADED_TARGET_MS} ms |`,
  '|---|---|---|---|---|---|',
  ...loadedRows,
].join('\n');
recordResults('board', body);
console.log(body);
await app.close();
await close();
process.exit(missed ? 1 : 0);
