import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SessionParams } from '#src/features/pilot-sessions/pilot-sessions.schemas';
import { contextOf } from '#src/plugins/authentication';
import type { Services } from '#src/services';

const Preview = z.object({
  markdown: z.string(),
  /** The linked ticket, e.g. "CW #48291"; null when nothing will be posted to a PSA. */
  target_ticket_ref: z.string().nullable(),
  state_version: z.number(),
  cached: z.boolean(),
});
const PostBody = z.strictObject({
  /** The note text as previewed and edited (plain text, as both PSAs show notes). */
  markdown: z.string().trim().min(1, 'The note is empty').max(32_000),
  /** The resolution note's Outcome, written by the engineer; required for the resolution note. */
  outcome: z.string().trim().max(4000).optional(),
});
const PostResult = z.object({
  outcome: z.enum(['resolved', 'escalated', 'resolved_local', 'escalated_local']),
  note_external_id: z.string().nullable(),
  /** The status read back from the ticket: its id and, for people, its name. */
  status: z.object({ expected: z.string(), actual: z.string(), name: z.string().nullable(), verified: z.literal(true) }).nullable(),
  /** Escalate: the queue (ConnectWise: board) the ticket was moved to, read back from the ticket. */
  routed_to: z.object({ queueId: z.string(), name: z.string().nullable(), verified: z.literal(true) }).nullable(),
  status_transition_skipped_reason: z.string().nullable(),
});

export const pilotNotesRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const tags = ['flowpilot'];
  const { sessionNotes } = services;
  for (const [path, kind, label] of [
    ['resolution-note', 'resolution_note', 'resolution note'],
    ['escalation-package', 'escalation_package', 'escalation package'],
  ] as const) {
    app.post(
      `/api/v1/ai-sessions/:sessionId/${path}/preview`,
      {
        schema: {
          tags,
          summary: `Preview the ${label} from session state; cached per state version`,
          params: SessionParams,
          response: { 200: Preview },
        },
      },
      (req) => sessionNotes.preview(contextOf(req), req.params.sessionId, kind),
    );
    app.post(
      `/api/v1/ai-sessions/:sessionId/${path}/post`,
      {
        schema: {
          tags,
          summary: `Post the edited ${label} to the linked ticket and verify the status change (409 when already posted; 502 when the PSA ignored the status)`,
          params: SessionParams,
          body: PostBody,
          response: { 200: PostResult },
        },
      },
      (req) => sessionNotes.post(contextOf(req), req.params.sessionId, kind, req.body.markdown, req.body.outcome),
    );
  }

  app.get(
    '/api/v1/ai-sessions/:sessionId/ticket-context',
    {
      schema: {
        tags,
        summary: "The linked ticket's title, description and latest notes, read from the PSA now, as text for the composer",
        params: SessionParams,
        response: { 200: z.object({ ticket_ref: z.string(), text: z.string() }) },
      },
    },
    (req) => sessionNotes.ticketContext(contextOf(req), req.params.sessionId),
  );

  app.post(
    '/api/v1/ai-sessions/:sessionId/progress-update/preview',
    {
      schema: {
        tags,
        summary: 'Preview a Share update: the customer-visible progress note from session state',
        params: SessionParams,
        response: { 200: Preview },
      },
    },
    (req) => sessionNotes.previewUpdate(contextOf(req), req.params.sessionId),
  );
  app.post(
    '/api/v1/ai-sessions/:sessionId/progress-update/post',
    {
      schema: {
        tags,
        summary: 'Share update: post the (edited) progress note to the ticket, customer-visible, without a status change (admin, operator)',
        params: SessionParams,
        body: z.strictObject({ markdown: z.string().trim().min(1, 'The update is empty').max(32_000) }),
        response: { 200: z.object({ note_external_id: z.string(), target_ticket_ref: z.string() }) },
      },
    },
    (req) => sessionNotes.shareUpdate(contextOf(req), req.params.sessionId, req.body.markdown),
  );
};
