// One way to show a date and time everywhere: medium date, short time, and the time zone named,
// so "9:40 PM" never leaves a technician guessing whose evening it was. The zone is the user's own
// setting, else the account's (issue 19); the session sets it once it is known, and every view
// formats through here, so one call changes them all.
// (dateStyle / timeStyle cannot be combined with timeZoneName, so the parts are named.)
const formatterFor = (timeZone: string | undefined) =>
  new Intl.DateTimeFormat(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
    ...(timeZone && { timeZone }),
  });

let dateTime = formatterFor(undefined);
let displayZone: string | undefined;

/** Dates show in this IANA zone from now on; undefined: the browser's own. */
export const setDisplayTimeZone = (timeZone: string | undefined) => {
  if (timeZone === displayZone) {
    return;
  }
  try {
    dateTime = formatterFor(timeZone);
    displayZone = timeZone;
  } catch {
    // A zone this browser does not know: keep the browser's own rather than break every page.
    dateTime = formatterFor(undefined);
    displayZone = undefined;
  }
};

export const displayTimeZone = () => displayZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;

export const formatDateTime = (iso: string | Date) => dateTime.format(typeof iso === 'string' ? new Date(iso) : iso);

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

/** A day without the time, in the same zone (for "changed on", "created on"). */
export const formatDate = (iso: string | Date) =>
  new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: displayTimeZone() }).format(
    typeof iso === 'string' ? new Date(iso) : iso,
  );
