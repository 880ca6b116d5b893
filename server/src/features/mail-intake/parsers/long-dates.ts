// The long local date a report prints once ("Monday, November 16, 2026 10:00:05 PM", "Friday, 28
// October 2022 10:00:00", "zaterdag 1 februari 2020 01:00:29", "Freitag, 16. Januar 2026 22:00:05"):
// the language of the backup server's OS, never a zone. Read by tokens, not by patterns, because
// the text comes from whoever sent the mail.
const MONTH_NAMES: Record<string, readonly string[]> = {
  en: ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'],
  nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
  de: ['januar', 'februar', 'märz', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'dezember'],
  it: ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  es: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
};
const MONTHS = new Map<string, number>();
for (const names of Object.values(MONTH_NAMES)) {
  names.forEach((name, i) => {
    MONTHS.set(name, i + 1);
    MONTHS.set(name.slice(0, 3), i + 1);
  });
}
MONTHS.set('maerz', 3);
MONTHS.set('mrz', 3);

export type TimeOfDay = { hour: number; minute: number; second: number };

/** "10:00:05 PM", "22:00", "01:00:29" → the time of day; null when it is not one. */
export const parseTimeOfDay = (text: string): TimeOfDay | null => {
  const tokens = text.trim().toLowerCase().split(/\s+/);
  const clock = tokens[0] ?? '';
  const parts = clock.split(':');
  if (parts.length < 2 || parts.length > 3 || !parts.every((p) => /^\d{1,2}$/.test(p))) {
    return null;
  }
  let hour = Number(parts[0]);
  const minute = Number(parts[1]);
  const second = Number(parts[2] ?? 0);
  const meridiem = tokens[1]?.replaceAll('.', '');
  if (meridiem === 'pm' || meridiem === 'am') {
    if (hour < 1 || hour > 12) {
      return null;
    }
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  return hour < 24 && minute < 60 && second < 60 ? { hour, minute, second } : null;
};

export type LocalDate = { year: number; month: number; day: number };

/** The date and time of day in a long local date, in any of the languages above. */
export const parseLongDate = (text: string): { date: LocalDate; time: TimeOfDay | null } | null => {
  const tokens = text
    .toLowerCase()
    .split(/[\s,]+/)
    .map((t) => (/^\d{1,2}\.$/.test(t) ? t.slice(0, -1) : t))
    .filter(Boolean);
  let year: number | null = null;
  let month: number | null = null;
  let day: number | null = null;
  let time: TimeOfDay | null = null;
  tokens.forEach((token, i) => {
    if (year === null && /^\d{4}$/.test(token)) {
      year = Number(token);
    } else if (month === null && MONTHS.has(token.replace(/\.$/, ''))) {
      month = MONTHS.get(token.replace(/\.$/, '')) as number;
    } else if (day === null && /^\d{1,2}$/.test(token)) {
      day = Number(token);
    } else if (time === null && token.includes(':')) {
      time = parseTimeOfDay(`${token} ${tokens[i + 1] ?? ''}`);
    }
  });
  if (year === null || month === null || day === null || day < 1 || day > 31) {
    return null;
  }
  return { date: { year, month, day }, time };
};

/** The instant of a local date and time of day at a UTC offset in minutes. */
export const instantOf = (date: LocalDate, time: TimeOfDay, offsetMinutes: number, addDays = 0) =>
  new Date(Date.UTC(date.year, date.month - 1, date.day + addDays, time.hour, time.minute, time.second) - offsetMinutes * 60_000);
