// Backup products print local wall-clock times in their reports ("16.11.2026 22:00:05",
// "11/16/2026 10:00:05 PM", "Sunday, November 16, 2026 10:00:05 PM"). They are read in the UTC
// offset of the mail's own Date header, which the sending server stamps in the same local time.
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** The UTC offset ("+0100") at the end of a Date header, after an optional "(CET)" comment. */
export const offsetMinutesOf = (dateHeader: string | null): number => {
  // String operations only: the header comes from whoever sent the mail (no backtracking).
  let text = (dateHeader ?? '').trim();
  if (text.endsWith(')') && text.lastIndexOf('(') >= 0) {
    text = text.slice(0, text.lastIndexOf('(')).trimEnd();
  }
  const zone = text.slice(-5);
  if (!/^[+-]\d{4}$/.test(zone)) {
    return 0;
  }
  const minutes = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5));
  return zone[0] === '-' ? -minutes : minutes;
};

const to24h = (hour: number, meridiem: string | undefined) => {
  if (!meridiem) {
    return hour;
  }
  const pm = meridiem.toLowerCase() === 'pm';
  return (hour % 12) + (pm ? 12 : 0);
};

/** The instant of a wall-clock date/time string at the given offset, or null when unreadable. */
export const parseWallClock = (value: string, offsetMinutes: number): Date | null => {
  const text = value.trim().replace(/\s+/g, ' ');
  // Each pattern yields [year, month, day, rest-of-string].
  const readers: [RegExp, (m: RegExpExecArray) => [number, number, number, string]][] = [
    [/^(\d{1,2})\.(\d{1,2})\.(\d{4}) (.*)$/, (m) => [Number(m[3]), Number(m[2]), Number(m[1]), m[4] as string]],
    [/^(\d{1,2})\/(\d{1,2})\/(\d{4}) (.*)$/, (m) => [Number(m[3]), Number(m[1]), Number(m[2]), m[4] as string]],
    [/^(\d{4})-(\d{2})-(\d{2})[ T](.*)$/, (m) => [Number(m[1]), Number(m[2]), Number(m[3]), m[4] as string]],
    [
      /^(?:[A-Za-z]+, )?([A-Za-z]+) (\d{1,2}), (\d{4}) (.*)$/,
      (m) => [Number(m[3]), MONTHS.indexOf((m[1] as string).toLowerCase()) + 1, Number(m[2]), m[4] as string],
    ],
  ];
  const found = readers
    .map(([pattern, read]) => {
      const m = pattern.exec(text);
      return m ? read(m) : null;
    })
    .find((r) => r !== null);
  if (!found) {
    return null;
  }
  const [y, mo, d, rest] = found;
  const t = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AaPp][Mm]))?$/.exec(rest);
  if (!t || mo < 1 || mo > 12 || d < 1 || d > 31) {
    return null;
  }
  const utc = Date.UTC(y, mo - 1, d, to24h(Number(t[1]), t[4]), Number(t[2]), Number(t[3] ?? 0));
  return new Date(utc - offsetMinutes * 60_000);
};
