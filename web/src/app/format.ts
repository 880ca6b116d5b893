// One way to show a date and time everywhere: medium date, short time, and the time zone named,
// so "9:40 PM" never leaves a technician guessing whose evening it was.
// (dateStyle / timeStyle cannot be combined with timeZoneName, so the parts are named.)
const DATE_TIME = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
});

export const formatDateTime = (iso: string | Date) => DATE_TIME.format(typeof iso === 'string' ? new Date(iso) : iso);

/** Bytes as backup products show them: powers of 1024, one decimal from KB up. */
export const formatBytes = (bytes: number | null) => {
  if (bytes === null) {
    return '—';
  }
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
};

/** A run's duration in the largest unit that reads at a glance. */
export const formatDuration = (seconds: number | null) =>
  seconds === null
    ? '—'
    : seconds < 60
      ? `${seconds} s`
      : seconds < 3600
        ? `${Math.round(seconds / 60)} min`
        : `${(seconds / 3600).toFixed(1)} h`;
