// B3: applies the account's overrides to runs that just arrived (or were waiting), inside the
// caller's transaction. A covered run keeps its reported status and is marked reviewed by the
// override, so it leaves the Run Checks board but stays visible with "include reviewed".
import type { Tx } from '#src/db/tenant';
import { findCoveringOverride, type MatchMode, type OverrideLevel, type OverrideRule } from './override-matching';
import type { RunOverridesRepository } from './run-overrides.repository';

export const applyOverrides = async (
  tx: Tx,
  repository: RunOverridesRepository,
  runIds: readonly string[],
  at: Date,
  /** The runs' jobs when the caller knows them: with no rule for any, the runs are not read at all. */
  knownJobIds?: readonly string[],
) => {
  if (runIds.length === 0 || (knownJobIds && (await repository.findRulesForJobs(tx, [...new Set(knownJobIds)])).length === 0)) {
    return 0;
  }
  const runs = await repository.findRunsToCheck(tx, runIds);
  if (runs.length === 0) {
    return 0;
  }
  const rules: OverrideRule[] = (await repository.findRulesForJobs(tx, [...new Set(runs.map((r) => r.job_id))])).map((r) => ({
    id: r.id,
    level: r.level as OverrideLevel,
    jobId: r.job_id,
    objectName: r.object_name,
    statuses: r.statuses,
    matchText: r.match_text,
    matchMode: r.match_mode as MatchMode,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
  }));
  if (rules.length === 0) {
    return 0;
  }
  const decisions = new Map<string, string>();
  for (const run of runs) {
    const rule = findCoveringOverride(
      { jobId: run.job_id, status: run.status, runAt: run.run_at, remark: run.remark, objects: run.objects },
      rules,
    );
    if (rule) {
      decisions.set(run.id, rule.id);
    }
  }
  return repository.markOverridden(tx, decisions, at);
};
