// Issue 14: "a job with the same key runs once" holds across nodes and after the first run has
// finished. pg-boss's singletonKey only stops a second copy while the first is queued; a claim row
// (job_claims, a system table) is taken before the handler runs and outlives it.
import type { Database } from '#src/db/connection';

export type JobClaims = {
  /** True when this caller is the first with the key; false when another run has it. */
  claim(jobName: string, key: string): Promise<boolean>;
  /** Gives the key back after a failed run, so the retry may run. */
  release(jobName: string, key: string): Promise<void>;
  /** Drops claims older than `before` (the keys carry their period, which is long gone). */
  prune(before: Date): Promise<number>;
};

export const createJobClaims = (database: Database): JobClaims => ({
  async claim(jobName, key) {
    const row = await database.db
      .insertInto('job_claims')
      .values({ job_name: jobName, dedupe_key: key.slice(0, 400) })
      .onConflict((oc) => oc.columns(['job_name', 'dedupe_key']).doNothing())
      .returning('job_name')
      .executeTakeFirst();
    return row !== undefined;
  },
  async release(jobName, key) {
    await database.db.deleteFrom('job_claims').where('job_name', '=', jobName).where('dedupe_key', '=', key.slice(0, 400)).execute();
  },
  async prune(before) {
    const result = await database.db.deleteFrom('job_claims').where('claimed_at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
});
