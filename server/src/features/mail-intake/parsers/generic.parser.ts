// The last resort: a report whose subject says how a named backup went ("Backup completed
// successfully: Workstation images", "Backup FAILED - NAS sync"). The job is the subject without
// its status words; the run time is the mail's date.
import type { ParsedRun, ReportMail, ReportParser } from './report-parser';
import { ReportParseError } from './report-parser';

const ERROR = /\b(fail(ed|ure)?|error(s)?|unsuccessful|aborted)\b/i;
const WARNING = /\b(warning(s)?|partial(ly)?|completed with (warnings|exceptions))\b/i;
// "Completed" alone is not enough: shops and vendors send "Order completed: Cloud Backup licence
// renewal". Success needs a word that says the backup went well.
const SUCCESS = /\b(success(ful(ly)?)?|succeeded)\b/i;
/** Mails about backup products that are not reports of a run. */
const NOT_A_REPORT = /\b(order|invoice|licen[cs]e|renewal|subscription|payment|receipt|trial|webinar|newsletter|quote|expir(es|ing|ed))\b/i;
const NOISE =
  /\b(backup|job|task|report|status|completed|successfully|successful|succeeded|success|failed|failure|failed|error|errors|warning|warnings|with|has|was|ok|partial|partially)\b/gi;

export const genericParser: ReportParser = {
  id: 'generic-subject-keywords',
  label: 'Generic: status keyword in the subject',
  match: { subject: /\bbackup\b/i },
  parse(mail: ReportMail): ParsedRun[] {
    if (NOT_A_REPORT.test(mail.subject)) {
      throw new ReportParseError(
        `The subject reads like a message about a product, not a backup report ("${mail.subject.slice(0, 200)}").`,
      );
    }
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
