// Veeam Backup & Replication job reports (backup, backup copy and replication jobs): an HTML
// body with the job title, a summary table (start / end time, job-level details) and one row per
// machine with its status and details.
import { collapseSpace, parseReportHtml, tableRows, valueAfter } from './html-tables';
import type { ParsedRun, ReportMail, ReportParser } from './report-parser';
import { ReportParseError } from './report-parser';
import { offsetMinutesOf, parseWallClock } from './wall-clock';

const TITLE = /^(Backup Copy|Backup|Replication|File Backup|Agent Backup) job:\s*(.+)$/i;
const STATUS: Record<string, 'success' | 'warning' | 'error'> = { success: 'success', warning: 'warning', failed: 'error', error: 'error' };

const statusOf = (text: string | undefined) => STATUS[(text ?? '').toLowerCase()];

export const veeamParser: ReportParser = {
  id: 'veeam-backup-replication',
  label: 'Veeam Backup & Replication job report',
  match: { subject: /^\[(Success|Warning|Failed|Error)\]/i, body: /(Backup|Backup Copy|Replication) job:/i },
  parse(mail: ReportMail): ParsedRun[] {
    if (!mail.html) {
      throw new ReportParseError('The Veeam report has no HTML part.');
    }
    const rows = tableRows(parseReportHtml(mail.html));
    const titleCell = rows.flat().find((cell) => TITLE.test(cell));
    const title = titleCell ? TITLE.exec(titleCell) : null;
    if (!title) {
      throw new ReportParseError('No "… job: <name>" title found in the Veeam report.');
    }
    const subjectStatus = statusOf(/^\[(\w+)\]/.exec(mail.subject)?.[1]);
    const offset = offsetMinutesOf(mail.dateHeader);
    const startText = valueAfter(rows, 'Start time');
    const endText = valueAfter(rows, 'End time');
    const startedAt = startText ? parseWallClock(startText, offset) : null;
    const endedAt = endText ? parseWallClock(endText, offset) : null;
    if (!startedAt && !endedAt) {
      throw new ReportParseError('The Veeam report has no readable start or end time (the summary table is missing or truncated).');
    }
    const header = rows.findIndex((cells) => cells[0] === 'Name' && cells[1] === 'Status');
    const objects =
      header < 0
        ? []
        : rows
            .slice(header + 1)
            .filter((cells) => cells.length >= 2 && statusOf(cells[1]) !== undefined && cells[0])
            .map((cells) => {
              const details = cells.at(-1) ?? '';
              return {
                name: (cells[0] as string).slice(0, 300),
                type: title[1]?.toLowerCase().includes('file') ? 'Share' : 'VM',
                status: statusOf(cells[1]) as 'success' | 'warning' | 'error',
                messages: details && cells.length > 2 ? [details.slice(0, 2000)] : [],
              };
            });
    const worst = objects.some((o) => o.status === 'error') ? 'error' : objects.some((o) => o.status === 'warning') ? 'warning' : 'success';
    return [
      {
        job: { name: collapseSpace(title[2] as string).slice(0, 300), software: 'Veeam Backup & Replication', type: title[1] as string },
        status: subjectStatus ?? worst,
        ...(startedAt && { startedAt: startedAt.toISOString() }),
        ...(endedAt && { endedAt: endedAt.toISOString() }),
        remark: (valueAfter(rows, 'Details') ?? '').slice(0, 4000),
        objects,
      },
    ];
  },
};
