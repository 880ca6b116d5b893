// The one way a job's handler runs, for both drivers: payload checked, a keyed job claimed first
// (it runs once per key across nodes), the claim given back if the handler fails so a retry runs.
import type { AnyJob, JobRuntime } from './job';
import type { JobClaims } from './job-claims';

export const runJob = async (job: AnyJob, data: unknown, runtime: JobRuntime, claims: JobClaims): Promise<'ran' | 'skipped'> => {
  const payload = job.payload.parse(data);
  const key = job.dedupeKey?.(payload);
  if (key !== undefined && !(await claims.claim(job.name, key))) {
    runtime.log.debug({ job: job.name, key }, 'job skipped: this key already ran');
    return 'skipped';
  }
  try {
    await job.handle(payload, runtime);
    return 'ran';
  } catch (error) {
    if (key !== undefined) {
      await claims.release(job.name, key);
    }
    throw error;
  }
};
