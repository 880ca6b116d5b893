/**
 * Issue 19: the share of runs that left a backup (success, warning, marked success) among all
 * runs and missed runs, in percent with one decimal; null without runs. The dashboard and the job
 * history say the same number.
 */
export const backupRate = (good: number, total: number) => (total ? Math.round((good / total) * 1000) / 10 : null);
