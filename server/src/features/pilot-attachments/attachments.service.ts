// Issue 18 (P8.1 Attach): screenshots and logs kept with a session. A message carries the ones
// attached to it to the pilot: images as image blocks to providers that take them, logs as
// text; a text log can also become a diagnostic check's output (and so a finding).
import type { Database } from '#src/db/connection';
import { type Tx, withTenant } from '#src/db/tenant';
import { PILOT_ROLES, type PilotSessionsService } from '#src/features/pilot-sessions/pilot-sessions.service';
import type { SessionFactsService } from '#src/features/pilot-sessions/session-facts.service';
import { AppError } from '#src/lib/app-error';
import { type RequestContext, requireRole, userIdOf } from '#src/lib/context';
import { checkAttachment } from './attachment-rules';
import type { AttachmentsRepository } from './attachments.repository';

export type AttachmentsDeps = {
  database: Database;
  attachments: AttachmentsRepository;
  pilotSessions: PilotSessionsService;
  sessionFacts: SessionFactsService;
};

/** How much of a log goes to the pilot with a message; the whole file stays attached. */
export const LOG_CHARS_FOR_PILOT = 20_000;

type Meta = { id: string; kind: string; file_name: string; content_type: string; size_bytes: number; created_at: Date };
const toView = (row: Meta) => ({
  id: row.id,
  kind: row.kind as 'image' | 'text',
  fileName: row.file_name,
  contentType: row.content_type,
  sizeBytes: row.size_bytes,
  createdAt: row.created_at.toISOString(),
});

export const createAttachmentsService = (deps: AttachmentsDeps) => {
  const inTenant = <T>(ctx: RequestContext, work: (tx: Tx) => Promise<T>) => withTenant(deps.database, ctx, work);
  const one = async (ctx: RequestContext, sessionId: string, id: string) => {
    const [row] = await inTenant(ctx, (tx) => deps.attachments.findWithContent(tx, sessionId, [id]));
    if (!row) {
      throw new AppError('not_found', 'Attachment not found');
    }
    return row;
  };

  return {
    async upload(ctx: RequestContext, sessionId: string, bytes: Buffer, fileName: string) {
      requireRole(ctx, PILOT_ROLES);
      const { row } = await deps.pilotSessions.load(ctx, sessionId);
      if (row.state === 'resolved' || row.state === 'escalated') {
        throw new AppError('invalid_state', `This session is ${row.state}; attach files to an open session.`);
      }
      const checked = checkAttachment(bytes, fileName);
      const saved = await inTenant(ctx, (tx) =>
        deps.attachments.insert(tx, {
          account_id: ctx.accountId,
          session_id: sessionId,
          kind: checked.kind,
          file_name: checked.fileName,
          content_type: checked.contentType,
          size_bytes: bytes.length,
          content: bytes,
          created_by: userIdOf(ctx),
        }),
      );
      ctx.log.info({ sessionId, attachmentId: saved.id, kind: checked.kind, bytes: bytes.length }, 'attachment stored');
      return toView(saved);
    },

    async list(ctx: RequestContext, sessionId: string) {
      await deps.pilotSessions.load(ctx, sessionId);
      return { attachments: (await inTenant(ctx, (tx) => deps.attachments.list(tx, sessionId))).map(toView) };
    },

    async content(ctx: RequestContext, sessionId: string, id: string) {
      await deps.pilotSessions.load(ctx, sessionId);
      const row = await one(ctx, sessionId, id);
      return { contentType: row.content_type, fileName: row.file_name, bytes: Buffer.from(row.content) };
    },

    /** A text log as a diagnostic check's output: the check is done and its finding a fact. */
    async asCheckOutput(ctx: RequestContext, sessionId: string, id: string, checkId: string) {
      requireRole(ctx, PILOT_ROLES);
      const row = await one(ctx, sessionId, id);
      if (row.kind !== 'text') {
        throw new AppError('invalid_input', 'Only a text log can be a check’s output.');
      }
      return deps.sessionFacts.recordCheckResult(ctx, sessionId, checkId, Buffer.from(row.content).toString('utf8'));
    },

    /** What a message's attachments give the pilot: image blocks, and the logs as text. */
    async forPilot(ctx: RequestContext, sessionId: string, ids: readonly string[]) {
      const rows = await inTenant(ctx, (tx) => deps.attachments.findWithContent(tx, sessionId, ids));
      if (rows.length !== new Set(ids).size) {
        throw new AppError('invalid_input', 'An attachment of this message is not in this session.', {
          fieldErrors: [{ path: 'attachmentIds', message: 'Not an attachment of this session' }],
        });
      }
      return {
        images: rows
          .filter((r) => r.kind === 'image')
          .map((r) => ({ mediaType: r.content_type, data: Buffer.from(r.content).toString('base64'), name: r.file_name })),
        logs: rows
          .filter((r) => r.kind === 'text')
          .map((r) => {
            const text = Buffer.from(r.content).toString('utf8');
            return {
              name: r.file_name,
              text:
                text.length > LOG_CHARS_FOR_PILOT
                  ? `${text.slice(0, LOG_CHARS_FOR_PILOT)}\n… (truncated; the whole log is attached)`
                  : text,
            };
          }),
      };
    },
  };
};

export type AttachmentsService = ReturnType<typeof createAttachmentsService>;
