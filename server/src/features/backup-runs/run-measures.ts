// Issue 19 (B3): what a run measured, as every view shows it. Duration is computed from start and
// end (never stored, so a corrected end time cannot disagree with it); byte counts are bigint
// columns, which the two drivers hand back as string or bigint.
export const durationSeconds = (startedAt: Date | null, endedAt: Date | null) =>
  startedAt && endedAt ? Math.max(0, Math.round((endedAt.getTime() - startedAt.getTime()) / 1000)) : null;

export const byteCount = (value: string | number | bigint | null) => (value === null ? null : Number(value));
