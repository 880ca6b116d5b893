// Runs a job the moment it is sent, in the caller's flow: deterministic for tests. A job with a
// retry policy is retried at once (pg-boss waits with back-off in between); the last failure is
// thrown to the sender.
import type { JobDeps, JobQueue } from './job';
import { createJobClaims } from './job-claims';
import { runJob } from './run-job';

export const createInlineQueue = (deps: JobDeps): JobQueue => {
  const claims = createJobClaims(deps.services.database);
  const queue: JobQueue = {
    start: async () => {},
    stop: async () => {},
    async send(job, payload) {
      const attempts = 1 + (job.retry?.limit ?? 0);
      for (let attempt = 1; ; attempt += 1) {
        try {
          await runJob(job, payload, { ...deps, queue }, claims);
          return;
        } catch (error) {
          if (attempt >= attempts) {
            throw error;
          }
        }
      }
    },
  };
  return queue;
};
