// N-able Cove Data Protection mails (report-mail-formats.md §9). Two kinds reach a mailbox: the
// Backup Manager status report of one device (data sources with their last session status), and
// notification rules an MSP writes from Cove's variables (device, computer, customer, date). The
// vocabulary is evidenced — session statuses InProcess, Failed, Aborted, Completed, Interrupted,
// NotStarted, CompletedWithErrors, InProgressWithFaults, OverQuota, NoSelection, Restarted, in
// words or in CamelCase — the layout is not, so labels are read loosely. Cove backs up devices,
// not named jobs: the device is the job, its data sources the objects.
import { rowCells, rowLines } from './html-tables';
import type { ParsedRun, ReportMail, ReportParser } from './report-parser';
import { ReportParseError } from './report-parser';
import { labelled } from './text-fields';
import { offsetMinutesOf } from './wall-clock';

type Status = 'success' | 'warning' | 'error';

/**
 * The policy for Cove's statuses: completed with errors and interrupted sessions are warnings
 * (data was backed up, but not all), failed / aborted / over quota / not started are errors, and a
 * session still running is no result yet.
 */
const STATUSES: Record<string, Status | 'not_final'> = {
  completed: 'success',
  completedwitherrors: 'warning',
  interrupted: 'warning',
  noselection: 'warning',
  failed: 'error',
  aborted: 'error',
  overquota: 'error',
  notstarted: 'error',
  inprocess: 'not_final',
  inprogress: 'not_final',
  inprogresswithfaults: 'not_final',
  restarted: 'not_final',
};
const RANK: Record<Status, number> = { success: 0, warning: 1, error: 2 };

const statusOf = (word: string | null | undefined) => (word ? STATUSES[word.toLowerCase().replaceAll(' ', '')] : undefined);

/** "Wed, 02 Dec 2026 01:12:40 GMT" (Cove's <%date%>), or a relative "6:13:09 PM" (today, mail time). */
const sessionTime = (value: string | null, mail: ReportMail): Date | null => {
  if (!value) {
    return null;
  }
  if (/^[A-Za-z]{3}, \d{1,2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} (?:GMT|UTC|[+-]\d{4})$/.test(value.trim())) {
    const at = new Date(value);
    return Number.isNaN(at.getTime()) ? null : at;
  }
  const clock = /^(\d{1,2}):(\d{2}):(\d{2}) ?([AP]M)?$/i.exec(value.trim());
  if (!clock || !mail.date) {
    return null; // "Mar 16" / "Dec 2014": no time of day, not a session time
  }
  const offset = offsetMinutesOf(mail.dateHeader) * 60_000;
  const local = new Date(mail.date.getTime() + offset);
  const hour = (Number(clock[1]) % (clock[4] ? 12 : 24)) + (clock[4]?.toUpperCase() === 'PM' ? 12 : 0);
  let at = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hour, Number(clock[2]), Number(clock[3])) - offset;
  if (at > mail.date.getTime()) {
    at -= 86_400_000; // a time later than the mail is yesterday's
  }
  return new Date(at);
};

export const coveParser: ReportParser = {
  id: 'n-able-cove',
  label: 'N-able Cove Data Protection',
  match: { body: /Cove Data Protection|Backup Manager|N-able Backup|SolarWinds Backup/i },
  parse(mail: ReportMail): ParsedRun[] {
    const rows = mail.html ? rowLines(mail.html) : '';
    const text = `${rows}\n${mail.text}`;
    // The computer name is what technicians know; the device name (Cove's unique id) if none.
    const device = labelled(text, ['computer name', 'computer']) ?? labelled(text, ['device name', 'device']);
    if (!device) {
      throw new ReportParseError('The Cove mail names no device or computer.');
    }
    // Data sources: table rows (source, size, last session, status …) whose later cell holds a Cove
    // status; two-cell rows are label/value pairs, not sources.
    const objects = (mail.html ? rowCells(mail.html) : []).flatMap((cells) => {
      const status = cells
        .slice(1)
        .map(statusOf)
        .find((s) => s !== undefined);
      return cells.length >= 3 && cells[0] && status && status !== 'not_final'
        ? [{ name: cells[0].slice(0, 300), type: 'Data source', status, messages: [] as string[] }]
        : [];
    });
    const statusWord = labelled(text, ['last session status', 'session status', 'backup status', 'status']);
    const stated = statusOf(statusWord);
    if (stated === 'not_final') {
      throw new ReportParseError(`The Cove session of ${device} is still running ("${statusWord}"); its result follows.`);
    }
    const worst = objects.reduce<Status | null>((w, o) => (w === null || RANK[o.status] > RANK[w] ? o.status : w), null);
    const status = stated ?? worst;
    if (!status) {
      throw new ReportParseError(
        statusWord ? `Unknown Cove session status "${statusWord}".` : `The Cove mail about ${device} has no session status.`,
      );
    }
    const timeLines = text
      .split('\n')
      .filter((line) => !line.trim().toLowerCase().startsWith('last session status'))
      .join('\n');
    const at = sessionTime(labelled(timeLines, ['last session', 'session start', 'start time', 'timestamp', 'date']), mail) ?? mail.date;
    if (!at) {
      throw new ReportParseError('The Cove mail has no readable session time and no Date header.');
    }
    const errors = Number(labelled(text, ['errors']) ?? 0);
    return [
      {
        job: { name: device.slice(0, 300), software: 'N-able Cove Data Protection', type: 'Backup' },
        status,
        startedAt: at.toISOString(),
        remark: [
          ...(statusWord && !stated ? [`Unknown Cove status "${statusWord}"`] : []),
          ...(errors > 0 ? [`${errors} error${errors === 1 ? '' : 's'} in the session`] : []),
        ]
          .join('\n')
          .slice(0, 4000),
        objects,
      },
    ];
  },
};
