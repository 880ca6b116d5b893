// pg-boss on Flightdeck's own database: PGlite through pg-boss's PGlite adapter (one connection,
// shared safely with Kysely, see db/pglite-dialect.ts), or a small pool on a PostgreSQL server.
import { fromPglite, PgBoss } from 'pg-boss';
import type { Database } from '#src/db/connection';
import type { AnyJob, JobDeps, JobQueue } from './job';
import { createJobClaims } from './job-claims';
import { runJob } from './run-job';

export const createPgBossQueue = (database: Database, jobs: readonly AnyJob[], deps: JobDeps): JobQueue => {
  const boss =
    database.engine === 'pglite' && database.pglite
      ? new PgBoss({ db: fromPglite(database.pglite), backend: 'pglite' })
      : new PgBoss({ connectionString: database.connectionString, max: 3 });
  const claims = createJobClaims(database);
  boss.on('error', (error) => deps.log.error({ err: error }, 'job queue error'));

  const queue: JobQueue = {
    async start() {
      await boss.start();
      for (const job of jobs) {
        await boss.createQueue(job.name);
        await boss.work(job.name, async (batch) => {
          for (const item of batch) {
            deps.log.debug({ job: job.name, jobId: item.id }, 'job started');
            await runJob(job, item.data, { ...deps, queue }, claims);
          }
        });
        if (job.schedule) {
          const cron = typeof job.schedule.cron === 'function' ? job.schedule.cron(deps.services) : job.schedule.cron;
          await boss.schedule(job.name, cron, job.schedule.payload, { tz: 'UTC' });
        }
      }
    },
    async send(job, payload) {
      await boss.send(job.name, job.payload.parse(payload), {
        ...(job.dedupeKey && { singletonKey: job.dedupeKey(payload) }),
        ...(job.retry && { retryLimit: job.retry.limit, retryDelay: job.retry.delaySeconds, retryBackoff: true }),
      });
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
  return queue;
};
