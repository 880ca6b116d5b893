// bench/dashboard: server time of GET /api/v1/dashboard on 1,000,000 runs across 2,000 customers
// (6,000 jobs, the board bench's data, newest runs an hour ago) in PostgreSQL: the first page by
// "needs attention" with the 14- and 30-day heat-maps, sorted by name, a deep page, and a search.
// Target (issue 19): p95 ≤ 100 ms for every scenario. Also: what the rollup triggers cost a bulk
// insert (the same 100,000-run insert into a scratch copy of the table with and without them).
// Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- dashboard
import { sql } from 'kysely';
import { buildApp } from '../server/src/app';
import { createServices } from '../server/src/services';
import { benchAccount, benchLog, openBenchDatabase } from './bench-setup';
import { recordResults } from './results';
import { loadRunsAtScale } from './runs-at-scale';

if (!process.env.DATABASE_URL) {
  console.error('bench/dashboard measures PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres).');
  process.exit(2);
}

const CUSTOMERS = 2_000;
const JOBS_PER_CUSTOMER = 3;
const RUNS = 1_000_000;
const TARGET_MS = 100;
const SAMPLES = 60;

const { database, keyring, close } = await openBenchDatabase(10);
const services = createServices({ database, keyring });
const ctx = await benchAccount(services);
const db = database.db;
const loadMs = await loadRunsAtScale(db, ctx.accountId, {
  customers: CUSTOMERS,
  jobsPerCustomer: JOBS_PER_CUSTOMER,
  runs: RUNS,
  newest: new Date(Date.now() - 3_600_000),
});
const counts = (
  await sql<{ runs: number; rollups: number }>`
    select (select count(*)::int from backup_runs) as runs, (select count(*)::int from customer_day_rollups) as rollups`.execute(db)
).rows[0];

const app = await buildApp({ services, logger: benchLog });
const user = await db.selectFrom('users').select('email').where('account_id', '=', ctx.accountId).executeTakeFirstOrThrow();
const login = await app.inject({
  method: 'POST',
  url: '/api/v1/auth/login',
  payload: { email: user.email, password: 'bench-password-123' },
});
const headers = { cookie: `fd_session=${login.cookies.find((c) => c.name === 'fd_session')?.value}` };

const get = async (query: string) => {
  const started = performance.now();
  const response = await app.inject({ method: 'GET', url: `/api/v1/dashboard${query}`, headers });
  const ms = performance.now() - started;
  if (response.statusCode !== 200) {
    throw new Error(`${query}: ${response.statusCode} ${response.body}`);
  }
  return { ms, customers: response.json<{ customers: unknown[] }>().customers.length };
};
const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? 0, n: sorted.length };
};
const repeat = async (query: string) => {
  for (let i = 0; i < 10; i += 1) {
    await get(query);
  }
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i += 1) {
    samples.push((await get(query)).ms);
  }
  return { samples, rows: (await get(query)).customers };
};

/** The same bulk insert of runs into a scratch table shaped like backup_runs, with and without the rollup trigger. */
const triggerCost = async () => {
  const job = (await db.selectFrom('backup_jobs').select('id').executeTakeFirstOrThrow()).id;
  const insert = (offset: number) => sql`
    insert into backup_runs (account_id, job_id, status, run_at, ended_at, source, source_key)
    select ${ctx.accountId}, ${job}, 'success', now() - g * interval '1 second', now(), 'trigger-bench', 'tb-' || (g + ${offset})
    from generate_series(1, 100000) g`;
  const timed = async (offset: number) => {
    const started = performance.now();
    await insert(offset).execute(db);
    return performance.now() - started;
  };
  const withTrigger: number[] = [];
  const without: number[] = [];
  for (let round = 0; round < 3; round += 1) {
    withTrigger.push(await timed(round * 1_000_000));
    await sql`alter table backup_runs disable trigger backup_runs_rollup_insert`.execute(db);
    without.push(await timed(round * 1_000_000 + 500_000));
    await sql`alter table backup_runs enable trigger backup_runs_rollup_insert`.execute(db);
  }
  await sql`delete from backup_runs where source = 'trigger-bench'`.execute(db);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1] as number;
  return { withTrigger: median(withTrigger), without: median(without) };
};

const scenarios: [string, string][] = [
  ['needs attention, 14 days, first 50 customers', '?days=14&limit=50'],
  ['needs attention, 30 days, first 50 customers', '?days=30&limit=50'],
  ['by name, 30 days, first 50', '?days=30&sort=name&limit=50'],
  ['needs attention, page 30 (offset 1,450)', '?days=14&offset=1450&limit=50'],
  ['search "Customer 17"', '?days=14&search=Customer%2017'],
];
const rows: string[] = [];
let missed = false;
for (const [name, query] of scenarios) {
  const { samples, rows: returned } = await repeat(query);
  const s = stats(samples);
  const ok = s.p95 <= TARGET_MS;
  missed ||= !ok;
  rows.push(
    `| ${name} | ${s.n} | ${returned} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.max.toFixed(1)} | ${ok ? 'yes' : '**no**'} |`,
  );
  console.log(`${name}: p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms (${s.n} requests)`);
}
const cost = await triggerCost();

const body = [
  `PostgreSQL; ${counts?.runs.toLocaleString('en')} runs, ${CUSTOMERS.toLocaleString('en')} customers, ${(CUSTOMERS * JOBS_PER_CUSTOMER).toLocaleString('en')} jobs, ${counts?.rollups.toLocaleString('en')} customer-day rollup rows; loaded in ${(loadMs / 1000).toFixed(0)} s (rollups written by the triggers during the load).`,
  `Server time per request (\`app.inject\`), target p95 ≤ ${TARGET_MS} ms.`,
  '',
  '| scenario | requests | customers returned | p50 ms | p95 ms | max ms | p95 ≤ 100 ms |',
  '|---|---|---|---|---|---|---|',
  ...rows,
  '',
  `Rollup trigger cost on one 100,000-run insert (median of 3, alternating): ${cost.withTrigger.toFixed(0)} ms with it, ${cost.without.toFixed(0)} ms without (${(cost.withTrigger / cost.without).toFixed(2)}×).`,
].join('\n');
recordResults('dashboard', body);
console.log(body);
await app.close();
await close();
process.exit(missed ? 1 : 0);
