// Writes validated runs (from the API or a parsed report mail) inside the caller's transaction:
// unknown jobs become Inbox entries, a (source, source key) seen before is skipped, and each run
// is stored with all its objects, matched to the customer's infrastructure items by name. Overrides
// (B3) are applied to the new runs before the transaction commits.
import type { Tx } from '#src/db/tenant';
import { applyOverrides } from '#src/features/run-overrides/apply-overrides';
import type { RunOverridesRepository } from '#src/features/run-overrides/run-overrides.repository';
import type { BackupRunsRepository, JobRef, NewRunObject } from './backup-runs.repository';
import type { RunInput } from './ingest.schemas';
import { jobMatchKey } from './job-match-key';

/** Customer references compare as the database index does: trimmed, without regard to case. */
export const refKey = (ref: string) => ref.trim().toLowerCase();

export type RunOrigin = { reporter: string; source: string; evidenceId: string | null; receivedAt: Date };
export type RunWriterRepositories = { runs: BackupRunsRepository; overrides: RunOverridesRepository };
export type WrittenRun = { runId: string; jobId: string; routedTo: 'job' | 'inbox' };
/** A run to write; `attempt` > 1 marks a retry of the same session (from a report mail). */
export type RunToWrite = RunInput & { attempt?: number };

/** The runs written, by source key; a key missing from the map was a duplicate. */
export const writeRuns = async (
  repositories: RunWriterRepositories,
  tx: Tx,
  accountId: string,
  origin: RunOrigin,
  runs: readonly RunToWrite[],
): Promise<Map<string, WrittenRun>> => {
  const repository = repositories.runs;
  // Each run's key is asked for several times below; it is worked out once (normalising is not free).
  const keyByRun = new Map<RunInput, string>();
  const keyOf = (run: RunInput) => {
    let key = keyByRun.get(run);
    if (key === undefined) {
      key = jobMatchKey(origin.reporter, run.job.software, run.job.name, run.job.host);
      keyByRun.set(run, key);
    }
    return key;
  };
  const keys = [...new Set(runs.map(keyOf))];
  const known = new Map((await repository.findJobsByMatchKeys(tx, keys)).map((j) => [j.match_key, j]));
  // The first run of a new job in the batch names it (host and name as that run spelled them).
  const fresh = new Map<string, RunToWrite>();
  for (const run of runs) {
    if (!known.has(keyOf(run)) && !fresh.has(keyOf(run))) {
      fresh.set(keyOf(run), run);
    }
  }
  if (fresh.size) {
    // Issue 19: a new job whose customer reference an admin mapped for this source starts approved.
    const refs = [...new Set([...fresh.values()].flatMap((r) => (r.customerRef ? [refKey(r.customerRef)] : [])))];
    const mapped = await repository.findMappedCustomerRefs(tx, origin.source, refs);
    await repository.insertPendingJobs(
      tx,
      [...fresh].map(([matchKey, run]) => {
        const customerId = run.customerRef ? (mapped.get(refKey(run.customerRef)) ?? null) : null;
        return {
          account_id: accountId,
          name: run.job.name,
          backup_software: run.job.software,
          backup_type: run.job.type,
          reporter: origin.reporter,
          match_key: matchKey,
          host: run.job.host ?? '',
          customer_ref: run.customerRef ?? null,
          state: customerId ? 'active' : 'pending',
          customer_id: customerId,
          approved_at: customerId ? origin.receivedAt : null,
        };
      }),
    );
    for (const job of await repository.findJobsByMatchKeys(tx, [...fresh.keys()])) {
      known.set(job.match_key, job);
    }
  }
  const jobOf = (run: RunInput) => known.get(keyOf(run)) as JobRef;
  const runAtOf = (run: RunInput) => new Date((run.endedAt ?? run.startedAt) as string);
  const inserted = await repository.insertRuns(
    tx,
    runs.map((run) => ({
      account_id: accountId,
      job_id: jobOf(run).id,
      status: run.status,
      started_at: run.startedAt ? new Date(run.startedAt) : null,
      ended_at: run.endedAt ? new Date(run.endedAt) : null,
      run_at: runAtOf(run),
      remark: run.remark,
      source: origin.source,
      source_key: run.sourceKey,
      evidence_id: origin.evidenceId,
      attempt: run.attempt ?? 1,
      size_bytes: run.sizeBytes ?? null,
      transferred_bytes: run.transferredBytes ?? null,
    })),
  );
  const runIdOfKey = new Map(inserted.map((r) => [r.source_key, r.id]));
  const customers = [...new Set(runs.map((r) => jobOf(r).customer_id).filter((c): c is string => c !== null))];
  const itemOf = new Map(
    (await repository.findInfrastructureItems(tx, customers)).map((i) => [`${i.customer_id}|${i.name.toLowerCase()}`, i.id]),
  );
  const written = new Map<string, WrittenRun>();
  const objects: NewRunObject[] = [];
  const lastRuns = new Map<string, Date>();
  for (const run of runs) {
    const runId = runIdOfKey.get(run.sourceKey);
    if (!runId) {
      continue;
    }
    const job = jobOf(run);
    written.set(run.sourceKey, { runId, jobId: job.id, routedTo: job.state === 'active' ? 'job' : 'inbox' });
    const runAt = runAtOf(run);
    if ((lastRuns.get(job.id) ?? new Date(0)) < runAt) {
      lastRuns.set(job.id, runAt);
    }
    run.objects.forEach((object, position) => {
      objects.push({
        account_id: accountId,
        run_id: runId,
        position,
        name: object.name,
        type: object.type,
        status: object.status,
        messages: JSON.stringify(object.messages),
        infrastructure_item_id: job.customer_id ? (itemOf.get(`${job.customer_id}|${object.name.toLowerCase()}`) ?? null) : null,
      });
    });
  }
  await repository.insertRunObjects(tx, objects);
  for (const run of runs) {
    const done = written.get(run.sourceKey);
    if (done && (run.attempt ?? 1) > 1) {
      await repository.supersedeEarlierAttempts(
        tx,
        {
          id: done.runId,
          jobId: done.jobId,
          attempt: run.attempt as number,
          startedAt: new Date((run.startedAt ?? run.endedAt) as string),
        },
        origin.receivedAt,
      );
    }
  }
  if (origin.evidenceId) {
    for (const run of runs) {
      const done = written.get(run.sourceKey);
      if (done && run.startedAt) {
        await repository.supersedeEarlierReports(
          tx,
          {
            id: done.runId,
            jobId: done.jobId,
            startedAt: new Date(run.startedAt),
            endedAt: run.endedAt ? new Date(run.endedAt) : null,
            evidenceId: origin.evidenceId,
          },
          origin.receivedAt,
        );
      }
    }
  }
  await repository.touchJobs(tx, lastRuns);
  await applyOverrides(
    tx,
    repositories.overrides,
    [...written.values()].map((w) => w.runId),
    origin.receivedAt,
    [...written.values()].map((w) => w.jobId),
  );
  return written;
};
