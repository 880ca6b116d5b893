// Synology DSM report mails (report-mail-formats.md §7): Active Backup for Business (one task, one
// device) and Hyper Backup (one task). DSM writes them in the NAS's language and puts an
// admin-chosen prefix before the subject ("NAS-BCK …", "[rr-nas-02] …", "[El Rio iSCSI]Issues …").
// - ABB subject "… Active Backup for Business - Backup task <task> on <NAS> <outcome>" (English,
//   guessed) or "… - attività di backup <task> su <NAS> completata|non riuscita" (Italian, seen);
//   the body has label-space-value lines without a colon ("ora inizio 16/11/2026 23:00",
//   "dimensioni trasferite 14.4 GB", "dispositivo PC-ACCT01"), minute precision, no zone.
// - Hyper Backup: the outcome only in the subject ("erfolgreich" / "fehlgeschlagen"); the body
//   gives a duration in words ("Dauer: 1 Stunde 12 Minuten 5 Sekunden") and no times: the run ends
//   at the mail's Date and starts that duration earlier.
import type { ParsedRun, ReportParser } from './report-parser';
import { ReportParseError } from './report-parser';
import { labelled, textField } from './text-fields';
import { offsetMinutesOf, parseWallClock } from './wall-clock';

type Status = 'success' | 'warning' | 'error';

/** Outcome words, longest first so "partially completed" wins over "completed". */
const OUTCOMES: [string, Status][] = [
  ['parzialmente completata', 'warning'],
  ['partially completed', 'warning'],
  ['teilweise erfolgreich', 'warning'],
  ['with warnings', 'warning'],
  ['mit warnungen', 'warning'],
  ['non riuscita', 'error'],
  ['fehlgeschlagen', 'error'],
  ['has failed', 'error'],
  ['failed', 'error'],
  ['was cancelled', 'error'],
  ['cancelled', 'error'],
  ['annullata', 'error'],
  ['abgebrochen', 'error'],
  ['completata', 'success'],
  ['erfolgreich', 'success'],
  ['has completed', 'success'],
  ['completed', 'success'],
  ['succeeded', 'success'],
];

const outcomeOf = (text: string): { status: Status; word: string } | null => {
  const lower = text.toLowerCase();
  const found = OUTCOMES.find(([word]) => lower.includes(word));
  return found ? { status: found[1], word: found[0] } : null;
};

/** "16/11/2026 23:00" (DSM in a day-first locale), else the common wall-clock forms. */
const dsmTime = (value: string | null, offsetMinutes: number, dayFirst: boolean): Date | null => {
  if (!value) {
    return null;
  }
  const [date = '', time = ''] = value.trim().split(/\s+/);
  const parts = date.split('/');
  if (dayFirst && parts.length === 3 && parts.every((p) => /^\d{1,4}$/.test(p))) {
    return parseWallClock(`${parts[0]}.${parts[1]}.${parts[2]} ${time}`, offsetMinutes);
  }
  return parseWallClock(value, offsetMinutes);
};

/** The words between a marker ("Backup task ", "attività di backup ") and " on " / " su ". */
const between = (text: string, starts: readonly string[], ends: readonly string[]) => {
  const lower = text.toLowerCase();
  for (const start of starts) {
    const from = lower.indexOf(start);
    if (from < 0) {
      continue;
    }
    const rest = text.slice(from + start.length);
    const restLower = rest.toLowerCase();
    const stops = ends.map((e) => restLower.indexOf(e)).filter((i) => i > 0);
    const name = (stops.length ? rest.slice(0, Math.min(...stops)) : rest).trim();
    if (name) {
      return name;
    }
  }
  return null;
};

export const synologyActiveBackupParser: ReportParser = {
  id: 'synology-active-backup',
  label: 'Synology Active Backup for Business',
  match: { subject: /Active Backup for Business/i },
  parse(mail): ParsedRun[] {
    const subject = mail.subject.slice(mail.subject.toLowerCase().indexOf('active backup for business'));
    const italian = /attivit/i.test(subject) || /\bora inizio\b/i.test(mail.text);
    const task =
      between(subject, ['backup task ', 'attività di backup ', 'attività backup '], [' on ', ' su ']) ??
      between(mail.text, ['backup task ', 'attività backup ', 'attività di backup '], [' on ', ' su ']);
    if (!task) {
      throw new ReportParseError('No backup task named in the subject or the body.');
    }
    const outcome = outcomeOf(subject.slice(subject.toLowerCase().indexOf(task.toLowerCase()) + task.length)) ?? outcomeOf(mail.text);
    if (!outcome) {
      throw new ReportParseError(`No outcome (completed, failed…) in "${mail.subject.slice(0, 200)}".`);
    }
    const offset = offsetMinutesOf(mail.dateHeader);
    const startedAt = dsmTime(labelled(mail.text, ['ora inizio', 'start time']), offset, italian);
    const endedAt = dsmTime(labelled(mail.text, ['ora fine', 'end time']), offset, italian) ?? (startedAt ? null : mail.date);
    if (!startedAt && !endedAt) {
      throw new ReportParseError('No readable start or end time, and no Date header.');
    }
    const device = labelled(mail.text, ['dispositivo', 'device']);
    const transferred = labelled(mail.text, ['dimensioni trasferite', 'transferred size', 'transferred']);
    return [
      {
        job: { name: task.slice(0, 300), software: 'Synology Active Backup for Business', type: 'Backup' },
        status: outcome.status,
        ...(startedAt && { startedAt: startedAt.toISOString() }),
        ...(endedAt && { endedAt: endedAt.toISOString() }),
        remark: transferred ? `Transferred: ${transferred}` : '',
        objects: device ? [{ name: device.slice(0, 300), type: 'Device', status: outcome.status, messages: [] }] : [],
      },
    ];
  },
};

const UNITS: [string[], number][] = [
  [['tag', 'tage', 'tagen', 'day', 'days', 'giorno', 'giorni'], 86_400],
  [['stunde', 'stunden', 'hour', 'hours', 'ora', 'ore'], 3_600],
  [['minute', 'minuten', 'minutes', 'minuto', 'minuti', 'min'], 60],
  [['sekunde', 'sekunden', 'second', 'seconds', 'secondo', 'secondi', 'sec'], 1],
];

/** "1 Stunde 12 Minuten 5 Sekunden", "12 minutes", "00:41:07" → seconds; null when unreadable. */
export const durationSeconds = (text: string | null): number | null => {
  if (!text) {
    return null;
  }
  const clock = text.trim().split(':');
  if (clock.length === 3 && clock.every((p) => /^\d{1,3}$/.test(p))) {
    return Number(clock[0]) * 3600 + Number(clock[1]) * 60 + Number(clock[2]);
  }
  const tokens = text.toLowerCase().split(/\s+/);
  let total = 0;
  let found = false;
  tokens.forEach((token, i) => {
    const unit = UNITS.find(([names]) => names.includes(tokens[i + 1]?.replace(/[.,]$/, '') ?? ''));
    if (/^\d{1,6}$/.test(token) && unit) {
      total += Number(token) * unit[1];
      found = true;
    }
  });
  return found ? total : null;
};

export const synologyHyperBackupParser: ReportParser = {
  id: 'synology-hyper-backup',
  label: 'Synology Hyper Backup',
  match: { subject: /Hyper Backup/i },
  parse(mail): ParsedRun[] {
    const outcome = outcomeOf(mail.subject);
    if (!outcome) {
      throw new ReportParseError(`The subject says neither succeeded nor failed ("${mail.subject.slice(0, 200)}").`);
    }
    const task =
      textField(mail.text, 'Aufgabe') ??
      textField(mail.text, 'Task') ??
      textField(mail.text, 'Attività') ??
      between(
        mail.subject,
        ['hyper backup-aufgabe ', 'hyper backup task ', 'aufgabe ', 'task '],
        [' ist ', ' war ', ' has ', ' was ', ' on ', ' auf '],
      );
    if (!task) {
      throw new ReportParseError('No Hyper Backup task named in the body ("Aufgabe:" / "Task:") or the subject.');
    }
    if (!mail.date) {
      throw new ReportParseError('The mail has no Date header to time the run by (Hyper Backup prints no times).');
    }
    const seconds = durationSeconds(textField(mail.text, 'Dauer') ?? textField(mail.text, 'Duration') ?? textField(mail.text, 'Durata'));
    const grown = textField(mail.text, 'Erhöhte Zielgröße') ?? textField(mail.text, 'Increased target size');
    const target = textField(mail.text, 'Ziel') ?? textField(mail.text, 'Destination') ?? textField(mail.text, 'Backup destination');
    const reason = textField(mail.text, 'Grund') ?? textField(mail.text, 'Reason') ?? textField(mail.text, 'Ursache');
    return [
      {
        job: { name: task.slice(0, 300), software: 'Synology Hyper Backup', type: 'Backup' },
        status: outcome.status,
        ...(seconds !== null && { startedAt: new Date(mail.date.getTime() - seconds * 1000).toISOString() }),
        endedAt: mail.date.toISOString(),
        remark: [reason, grown ? `Target grew by ${grown}` : null].filter(Boolean).join('\n').slice(0, 4000),
        objects: target
          ? [{ name: target.slice(0, 300), type: 'Destination', status: outcome.status, messages: reason ? [reason.slice(0, 2000)] : [] }]
          : [],
      },
    ];
  },
};
