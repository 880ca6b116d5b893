import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LaneUpdateResult, SessionParams } from '#src/features/pilot-sessions/pilot-sessions.schemas';
import { contextOf } from '#src/plugins/authentication';
import type { Services } from '#src/services';
import { MAX_IMAGE_BYTES } from './attachment-rules';

const AttachmentView = z.object({
  id: z.uuid(),
  kind: z.enum(['image', 'text']),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number(),
  createdAt: z.iso.datetime(),
});
const AttachmentParams = z.strictObject({ sessionId: z.uuid(), attachmentId: z.uuid() });

export const attachmentsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const tags = ['flowpilot'];
  const { attachments } = services;
  // The file itself is the body (a screenshot or a log), not JSON; its kind is read from its bytes.
  const raw = { parseAs: 'buffer' as const, bodyLimit: MAX_IMAGE_BYTES };
  app.addContentTypeParser(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/octet-stream'], raw, (_req, body, done) =>
    done(null, body),
  );
  // Fastify's own text/plain parser would hand over a string; a log is kept as its bytes.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(/^text\//, raw, (_req, body, done) => done(null, body));

  app.post(
    '/api/v1/ai-sessions/:sessionId/attachments',
    {
      bodyLimit: MAX_IMAGE_BYTES,
      schema: {
        tags,
        summary: 'Attach a screenshot (PNG, JPEG, GIF, WebP, ≤ 5 MB) or a text log (≤ 1 MB) to the session (admin, operator)',
        params: SessionParams,
        querystring: z.strictObject({ name: z.string().trim().min(1).max(200) }),
        response: { 201: AttachmentView },
      },
    },
    async (req, reply) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      return reply.status(201).send(await attachments.upload(contextOf(req), req.params.sessionId, body, req.query.name));
    },
  );
  app.get(
    '/api/v1/ai-sessions/:sessionId/attachments',
    {
      schema: {
        tags,
        summary: "The session's attachments",
        params: SessionParams,
        response: { 200: z.object({ attachments: z.array(AttachmentView) }) },
      },
    },
    (req) => attachments.list(contextOf(req), req.params.sessionId),
  );
  app.get(
    '/api/v1/ai-sessions/:sessionId/attachments/:attachmentId',
    { schema: { tags, summary: 'Download an attachment', params: AttachmentParams } },
    async (req, reply) => {
      const file = await attachments.content(contextOf(req), req.params.sessionId, req.params.attachmentId);
      // Served as a download in a sandbox: a file someone attached can never run as a page here.
      return reply
        .header('content-type', file.contentType)
        .header(
          'content-disposition',
          `${file.contentType.startsWith('image/') ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        )
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(file.bytes);
    },
  );
  app.post(
    '/api/v1/ai-sessions/:sessionId/attachments/:attachmentId/check-output',
    {
      schema: {
        tags,
        summary: "Use an attached log as a diagnostic check's output (admin, operator)",
        params: AttachmentParams,
        body: z.strictObject({ checkId: z.uuid() }),
        response: { 200: LaneUpdateResult },
      },
    },
    (req) => attachments.asCheckOutput(contextOf(req), req.params.sessionId, req.params.attachmentId, req.body.checkId),
  );
};
