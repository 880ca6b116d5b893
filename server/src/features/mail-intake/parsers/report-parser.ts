// The contract every report-mail parser meets. Parsers are tried in their order; the first whose
// match criteria (sender / subject / body) fit parses the mail. A parser that matches but cannot
// read the mail throws ReportParseError: the mail is kept and listed with that reason.
import type { RunInput } from '#src/features/backup-runs/ingest.schemas';

export type ReportMail = {
  from: string;
  /**
   * Who produced the report: the sender, or for a mail forwarded by a person (an Outlook "FW:")
   * the original sender named in the forward's header block. Jobs are matched by it, so a
   * forwarded copy lands on the same job as the mails the product sends itself.
   */
  reportedBy: string;
  subject: string;
  text: string;
  html: string | null;
  /** The Date header as sent, offset included (needed to read wall-clock times in the body). */
  dateHeader: string | null;
  date: Date | null;
  messageId: string | null;
};

/**
 * A run as read from a mail; the intake gives it its source key (message id and position).
 * `attempt` > 1 marks a retry of the same session (ADR 8); the API shape has no such field.
 */
export type ParsedRun = Omit<RunInput, 'sourceKey'> & { attempt?: number };

export type ReportParser = {
  id: string;
  label: string;
  /** Match criteria, all optional; every given one must match. */
  match: { from?: RegExp; subject?: RegExp; body?: RegExp };
  parse(mail: ReportMail): ParsedRun[];
};

export class ReportParseError extends Error {}

export const parserMatches = (parser: ReportParser, mail: ReportMail) =>
  (!parser.match.from || parser.match.from.test(mail.from)) &&
  (!parser.match.subject || parser.match.subject.test(mail.subject)) &&
  (!parser.match.body || parser.match.body.test(`${mail.text}\n${mail.html ?? ''}`));
