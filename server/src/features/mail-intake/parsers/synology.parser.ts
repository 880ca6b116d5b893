// Synology report mails: Active Backup for Business (one task, many devices) and Hyper Backup
// (one task, one destination). Both are plain text with "Task:", "Start time:", "End time:" lines
// printed in the NAS's local time.
import type { ParsedRun, ReportMail, ReportParser } from './report-parser';
import { ReportParseError } from './report-parser';
import { statusLines, textField } from './text-fields';
import { offsetMinutesOf, parseWallClock } from './wall-clock';

type Status = 'success' | 'warning' | 'error';

const times = (mail: ReportMail) => {
  const offset = offsetMinutesOf(mail.dateHeader);
  const start = textField(mail.text, 'Start time');
  const end = textField(mail.text, 'End time');
  const startedAt = start ? parseWallClock(start, offset) : null;
  const endedAt = end ? parseWallClock(end, offset) : null;
  if (!startedAt && !endedAt) {
    throw new ReportParseError('No readable "Start time" or "End time" line.');
  }
  return { ...(startedAt && { startedAt: startedAt.toISOString() }), ...(endedAt && { endedAt: endedAt.toISOString() }) };
};

const outcome = (text: string): Status | null =>
  /\bfailed\b/i.test(text)
    ? 'error'
    : /partially completed|with warnings?/i.test(text)
      ? 'warning'
      : /completed|succeeded/i.test(text)
        ? 'success'
        : null;

const taskOf = (mail: ReportMail) => {
  const task = textField(mail.text, 'Task');
  if (!task) {
    throw new ReportParseError('No "Task:" line naming the backup task.');
  }
  return task;
};

export const synologyActiveBackupParser: ReportParser = {
  id: 'synology-active-backup',
  label: 'Synology Active Backup for Business',
  match: { subject: /Active Backup for Business/i },
  parse(mail): ParsedRun[] {
    const task = taskOf(mail);
    const status = outcome(textField(mail.text, 'Result') ?? mail.subject);
    if (!status) {
      throw new ReportParseError('No result (completed, partially completed or failed) in the report.');
    }
    const devices = statusLines(mail.text, ['Succeeded', 'Failed', 'Partially completed', 'Warning']).map((d) => ({
      name: d.name,
      type: 'Device',
      status: (outcome(d.status) ?? 'error') as Status,
      messages: d.message ? [d.message] : [],
    }));
    return [
      {
        job: { name: task, software: 'Synology Active Backup for Business', type: 'Backup' },
        status,
        ...times(mail),
        remark: textField(mail.text, 'Succeeded') ? `Succeeded: ${textField(mail.text, 'Succeeded')}` : '',
        objects: devices,
      },
    ];
  },
};

export const synologyHyperBackupParser: ReportParser = {
  id: 'synology-hyper-backup',
  label: 'Synology Hyper Backup',
  match: { subject: /Hyper Backup/i },
  parse(mail): ParsedRun[] {
    const task = taskOf(mail);
    const status = outcome(mail.subject);
    if (!status) {
      throw new ReportParseError('The subject says neither completed nor failed.');
    }
    const destination = textField(mail.text, 'Backup destination');
    const reason = textField(mail.text, 'Reason');
    return [
      {
        job: { name: task, software: 'Synology Hyper Backup', type: 'Backup' },
        status,
        ...times(mail),
        remark: reason ?? '',
        objects: destination ? [{ name: destination, type: 'Destination', status, messages: reason ? [reason] : [] }] : [],
      },
    ];
  },
};
