// Reads a raw mail and offers it to the parsers, in order; never throws for a bad mail, it says
// why instead. Pure (no database): the intake stores what it returns, `parse-mail` prints it.
import { createHash } from 'node:crypto';
import { RunInput } from '#src/features/backup-runs/ingest.schemas';
import type { RunToWrite } from '#src/features/backup-runs/run-writer';
import { readReportMail } from './mail-reader';
import { REPORT_PARSERS } from './registry';
import { parserMatches, type ReportMail, ReportParseError, type ReportParser } from './report-parser';

export type MailOutcome =
  | { status: 'parsed'; parser: ReportParser; mail: ReportMail; runs: RunToWrite[] }
  | { status: 'unparsed' | 'failed'; parser: ReportParser | null; mail: ReportMail | null; reason: string };

/** Reads and parses; never throws for a bad mail, it says why instead. */
export const interpretMail = async (raw: Buffer, sha256: string, parsers: readonly ReportParser[]): Promise<MailOutcome> => {
  let mail: ReportMail;
  try {
    mail = await readReportMail(raw);
  } catch (error) {
    return {
      status: 'failed',
      parser: null,
      mail: null,
      reason: error instanceof ReportParseError ? error.message : `Unreadable mail: ${(error as Error).message}`,
    };
  }
  const parser = parsers.find((p) => parserMatches(p, mail));
  if (!parser) {
    return {
      status: 'unparsed',
      parser: null,
      mail,
      reason: `No parser matches this mail (from ${mail.from || 'unknown sender'}, subject "${mail.subject}").`,
    };
  }
  try {
    const key = mail.messageId ?? sha256;
    const runs = parser.parse(mail).map(({ attempt, ...run }, position) => ({
      ...RunInput.parse({ ...run, sourceKey: `${key}#${position}`.slice(0, 300) }),
      ...(attempt && attempt > 1 && { attempt }),
    }));
    if (runs.length === 0) {
      return { status: 'failed', parser, mail, reason: `${parser.label}: the mail reports no run.` };
    }
    return { status: 'parsed', parser, mail, runs };
  } catch (error) {
    const reason =
      error instanceof ReportParseError ? error.message : `The parsed run is not valid: ${(error as Error).message.slice(0, 300)}`;
    return { status: 'failed', parser, mail, reason: `${parser.label}: ${reason}` };
  }
};

/** What the parsers read from a raw mail: the parser (id and label), its runs, or why none did. */
export const describeParse = async (raw: Buffer) => {
  const outcome = await interpretMail(raw, createHash('sha256').update(raw).digest('hex'), REPORT_PARSERS);
  const parser = outcome.parser ? { id: outcome.parser.id, label: outcome.parser.label } : null;
  if (outcome.status !== 'parsed') {
    return { parser, runs: [], error: outcome.reason };
  }
  // The run as the ingestion API takes it; the source key is the intake's, not the mail's.
  return { parser, runs: outcome.runs.map(({ sourceKey: _sourceKey, attempt: _attempt, ...run }) => run), error: null };
};
