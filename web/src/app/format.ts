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
