// B2.3 (b): a report mail is stored raw first, then run through the ordered parsers. What a
// parser reads becomes runs through the same writer as the ingestion API (source `mail`, one
// source key per mail and position, so a re-parse never duplicates). A mail nobody understands,
// or a malformed one, is kept and listed with the reason, and can be re-parsed later.

import { createHash } from 'node:crypto';
import type { Database } from '#src/db/connection';
import { isUniqueViolation } from '#src/db/errors';
import { type Tx, withTenant } from '#src/db/tenant';
import { type RunWriterRepositories, type WrittenRun, writeRuns } from '#src/features/backup-runs/run-writer';
import { AppError, notFound } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import { type RequestContext, requireRole } from '#src/lib/context';
import type { MailIntakeRepository, ReportMailRow } from './mail-intake.repository';
import type { MailView } from './mail-intake.schemas';
import { describeParse, interpretMail as interpret, type MailOutcome as Outcome } from './parsers/interpret-mail';
import { createParsePool, type ParsePool } from './parsers/parse-pool';
import { REPORT_PARSERS } from './parsers/registry';
import type { ReportParser } from './parsers/report-parser';

const toView = (row: ReportMailRow): MailView => ({
  id: row.id,
  source: row.source as MailView['source'],
  sender: row.sender,
  subject: row.subject,
  sentAt: row.sent_at?.toISOString() ?? null,
  sizeBytes: row.size_bytes,
  status: row.parse_status as MailView['status'],
  parserId: row.parser_id,
  reason: row.parse_error,
  runCount: row.run_count,
  receivedAt: row.received_at.toISOString(),
});

export const createMailIntakeService = (deps: {
  database: Database;
  mails: MailIntakeRepository;
  repositories: RunWriterRepositories;
  clock: Clock;
  parsers?: readonly ReportParser[];
}) => {
  const parsers = deps.parsers ?? REPORT_PARSERS;
  // Mails are read in a worker thread (parse-pool.ts) so a hostile one cannot stall the server;
  // parsers handed in by a test are functions, which cannot cross threads, so they run here.
  let pool: ParsePool | null = null;
  const readMail = (raw: Buffer, sha256: string) => {
    if (deps.parsers) {
      return interpret(raw, sha256, parsers);
    }
    pool ??= createParsePool();
    return pool.interpret(raw, sha256);
  };

  const record = async (tx: Tx, ctx: RequestContext, mailId: string, outcome: Outcome) => {
    let written = new Map<string, WrittenRun>();
    if (outcome.status === 'parsed') {
      written = await writeRuns(
        deps.repositories,
        tx,
        ctx.accountId,
        { reporter: `mail:${outcome.mail.reportedBy}`, source: 'mail', evidenceId: mailId, receivedAt: deps.clock.now() },
        outcome.runs,
      );
    }
    const row = await deps.mails.updateOutcome(tx, mailId, {
      parse_status: outcome.status,
      parser_id: outcome.parser?.id ?? null,
      parse_error: outcome.status === 'parsed' ? null : outcome.reason,
      run_count: outcome.status === 'parsed' ? outcome.runs.length : 0,
      parsed_at: deps.clock.now(),
    });
    return { row, runs: [...written.values()] };
  };

  return {
    /** Stores a report mail (raw) and turns it into runs when a parser understands it. */
    async intakeMail(ctx: RequestContext, raw: Buffer, source: 'upload' | 'imap' | 'graph') {
      requireRole(ctx, ['admin', 'operator', 'system']);
      if (raw.length === 0) {
        throw new AppError('invalid_input', 'The file is empty');
      }
      const sha256 = createHash('sha256').update(raw).digest('hex');
      const existing = await withTenant(deps.database, ctx, (tx) => deps.mails.findMailBySha(tx, sha256));
      if (existing) {
        return { ...toView(existing), alreadyReceived: true, runs: [] };
      }
      const outcome = await readMail(raw, sha256);
      // The raw mail is stored first, on its own: whatever happens to its runs, nothing is lost.
      let stored: ReportMailRow;
      try {
        stored = await withTenant(deps.database, ctx, (tx) =>
          deps.mails.insertMail(tx, {
            account_id: ctx.accountId,
            source,
            sha256,
            message_id: outcome.mail?.messageId?.slice(0, 1000) ?? null,
            sender: (outcome.mail?.from ?? '').slice(0, 320),
            subject: (outcome.mail?.subject ?? '').slice(0, 1000),
            sent_at: outcome.mail?.date && !Number.isNaN(outcome.mail.date.getTime()) ? outcome.mail.date : null,
            size_bytes: raw.length,
            raw,
            parse_status: 'unparsed',
          }),
        );
      } catch (error) {
        // The same mail arriving twice at once (parallel uploads, the poller racing an upload).
        const raced = isUniqueViolation(error) ? await withTenant(deps.database, ctx, (tx) => deps.mails.findMailBySha(tx, sha256)) : null;
        if (raced) {
          return { ...toView(raced), alreadyReceived: true, runs: [] };
        }
        throw error;
      }
      let recorded: Awaited<ReturnType<typeof record>>;
      try {
        recorded = await withTenant(deps.database, ctx, (tx) => record(tx, ctx, stored.id, outcome));
      } catch (error) {
        ctx.log.warn({ err: error, mailId: stored.id }, 'report mail stored, its runs could not be written');
        const failed: Outcome = {
          status: 'failed',
          parser: outcome.parser,
          mail: outcome.mail,
          reason: `The runs read from this mail could not be stored: ${(error as Error).message.slice(0, 300)}`,
        };
        recorded = await withTenant(deps.database, ctx, (tx) => record(tx, ctx, stored.id, failed));
      }
      const { row, runs } = recorded;
      ctx.log.info({ mailId: row.id, status: row.parse_status, parser: row.parser_id, runs: runs.length }, 'report mail received');
      return { ...toView(row), alreadyReceived: false, runs };
    },

    /** Stops the mail-reading worker (the app's shutdown). */
    async closeReader() {
      await pool?.close();
      pool = null;
    },

    /** For admins debugging a parser: what the parsers read from a mail; nothing is stored. */
    async tryMail(ctx: RequestContext, raw: Buffer) {
      requireRole(ctx, ['admin']);
      if (raw.length === 0) {
        throw new AppError('invalid_input', 'The file is empty');
      }
      return describeParse(raw);
    },

    /** Runs the (possibly changed) parsers again over a stored mail; runs already made are kept. */
    async reparseMail(ctx: RequestContext, mailId: string) {
      requireRole(ctx, ['admin', 'operator']);
      const stored = await withTenant(deps.database, ctx, (tx) => deps.mails.findRaw(tx, mailId));
      if (!stored) {
        throw notFound('Report mail');
      }
      const raw = Buffer.from(stored.raw);
      const outcome = await readMail(raw, createHash('sha256').update(raw).digest('hex'));
      const { row, runs } = await withTenant(deps.database, ctx, (tx) => record(tx, ctx, mailId, outcome));
      return { ...toView(row), alreadyReceived: true, runs };
    },

    async listMails(ctx: RequestContext, filter: { status?: string; limit: number }) {
      return (await withTenant(deps.database, ctx, (tx) => deps.mails.listMails(tx, filter))).map(toView);
    },

    /** The mail exactly as received (the evidence behind a run). */
    async getRawMail(ctx: RequestContext, mailId: string) {
      const stored = await withTenant(deps.database, ctx, (tx) => deps.mails.findRaw(tx, mailId));
      if (!stored) {
        throw notFound('Report mail');
      }
      return { raw: Buffer.from(stored.raw), subject: stored.subject };
    },
  };
};

export type MailIntakeService = ReturnType<typeof createMailIntakeService>;
