// The last resort: a report whose subject says how a named backup went ("Backup completed
// successfully: Workstation images", "Backup FAILED - NAS sync"). The job is the subject without
// its status words; the run time is the mail's date.
import type { ParsedRun, ReportMail, ReportParser } from './report-parser';
import { ReportParseError } from './report-parser';

const ERROR = /\b(fail(ed|ure)?|error(s)?|unsuccessful|aborted)\b/i;
const WARNING = /\b(warning(s)?|partial(ly)?|completed with (warnings|exceptions))\b/i;
const SUCCESS = /\b(success(ful(ly)?)?|succeeded|completed|ok)\b/i;
const NOISE =
  /\b(backup|job|task|report|status|completed|successfully|successful|succeeded|success|failed|failure|failed|error|errors|warning|warnings|with|has|was|ok|partial|partially)\b/gi;

export const genericParser: ReportParser = {
  id: 'generic-subject-keywords',
  label: 'Generic: status keyword in the subject',
  match: { subject: /\bbackup\b/i },
  parse(mail: ReportMail): ParsedRun[] {
    const status = ERROR.test(mail.subject)
      ? 'error'
      : WARNING.test(mail.subject)
        ? 'warning'
        : SUCCESS.test(mail.subject)
          ? 'success'
          : null;
    if (!status) {
      throw new ReportParseError('The subject names no outcome (success, warning or failure).');
    }
    if (!mail.date) {
      throw new ReportParseError('The mail has no Date header to time the run by.');
    }
    const name =
      mail.subject
        .replace(NOISE, ' ')
        .replace(/[[\]():\-–—]+/g, ' ')
        .replace(/\s+/g, ' ')
        .trim() || mail.subject.trim();
    return [
      {
        job: { name: name.slice(0, 300), software: `Unknown (${mail.from.split('@').pop() ?? 'mail'})`, type: '' },
        status,
        endedAt: mail.date.toISOString(),
        remark: mail.text.trim().slice(0, 500),
        objects: [],
      },
    ];
  },
};
