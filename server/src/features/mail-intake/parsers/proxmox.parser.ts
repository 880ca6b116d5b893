// Proxmox VE vzdump backup mails (report-mail-formats.md §6), both generations:
// - the notification system (PVE 8.1+): subject "vzdump backup status (<fqdn>): backup successful"
//   or "…: backup failed[: <error>]"; a text table VMID | Name | Status | Time | Size | Filename with
//   every cell padded, statuses ok / err / todo, a failed guest's filename "null";
// - the legacy Perl mail (PVE 7): "vzdump backup status (<host>) : successful" (space before the
//   colon), fixed-width columns, statuses OK / FAILED.
// The table has no times: they come from the log lines ("<vmid>: 2026-11-30 22:00:02 INFO: …"),
// local time at the Date header's offset. One mail is one run of the node's vzdump job; a job that
// fails before any guest (empty table) is still an error run.
import { parseByteSize } from './byte-size';
import { parseReportHtml } from './html-tables';
import type { ParsedRun, ReportMail, ReportParser } from './report-parser';
import { ReportParseError } from './report-parser';
import { offsetMinutesOf } from './wall-clock';

type Status = 'success' | 'warning' | 'error';
const GUEST_STATUS: Record<string, Status> = { ok: 'success', err: 'error', todo: 'error', failed: 'error' };
const COLUMNS = ['vmid', 'name', 'status', 'time', 'size', 'filename'] as const;

/** "vzdump backup status (pve01.example.com): backup failed: …" → node and outcome. */
const readSubject = (subject: string) => {
  const open = subject.indexOf('(');
  const close = subject.indexOf(')', open);
  if (open < 0 || close < 0) {
    return null;
  }
  const node = subject.slice(open + 1, close).trim();
  const rest = subject.slice(close + 1).replace(/^\s*:\s*/, '');
  const lower = rest.toLowerCase();
  const status: Status | null =
    lower.startsWith('backup successful') || lower.startsWith('successful')
      ? 'success'
      : lower.startsWith('backup failed') || lower.startsWith('failed')
        ? 'error'
        : null;
  const error =
    status === 'error'
      ? rest
          .slice(rest.toLowerCase().indexOf('failed') + 'failed'.length)
          .replace(/^\s*:\s*/, '')
          .trim()
      : '';
  return node && status ? { node, status, error } : null;
};

/** The guest table, read by the header's column positions (both generations align to them). */
const readTable = (lines: string[]) => {
  const headerAt = lines.findIndex((line) => {
    const words = line.trim().toLowerCase().split(/\s+/);
    return COLUMNS.every((c, i) => words[i] === c);
  });
  if (headerAt < 0) {
    return null;
  }
  const header = (lines[headerAt] as string).toLowerCase();
  const starts = COLUMNS.map((column, i) => {
    let from = 0;
    for (let k = 0; k < i; k++) {
      from = header.indexOf(COLUMNS[k] as string, from) + (COLUMNS[k] as string).length;
    }
    return header.indexOf(column, from);
  });
  const guests: { vmid: string; name: string; status: string; time: string; size: string; filename: string }[] = [];
  for (const line of lines.slice(headerAt + 1)) {
    if (!line.trim() || /^[-=]+$/.test(line.trim()) || line.trim().toLowerCase().startsWith('total')) {
      if (guests.length || !line.trim()) {
        break;
      }
      continue;
    }
    const cell = (i: number) => line.slice(starts[i], i + 1 < starts.length ? starts[i + 1] : undefined).trim();
    const vmid = cell(0);
    if (!/^\d{1,9}$/.test(vmid)) {
      break;
    }
    guests.push({ vmid, name: cell(1), status: cell(2), time: cell(3), size: cell(4), filename: cell(5) });
  }
  return guests;
};

/** "2026-11-30 22:00:02" at the start of a log line (after an optional "<vmid>: " prefix). */
const logTime = (line: string, offsetMinutes: number): Date | null => {
  const colon = line.indexOf(': ');
  const candidates = [line, colon > 0 && colon < 12 ? line.slice(colon + 2) : ''];
  for (const text of candidates) {
    const stamp = text.slice(0, 19);
    if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(stamp)) {
      const utc = Date.parse(`${stamp.replace(' ', 'T')}Z`);
      return Number.isNaN(utc) ? null : new Date(utc - offsetMinutes * 60_000);
    }
  }
  return null;
};

export const proxmoxParser: ReportParser = {
  id: 'proxmox-vzdump',
  label: 'Proxmox VE vzdump backup',
  match: { subject: /vzdump backup status/i },
  parse(mail: ReportMail): ParsedRun[] {
    const subject = readSubject(mail.subject);
    if (!subject) {
      throw new ReportParseError('The subject names no node and outcome ("vzdump backup status (<node>): backup successful|failed").');
    }
    // The text part when there is one; the HTML part (a table, or text wrapped in <pre>) otherwise.
    const text = mail.text.trim() ? mail.text : mail.html ? parseReportHtml(mail.html).textContent : '';
    const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
    const guests = readTable(lines) ?? [];
    const offset = offsetMinutesOf(mail.dateHeader);
    const times = lines.map((line) => logTime(line, offset)).filter((t): t is Date => t !== null);
    // A reduce, not Math.min(...): a long log has more timestamps than a call may take arguments.
    const startedAt = times.length ? new Date(times.map((t) => t.getTime()).reduce((a, b) => Math.min(a, b))) : null;
    const endedAt = times.length ? new Date(times.map((t) => t.getTime()).reduce((a, b) => Math.max(a, b))) : mail.date;
    if (!startedAt && !endedAt) {
      throw new ReportParseError('The vzdump mail has neither log times nor a Date header to time the run by.');
    }
    const objects = guests.map((g) => {
      const status = GUEST_STATUS[g.status.toLowerCase()] ?? 'warning';
      const errors = lines
        .filter((line) => line.startsWith(`${g.vmid}: `) && line.includes('ERROR:'))
        .map((line) => line.slice(line.indexOf('ERROR:') + 'ERROR:'.length).trim())
        .filter(Boolean);
      return {
        name: (g.name || `VM ${g.vmid}`).slice(0, 300),
        type: 'Guest',
        status,
        messages: [
          ...(GUEST_STATUS[g.status.toLowerCase()] ? [] : [`Unknown status "${g.status}"`]),
          ...(status === 'error' && g.status.toLowerCase() === 'todo' ? ['Not backed up: the job stopped before this guest'] : []),
          ...errors,
        ]
          .slice(0, 50)
          .map((m) => m.slice(0, 2000)),
      };
    });
    const worst: Status = objects.some((o) => o.status === 'error')
      ? 'error'
      : objects.some((o) => o.status === 'warning')
        ? 'warning'
        : 'success';
    const status: Status = subject.status === 'error' || worst === 'error' ? 'error' : worst;
    const totals = lines.filter((line) => /^total (running time|size):/i.test(line.trim())).map((line) => line.trim());
    const sizeBytes = parseByteSize(totals.find((line) => /^total size:/i.test(line))?.slice('total size:'.length));
    const remark = [subject.error, ...(guests.length === 0 && status === 'error' ? ['No guest was backed up.'] : []), ...totals]
      .filter(Boolean)
      .join('\n');
    return [
      {
        job: { name: `vzdump on ${subject.node}`.slice(0, 300), software: 'Proxmox VE', type: 'Backup' },
        status,
        ...(startedAt && { startedAt: startedAt.toISOString() }),
        ...(endedAt && { endedAt: endedAt.toISOString() }),
        remark: remark.slice(0, 4000),
        objects,
        ...(sizeBytes !== undefined && { sizeBytes }),
      },
    ];
  },
};
