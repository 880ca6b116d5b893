// NAKIVO Backup & Replication job reports: an HTML summary (job status, started, finished,
// message) and one row per VM with its status and message.
import { collapseSpace, parseReportHtml, tableRows, valueAfter } from './html-tables';
import type { ParsedRun, ReportMail, ReportParser } from './report-parser';
import { ReportParseError } from './report-parser';
import { offsetMinutesOf, parseWallClock } from './wall-clock';

type Status = 'success' | 'warning' | 'error';
const statusOf = (text: string): Status | null =>
  /fail|error/i.test(text) ? 'error' : /warning/i.test(text) ? 'warning' : /success|completed/i.test(text) ? 'success' : null;

export const nakivoParser: ReportParser = {
  id: 'nakivo',
  label: 'NAKIVO Backup & Replication job report',
  match: { subject: /NAKIVO/i, body: /Job report:/i },
  parse(mail: ReportMail): ParsedRun[] {
    if (!mail.html) {
      throw new ReportParseError('The NAKIVO report has no HTML part.');
    }
    const root = parseReportHtml(mail.html);
    const name = /Job report:\s*(.+)/i.exec(collapseSpace(root.querySelector('h2')?.textContent ?? ''))?.[1];
    if (!name) {
      throw new ReportParseError('No "Job report: <name>" heading.');
    }
    const rows = tableRows(root);
    const field = (label: string) => valueAfter(rows, label);
    const status = statusOf(field('Job status') ?? mail.subject);
    if (!status) {
      throw new ReportParseError('No job status in the report.');
    }
    const offset = offsetMinutesOf(mail.dateHeader);
    const started = field('Started');
    const finished = field('Finished');
    const startedAt = started ? parseWallClock(started, offset) : null;
    const endedAt = finished ? parseWallClock(finished, offset) : null;
    if (!startedAt && !endedAt) {
      throw new ReportParseError('No readable Started or Finished time.');
    }
    const header = rows.findIndex((cells) => cells[0] === 'VM' && cells[1] === 'Status');
    const objects =
      header < 0
        ? []
        : rows.slice(header + 1).flatMap((cells) => {
            const vmStatus = statusOf(cells[1] ?? '');
            return cells[0] && vmStatus
              ? [
                  {
                    name: cells[0],
                    type: 'VM',
                    status: vmStatus,
                    messages: cells.at(-1) && cells.length > 2 ? [cells.at(-1) as string] : [],
                  },
                ]
              : [];
          });
    return [
      {
        job: { name: collapseSpace(name), software: 'NAKIVO Backup & Replication', type: field('Job type') ?? '' },
        status,
        ...(startedAt && { startedAt: startedAt.toISOString() }),
        ...(endedAt && { endedAt: endedAt.toISOString() }),
        remark: field('Message') ?? '',
        objects,
      },
    ];
  },
};
