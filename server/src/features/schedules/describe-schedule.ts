// Issue 12: a schedule in words, as the jobs page shows it ("Every 6 hours from 02:00",
// "Mon–Fri 22:00 (Europe/Amsterdam)", "Monthly on the last day at 23:00").
import type { Schedule } from './schedule';

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const list = (items: string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/** [1,2,3,4,5] → "Mon–Fri"; [1,3,5] → "Mon, Wed, Fri"; runs of three or more days become ranges. */
export const describeDays = (days: readonly number[]) => {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) {
      j += 1;
    }
    const from = DAY_NAMES[(sorted[i] as number) - 1] as string;
    const to = DAY_NAMES[(sorted[j] as number) - 1] as string;
    parts.push(j - i >= 2 ? `${from}–${to}` : j > i ? `${from}, ${to}` : from);
    i = j + 1;
  }
  return parts.join(', ');
};

const ordinal = (n: number) => {
  const suffix = n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
};

export const describeSchedule = (schedule: Schedule, timeZone: string) => {
  const zone = ` (${timeZone})`;
  switch (schedule.kind) {
    case 'on_demand':
      return 'On demand — runs only when triggered, no missed-run checks';
    case 'interval':
      return `Every ${schedule.everyHours} hour${schedule.everyHours === 1 ? '' : 's'} from ${schedule.anchor}${zone}`;
    case 'daily':
      return `Daily ${list(schedule.times)}${zone}`;
    case 'weekly':
      return `${describeDays(schedule.days)} ${list(schedule.times)}${zone}`;
    case 'monthly': {
      const on = [...schedule.dates.map(ordinal), ...(schedule.lastDay ? ['last day'] : [])];
      return `Monthly on the ${list(on)} at ${list(schedule.times)}${zone}`;
    }
    default:
      return 'Unknown schedule';
  }
};
