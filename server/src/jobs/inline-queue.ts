// Runs a job the moment it is sent, in the caller's flow: deterministic for tests.
import type { JobDeps, JobQueue } from './job';

export const createInlineQueue = (deps: JobDeps): JobQueue => {
  const queue: JobQueue = {
    start: async () => {},
    stop: async () => {},
    async send(job, payload) {
      await job.handle(job.payload.parse(payload), { ...deps, queue });
    },
  };
  return queue;
};
