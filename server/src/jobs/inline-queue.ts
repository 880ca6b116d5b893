// Runs a job the moment it is sent, in the caller's flow: deterministic for tests.
import type { JobDeps, JobQueue } from './job';
import { createJobClaims } from './job-claims';
import { runJob } from './run-job';

export const createInlineQueue = (deps: JobDeps): JobQueue => {
  const claims = createJobClaims(deps.services.database);
  const queue: JobQueue = {
    start: async () => {},
    stop: async () => {},
    async send(job, payload) {
      await runJob(job, payload, { ...deps, queue }, claims);
    },
  };
  return queue;
};
