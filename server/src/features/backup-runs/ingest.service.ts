// B2.3 (a): the ingestion API. A batch is written in one transaction, so an item is either fully
// stored (run and objects) or not at all. Each item is validated on its own; the same
// (source, source key) again is a duplicate, never a second run; a run of a job nobody approved
// yet waits in the Inbox with its job.
import type { Database } from '#src/db/connection';
import { withTenant } from '#src/db/tenant';
import type { Clock } from '#src/lib/clock';
import { type RequestContext, requireRole } from '#src/lib/context';
import type { BackupRunsRepository, NewRunObject } from './backup-runs.repository';
import { type IngestItemResult, RunInput } from './ingest.schemas';
import { jobMatchKey } from './job-match-key';

type Valid = { index: number; run: RunInput; matchKey: string };

const reasonOf = (error: { issues: { path: PropertyKey[]; message: string }[] }) =>
  error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || 'run'}: ${i.message}`)
    .join('; ');

export const createIngestService = (deps: { database: Database; runs: BackupRunsRepository; clock: Clock }) => ({
  async ingestRuns(ctx: RequestContext, batch: { source: string; runs: unknown[] }) {
    requireRole(ctx, ['machine']);
    const results: IngestItemResult[] = batch.runs.map((_, index) => ({
      index,
      sourceKey: null,
      result: 'rejected',
      runId: null,
      routedTo: null,
      reason: null,
    }));
    const reporter = `api:${batch.source}`;
    const valid: Valid[] = [];
    const firstIndexOfKey = new Map<string, number>();
    batch.runs.forEach((raw, index) => {
      const parsed = RunInput.safeParse(raw);
      const result = results[index] as IngestItemResult;
      if (!parsed.success) {
        result.reason = reasonOf(parsed.error);
        const key = (raw as { sourceKey?: unknown } | null)?.sourceKey;
        result.sourceKey = typeof key === 'string' ? key : null;
        return;
      }
      result.sourceKey = parsed.data.sourceKey;
      if (firstIndexOfKey.has(parsed.data.sourceKey)) {
        Object.assign(result, { result: 'duplicate', reason: `Same sourceKey as item ${firstIndexOfKey.get(parsed.data.sourceKey)}` });
        return;
      }
      firstIndexOfKey.set(parsed.data.sourceKey, index);
      valid.push({ index, run: parsed.data, matchKey: jobMatchKey(reporter, parsed.data.job.software, parsed.data.job.name) });
    });

    if (valid.length) {
      await withTenant(deps.database, ctx, async (tx) => {
        const keys = [...new Set(valid.map((v) => v.matchKey))];
        const known = new Map((await deps.runs.findJobsByMatchKeys(tx, keys)).map((j) => [j.match_key, j]));
        const unknown = valid.filter((v) => !known.has(v.matchKey));
        if (unknown.length) {
          const fresh = new Map(unknown.map((v) => [v.matchKey, v.run.job]));
          await deps.runs.insertPendingJobs(
            tx,
            [...fresh].map(([matchKey, job]) => ({
              account_id: ctx.accountId,
              name: job.name,
              backup_software: job.software,
              backup_type: job.type,
              reporter,
              match_key: matchKey,
            })),
          );
          for (const job of await deps.runs.findJobsByMatchKeys(tx, [...fresh.keys()])) {
            known.set(job.match_key, job);
          }
        }
        const jobOf = (v: Valid) => known.get(v.matchKey) as NonNullable<ReturnType<typeof known.get>>;
        const inserted = await deps.runs.insertRuns(
          tx,
          valid.map((v) => {
            const startedAt = v.run.startedAt ? new Date(v.run.startedAt) : null;
            const endedAt = v.run.endedAt ? new Date(v.run.endedAt) : null;
            return {
              account_id: ctx.accountId,
              job_id: jobOf(v).id,
              status: v.run.status,
              started_at: startedAt,
              ended_at: endedAt,
              run_at: (endedAt ?? startedAt) as Date,
              remark: v.run.remark,
              source: batch.source,
              source_key: v.run.sourceKey,
              evidence_id: null,
            };
          }),
        );
        const runIdOfKey = new Map(inserted.map((r) => [r.source_key, r.id]));
        const customers = [...new Set(valid.map((v) => jobOf(v).customer_id).filter((c): c is string => c !== null))];
        const items = await deps.runs.findInfrastructureItems(tx, customers);
        const itemOf = new Map(items.map((i) => [`${i.customer_id}|${i.name.toLowerCase()}`, i.id]));
        const objects: NewRunObject[] = [];
        const lastRuns = new Map<string, Date>();
        for (const v of valid) {
          const result = results[v.index] as IngestItemResult;
          const runId = runIdOfKey.get(v.run.sourceKey);
          const job = jobOf(v);
          if (!runId) {
            Object.assign(result, { result: 'duplicate', reason: 'A run with this sourceKey was ingested before' });
            continue;
          }
          Object.assign(result, { result: 'accepted', runId, routedTo: job.state === 'active' ? 'job' : 'inbox' });
          const runAt = new Date(v.run.endedAt ?? (v.run.startedAt as string));
          if (!lastRuns.has(job.id) || (lastRuns.get(job.id) as Date) < runAt) {
            lastRuns.set(job.id, runAt);
          }
          v.run.objects.forEach((object, position) => {
            objects.push({
              account_id: ctx.accountId,
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
        await deps.runs.insertRunObjects(tx, objects);
        await deps.runs.touchJobs(tx, lastRuns);
      });
    }
    const count = (kind: IngestItemResult['result']) => results.filter((r) => r.result === kind).length;
    ctx.log.info(
      { source: batch.source, accepted: count('accepted'), duplicate: count('duplicate'), rejected: count('rejected') },
      'runs ingested',
    );
    return { accepted: count('accepted'), duplicate: count('duplicate'), rejected: count('rejected'), items: results };
  },
});

export type IngestService = ReturnType<typeof createIngestService>;
