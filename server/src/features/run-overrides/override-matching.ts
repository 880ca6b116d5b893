// B3 overrides, as pure rules: which problems a run has, and whether overrides cover all of them.
// A run is treated as success only when every problem it reports is covered — one override for a
// known-noisy object must not hide a second object that really failed.
export const OVERRIDE_LEVELS = ['object', 'job', 'global'] as const;
export const MATCH_MODES = ['contains', 'exact', 'starts_with', 'ends_with'] as const;
export const PROBLEM_STATUSES = ['warning', 'error', 'missed'] as const;

export type OverrideLevel = (typeof OVERRIDE_LEVELS)[number];
export type MatchMode = (typeof MATCH_MODES)[number];
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

export type OverrideRule = {
  id: string;
  level: OverrideLevel;
  jobId: string | null;
  objectName: string | null;
  /** Empty: any problem status. */
  statuses: readonly string[];
  matchText: string | null;
  matchMode: MatchMode;
  validFrom: Date | null;
  validUntil: Date | null;
};

export type RunToCheck = {
  jobId: string;
  status: string;
  runAt: Date;
  remark: string;
  objects: readonly { name: string; status: string; messages: readonly string[] }[];
};

/** One thing a run reports as wrong: an object that did not succeed, or the run itself. */
export type RunProblem = { objectName: string | null; status: string; texts: readonly string[] };

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

export const problemsOf = (run: RunToCheck): RunProblem[] => {
  if (run.status === 'success') {
    return [];
  }
  const objects = run.objects.filter((o) => o.status !== 'success');
  if (objects.length === 0) {
    // A run-level problem (a missed run, or an error without objects) is described by its remark.
    return [{ objectName: null, status: run.status, texts: run.remark ? [run.remark] : [] }];
  }
  return objects.map((o) => ({ objectName: o.name, status: o.status, texts: run.remark ? [...o.messages, run.remark] : o.messages }));
};

export const textMatches = (mode: MatchMode, pattern: string, text: string): boolean => {
  const [p, t] = [normalise(pattern), normalise(text)];
  switch (mode) {
    case 'contains':
      return t.includes(p);
    case 'exact':
      return t === p;
    case 'starts_with':
      return t.startsWith(p);
    case 'ends_with':
      return t.endsWith(p);
  }
};

export const isOverrideInEffect = (rule: OverrideRule, at: Date): boolean =>
  (rule.validFrom === null || rule.validFrom <= at) && (rule.validUntil === null || at < rule.validUntil);

export const overrideCovers = (rule: OverrideRule, run: RunToCheck, problem: RunProblem): boolean => {
  if (!isOverrideInEffect(rule, run.runAt)) {
    return false;
  }
  if (rule.level !== 'global' && rule.jobId !== run.jobId) {
    return false;
  }
  if (rule.level === 'object' && (problem.objectName === null || normalise(problem.objectName) !== normalise(rule.objectName ?? ''))) {
    return false;
  }
  if (rule.statuses.length > 0 && !rule.statuses.includes(problem.status)) {
    return false;
  }
  const pattern = rule.matchText;
  return pattern === null || problem.texts.some((text) => textMatches(rule.matchMode, pattern, text));
};

/** The override that decides the run (the first covering its first problem), or null when any problem is uncovered. */
export const findCoveringOverride = (run: RunToCheck, rules: readonly OverrideRule[]): OverrideRule | null => {
  const problems = problemsOf(run);
  if (problems.length === 0) {
    return null;
  }
  let decidingRule: OverrideRule | null = null;
  for (const problem of problems) {
    const covering = rules.find((rule) => overrideCovers(rule, run, problem));
    if (!covering) {
      return null;
    }
    decidingRule ??= covering;
  }
  return decidingRule;
};
