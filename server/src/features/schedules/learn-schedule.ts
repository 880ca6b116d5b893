// B2.4: learns a job's schedule from its run history (at least 3 runs), in its timezone: the
// typical report time, and whether it reports daily, on certain weekdays, or on certain dates.
import { localParts, type Schedule } from './schedule';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
};

export const MIN_RUNS_TO_LEARN = 3;

export const learnSchedule = (runTimes: readonly Date[], timeZone: string): Schedule | null => {
  if (runTimes.length < MIN_RUNS_TO_LEARN) {
    return null;
  }
  const local = runTimes.map((t) => localParts(t, timeZone));
  // Minutes after midnight, shifted so a job reporting around midnight does not average to noon.
  const minutes = local.map((p) => p.hour * 60 + p.minute);
  const pivot = median(minutes);
  const typical = Math.round(median(minutes.map((m) => (m - pivot > 720 ? m - 1440 : pivot - m > 720 ? m + 1440 : m))) / 5) * 5;
  const wrapped = ((typical % 1440) + 1440) % 1440;
  const time = `${String(Math.floor(wrapped / 60)).padStart(2, '0')}:${String(wrapped % 60).padStart(2, '0')}`;

  const sorted = [...runTimes].sort((a, b) => a.getTime() - b.getTime());
  const spanDays = ((sorted.at(-1) as Date).getTime() - (sorted[0] as Date).getTime()) / 86_400_000;
  const weekdays = new Set(local.map((p) => p.weekday));
  const dates = new Set(local.map((p) => p.day));
  const months = new Set(local.map((p) => `${p.year}-${p.month}`));
  if (months.size >= 2 && dates.size <= 3 && spanDays >= 25 && runTimes.length <= months.size * dates.size + 1) {
    return { kind: 'monthly', dates: [...dates].sort((a, b) => a - b), time };
  }
  if (weekdays.size >= 6) {
    return { kind: 'daily', time };
  }
  return { kind: 'weekly', days: [...weekdays].sort((a, b) => a - b), time };
};
