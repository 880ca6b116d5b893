// Issue 20: the monthly report's figures per job as CSV (RFC 4180: CRLF, quoted where needed),
// with a UTF-8 byte-order mark so Excel reads accents right. A cell that starts with = + - @ is
// prefixed with ' so a spreadsheet never runs it as a formula (OWASP, "CSV Injection").
// The columns are documented in the README ("Customer reports").
import type { ReportData } from './customer-report.service';

export const CSV_COLUMNS = [
  'customer',
  'month',
  'job',
  'backup_software',
  'runs',
  'success',
  'warning',
  'failed',
  'missed',
  'overridden',
  'success_rate_percent',
  'longest_gap_hours',
  'tickets_opened',
  'tickets_resolved',
] as const;

const cell = (value: string | number | null) => {
  if (value === null) {
    return '';
  }
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) {
    text = `'${text}`;
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export const reportCsv = (d: ReportData) =>
  `\uFEFF${[
    CSV_COLUMNS.join(','),
    ...d.jobs.map((j) =>
      [
        d.customer.name,
        d.month,
        j.job,
        j.software,
        j.runs,
        j.success,
        j.warning,
        j.error,
        j.missed,
        j.overridden,
        j.successRate,
        j.longest_gap_hours,
        j.tickets_opened,
        j.tickets_resolved,
      ]
        .map(cell)
        .join(','),
    ),
  ].join('\r\n')}\r\n`;
