// Acronis report mails (report-mail-formats.md §8), three families that share nothing but the name:
// - Cyber Protect Cloud alerts, one mail per event: "Backup failed", "Backup succeeded with
//   warnings", "Backup succeeded", "Backup did not start" (the notification levels and alert
//   types are evidenced; the body layout is not, so labels are read loosely: device, plan, start,
//   finish, error). "Daily recap about active alerts" is a digest, not a run.
// - A German distributor's white-labelled Acronis: the outcome only in the subject ("erfolgreich",
//   "WARNUNGEN"), the body lines "Plan-Name <plan>" and "Backup-Dauer HH:MM:SS"; no times, so the
//   run ends at the mail's Date and starts that duration earlier. "Statusbericht" is a digest.
// - Acronis Backup 11/12 on premises: plain text whose last non-empty line says "… has succeeded"
//   or "… has failed"; each error is an "Error code:" line followed by a "Message:" line, often
//   repeated.
import { rowLines } from './html-tables';
import type { ParsedRun, ReportMail, ReportParser } from './report-parser';
import { ReportParseError } from './report-parser';
import { labelled } from './text-fields';
import { offsetMinutesOf, parseWallClock } from './wall-clock';

type Status = 'success' | 'warning' | 'error';

const nonEmptyLines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** "01:12:05" → milliseconds, or null. */
const durationMs = (value: string | null) => {
  const parts = (value ?? '').trim().split(/\s+/)[0]?.split(':') ?? [];
  if (parts.length !== 3 || !parts.every((p) => /^\d{1,3}$/.test(p))) {
    return null;
  }
  const [h, m, s] = parts.map(Number) as [number, number, number];
  return m < 60 && s < 60 ? ((h * 60 + m) * 60 + s) * 1000 : null;
};

/** "Error code: 3" / "Message: …" pairs, repeated ones once. */
const errorMessages = (text: string) => {
  const messages: string[] = [];
  let code: string | null = null;
  for (const line of nonEmptyLines(text)) {
    if (line.toLowerCase().startsWith('error code:')) {
      code = line.slice('error code:'.length).trim();
    } else if (line.toLowerCase().startsWith('message:') && code !== null) {
      const message = `Error code ${code}: ${line.slice('message:'.length).trim()}`;
      if (!messages.includes(message)) {
        messages.push(message);
      }
      code = null;
    }
  }
  return messages;
};

const CLOUD_OUTCOMES: [string, Status | 'digest'][] = [
  ['daily recap about active alerts', 'digest'],
  ['backup succeeded with warnings', 'warning'],
  ['backup did not start', 'error'],
  ['backup failed', 'error'],
  ['backup succeeded', 'success'],
];

const cloudOutcome = (subject: string) => {
  const lower = subject.toLowerCase();
  return CLOUD_OUTCOMES.find(([word]) => lower.includes(word)) ?? null;
};

const wallClock = (value: string | null, mail: ReportMail) => (value ? parseWallClock(value, offsetMinutesOf(mail.dateHeader)) : null);

export const acronisCloudParser: ReportParser = {
  id: 'acronis-cyber-protect-cloud',
  label: 'Acronis Cyber Protect Cloud alert',
  match: {
    subject: /backup (?:failed|succeeded|did not start)|daily recap about active alerts/i,
    body: /acronis|cyber protect/i,
  },
  parse(mail: ReportMail): ParsedRun[] {
    const outcome = cloudOutcome(mail.subject);
    if (!outcome) {
      throw new ReportParseError('The Acronis alert names no backup outcome in its subject.');
    }
    if (outcome[1] === 'digest') {
      throw new ReportParseError('This is the Acronis daily recap of active alerts, a digest and not a backup run.');
    }
    const text = mail.html ? `${rowLines(mail.html)}\n${mail.text}` : mail.text;
    const plan = labelled(text, ['protection plan', 'backup plan', 'plan name', 'plan']);
    const device = labelled(text, ['device name', 'device', 'workload', 'machine', 'resource', 'computer']);
    if (!plan && !device) {
      throw new ReportParseError('The Acronis alert names neither a protection plan nor a device.');
    }
    const startedAt = wallClock(labelled(text, ['started at', 'start time', 'started', 'start']), mail);
    const endedAt =
      wallClock(labelled(text, ['finished at', 'finish time', 'completed at', 'end time', 'finished']), mail) ??
      (startedAt ? null : mail.date);
    if (!startedAt && !endedAt) {
      throw new ReportParseError('The Acronis alert has no readable time and no Date header.');
    }
    const error = labelled(text, ['error message', 'error', 'reason', 'details']);
    const status = outcome[1];
    return [
      {
        job: { name: (plan ?? (device as string)).slice(0, 300), software: 'Acronis Cyber Protect Cloud', type: 'Backup' },
        status,
        ...(startedAt && { startedAt: startedAt.toISOString() }),
        ...(endedAt && { endedAt: endedAt.toISOString() }),
        remark: (error ?? '').slice(0, 4000),
        objects: device ? [{ name: device.slice(0, 300), type: 'Device', status, messages: error ? [error.slice(0, 2000)] : [] }] : [],
      },
    ];
  },
};

/** White-label subject words; warnings first: a run "erfolgreich mit WARNUNGEN" is a warning. */
const WHITE_LABEL_OUTCOMES: [string, Status][] = [
  ['warnung', 'warning'],
  ['fehlgeschlagen', 'error'],
  ['fehler', 'error'],
  ['erfolgreich', 'success'],
];

export const acronisWhiteLabelParser: ReportParser = {
  id: 'acronis-white-label',
  label: 'Acronis (white-label, German)',
  match: { body: /Backup-Dauer/ },
  parse(mail: ReportMail): ParsedRun[] {
    if (mail.subject.toLowerCase().includes('statusbericht')) {
      throw new ReportParseError('This is the daily "Statusbericht", a digest and not a backup run.');
    }
    const plan = labelled(mail.text, ['plan-name']);
    if (!plan) {
      throw new ReportParseError('No "Plan-Name" line in the Acronis report.');
    }
    const lower = mail.subject.toLowerCase();
    const outcome = WHITE_LABEL_OUTCOMES.find(([word]) => lower.includes(word));
    if (!outcome) {
      throw new ReportParseError(`The subject "${mail.subject}" names no outcome (erfolgreich, WARNUNGEN, fehlgeschlagen).`);
    }
    if (!mail.date) {
      throw new ReportParseError('The Acronis report has no Date header; its run time cannot be told.');
    }
    const duration = durationMs(labelled(mail.text, ['backup-dauer']));
    const endedAt = mail.date;
    return [
      {
        job: { name: plan.slice(0, 300), software: 'Acronis Cyber Protect', type: 'Backup' },
        status: outcome[1],
        ...(duration !== null && { startedAt: new Date(endedAt.getTime() - duration).toISOString() }),
        endedAt: endedAt.toISOString(),
        remark: (labelled(mail.text, ['warnung', 'fehler']) ?? '').slice(0, 4000),
        objects: [],
      },
    ];
  },
};

/** The last line: "Task 'Daily SRV01' has succeeded." → outcome and the quoted name, if any. */
const legacyOutcome = (line: string): { status: Status; name: string | null } | null => {
  const lower = line.toLowerCase();
  const status: Status | null = lower.includes('has failed')
    ? 'error'
    : lower.includes('with warnings')
      ? 'warning'
      : lower.includes('has succeeded')
        ? 'success'
        : null;
  if (!status) {
    return null;
  }
  const open = line.indexOf("'");
  const close = line.lastIndexOf("'");
  return { status, name: open >= 0 && close > open + 1 ? line.slice(open + 1, close) : null };
};

const LOG_LEVELS = ['information', 'warning', 'error'];

/** The times of "Information 11/29/2026 02:00:00 AM: …" log lines, in order. */
const logTimes = (mail: ReportMail) =>
  nonEmptyLines(mail.text).flatMap((line) => {
    const space = line.indexOf(' ');
    const colon = line.indexOf(': ', space);
    const end = colon > 0 ? colon : line.endsWith(':') ? line.length - 1 : -1;
    if (space < 0 || end < 0 || !LOG_LEVELS.includes(line.slice(0, space).toLowerCase())) {
      return [];
    }
    const at = wallClock(line.slice(space + 1, end), mail);
    return at ? [at] : [];
  });

export const acronisLegacyParser: ReportParser = {
  id: 'acronis-backup-legacy',
  label: 'Acronis Backup 11/12 (plain text)',
  match: { body: /has (?:succeeded|failed)/i },
  parse(mail: ReportMail): ParsedRun[] {
    const lines = nonEmptyLines(mail.text);
    const outcome = legacyOutcome(lines.at(-1) ?? '');
    if (!outcome) {
      throw new ReportParseError('The last line of the Acronis log does not say whether the task succeeded or failed.');
    }
    const plan = labelled(mail.text, ['backup plan']) ?? outcome.name ?? labelled(mail.text, ['task']);
    if (!plan) {
      throw new ReportParseError('The Acronis log names no backup plan or task.');
    }
    const machine = labelled(mail.text, ['machine', 'computer', 'host']);
    const times = logTimes(mail);
    const startedAt = wallClock(labelled(mail.text, ['start time']), mail) ?? times[0] ?? null;
    const endedAt = wallClock(labelled(mail.text, ['end time']), mail) ?? times.at(-1) ?? mail.date;
    if (!startedAt && !endedAt) {
      throw new ReportParseError('The Acronis log has no readable time and no Date header.');
    }
    const errors = outcome.status === 'success' ? [] : errorMessages(mail.text);
    return [
      {
        job: { name: plan.slice(0, 300), software: 'Acronis Backup', type: 'Backup' },
        status: outcome.status,
        ...(startedAt && { startedAt: startedAt.toISOString() }),
        ...(endedAt && { endedAt: endedAt.toISOString() }),
        remark: errors.join('\n').slice(0, 4000),
        objects: machine
          ? [
              {
                name: machine.slice(0, 300),
                type: 'Machine',
                status: outcome.status,
                messages: errors.slice(0, 50).map((m) => m.slice(0, 2000)),
              },
            ]
          : [],
      },
    ];
  },
};
