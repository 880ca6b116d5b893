// B2.3 (a): the ingestion API. A batch is written in one transaction, so an item is either fully
// stored (run and objects) or not at all. Each item is validated on its own; the same
// (source, source key) again is a duplicate, never a second run; a run of a job nobody approved
// yet waits in the Inbox with its job.

import type { Database } from '#src/db/connection';
import { withTenant } from '#src/db/tenant';
import { findUnsafeText } from '#src/lib/boundary-text';
import type { Clock } from '#src/lib/clock';
import { type RequestContext, requireRole } from '#src/lib/context';
import { type IngestItemResult, RunInput } from './ingest.schemas';
import { type RunWriterRepositories, writeRuns } from './run-writer';

type Valid = { index: number; run: RunInput };

const reasonOf = (error: { issues: { path: PropertyKey[]; message: string }[] }) =>
  error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || 'run'}: ${i.message}`)
    .join('; ');

export const createIngestService = (deps: { database: Database; repositories: RunWriterRepositories; clock: Clock }) => ({
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
      const result = results[index] as IngestItemResult;
      // N4: a NUL byte or a broken surrogate rejects this item alone; the batch goes on.
      const unsafe = findUnsafeText(raw, `runs.${index}`);
      if (unsafe) {
        result.reason = `${unsafe.path} ${unsafe.problem}`;
        return;
      }
      const parsed = RunInput.safeParse(raw);
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
      valid.push({ index, run: parsed.data });
    });

    if (valid.length) {
      const written = await withTenant(deps.database, ctx, (tx) =>
        writeRuns(
          deps.repositories,
          tx,
          ctx.accountId,
          { reporter, source: batch.source, evidenceId: null, receivedAt: deps.clock.now() },
          valid.map((v) => v.run),
        ),
      );
      for (const v of valid) {
        const outcome = written.get(v.run.sourceKey);
        Object.assign(
          results[v.index] as IngestItemResult,
          outcome
            ? { result: 'accepted', runId: outcome.runId, routedTo: outcome.routedTo }
            : { result: 'duplicate', reason: 'A run with this sourceKey was ingested before' },
        );
      }
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
