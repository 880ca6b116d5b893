// bench/db-backup (issue 21): backup and verification of Flightdeck's own database at 1,000,000
// runs (2,000 customers × 3 daily jobs, two objects a run, the board bench's data) on the engine
// DATABASE_URL selects (PGlite without it). Each of several rounds times Flightdeck's backup (the
// consistent snapshot with its row counts and checksums, sealing, the atomic write) and its
// verification (read back, unseal, restore into a scratch database, compare), next to a baseline
// measured in the same run: the engine's own dump alone (pg_dump -Fc to a file; PGlite's
// dumpDataDir). Medians, the spread, file size and the ratio to the baseline go to RESULTS.md.
// Usage: npm run bench -- db-backup   (PGlite)   ·   DATABASE_URL=postgres://… npm run bench -- db-backup
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { takeBackup, verifyBackupFile } from '../server/src/features/db-backups/backup.service';
import { createServices } from '../server/src/services';
import { benchAccount, openBenchDatabase } from './bench-setup';
import { recordResults } from './results';
import { median, spread } from './stats';
import { loadRunsAtScale } from './runs-at-scale';

const ROUNDS = 3;
const { database, engine, keyring, close } = await openBenchDatabase(5);
const services = createServices({ database, keyring });
const ctx = await benchAccount(services);
const loadMs = await loadRunsAtScale(database.db, ctx.accountId, { customers: 2_000, jobsPerCustomer: 3, runs: 1_000_000 });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-bench-backup-'));

const baseline = async () => {
  const started = performance.now();
  if (database.engine === 'pglite') {
    await (database.pglite as NonNullable<typeof database.pglite>).dumpDataDir('gzip');
  } else {
    const out = path.join(dir, 'baseline.dump');
    const result = spawnSync('pg_dump', ['--format=custom', `--file=${out}`, `--dbname=${database.connectionString}`]);
    if (result.status !== 0) {
      throw new Error(result.stderr.toString());
    }
    fs.rmSync(out);
  }
  return performance.now() - started;
};

const rows: { base: number; backup: number; verify: number; size: number }[] = [];
for (let round = 0; round < ROUNDS; round += 1) {
  const base = await baseline();
  // Flightdeck's backup without its own verification, then the verification on its own.
  const started = performance.now();
  const result = await takeBackup({ database, dir, keyring, now: () => new Date() }, 'manual');
  const total = performance.now() - started;
  const verifyStarted = performance.now();
  const verified = await verifyBackupFile(result?.file as string, keyring, database);
  const verify = performance.now() - verifyStarted;
  if (verified.verification !== 'passed' || result?.verification !== 'passed') {
    throw new Error(`verification failed: ${verified.reason ?? result?.reason}`);
  }
  // takeBackup verifies too; its backup share is the total less one verification.
  rows.push({ base, backup: total - verify, verify, size: result?.size ?? 0 });
  console.log(
    `round ${round + 1}: baseline ${Math.round(base)} ms, backup ${Math.round(total - verify)} ms, verify ${Math.round(verify)} ms`,
  );
}

const b = rows.map((r) => r.base);
const k = rows.map((r) => r.backup);
const v = rows.map((r) => r.verify);
const body = `${engine}, 1,000,000 runs (2,000 customers, 6,000 jobs, 2,000,000 run objects; loaded in ${Math.round(loadMs / 1000)} s). ${ROUNDS} rounds, medians (min–max):

| step | median ms | spread ms |
| --- | --- | --- |
| baseline: ${database.engine === 'pglite' ? "PGlite's dumpDataDir('gzip')" : 'pg_dump -Fc to a file'} | ${Math.round(median(b))} | ${spread(b, 0)} |
| Flightdeck backup (snapshot + counts + checksums + seal + atomic write) | ${Math.round(median(k))} | ${spread(k, 0)} |
| verification (read, unseal, restore into a scratch database, compare) | ${Math.round(median(v))} | ${spread(v, 0)} |

Backup / baseline: ${(median(k) / median(b)).toFixed(2)}×. File: ${(median(rows.map((r) => r.size)) / 2 ** 20).toFixed(1)} MiB (sealed).`;
console.log(body);
recordResults(`db-backup (${engine})`, body);
fs.rmSync(dir, { recursive: true, force: true });
await close();
