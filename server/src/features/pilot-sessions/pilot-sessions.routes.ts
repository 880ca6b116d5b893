import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '#src/lib/app-error';
import { contextOf } from '#src/plugins/authentication';
import type { Services } from '#src/services';
import {
  AnswerBody,
  CheckResultBody,
  CreateFactBody,
  CreateSessionBody,
  FactList,
  FactParams,
  FactView,
  FixParams,
  FixView,
  LaneItemParams,
  LaneUpdateResult,
  LinkTicketBody,
  MessageList,
  MessageView,
  PromoteFactBody,
  SendMessageBody,
  SessionList,
  SessionParams,
  SessionView,
  UpdateFactBody,
} from './pilot-sessions.schemas';

const Telemetry = z.object({
  turns: z.number(),
  turnsWithToolsAvailable: z.number(),
  turnsThatUsedATool: z.number(),
  fallbacksWithoutTools: z.number(),
  toolsUsed: z.array(z.object({ name: z.string(), uses: z.number() })),
  aiSynthesisedFacts: z.number(),
  disputedFacts: z.number(),
  /** Share of AI-synthesised facts engineers later edited or deleted; null before there are any. */
  disputedFactRate: z.number().nullable(),
});

const TurnResult = z.object({
  message: MessageView,
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number(), cacheCreationTokens: z.number(), cacheReadTokens: z.number() }),
  factsAdded: z.number(),
  fixSuggested: z.boolean(),
});

export const pilotSessionsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const tags = ['flowpilot'];
  const { pilotSessions, pilotConversation, sessionFacts } = services;
  const base = '/api/v1/ai-sessions/:sessionId';

  // P1.4: the old /assistant URLs moved to /pilot for good; the session id is kept.
  app.get('/assistant', { schema: { hide: true } }, (_req, reply) => reply.redirect('/pilot', 301));
  app.get('/assistant/*', { schema: { hide: true } }, (req, reply) => {
    const rest = (req.params as { '*': string })['*'];
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    return reply.redirect(`/pilot/${rest.split('/').map(encodeURIComponent).join('/')}${query}`, 301);
  });

  app.get(
    '/api/v1/pilot/telemetry',
    { schema: { tags, summary: 'FlowPilot telemetry (P0.5) (admin)', response: { 200: Telemetry } } },
    (req) => services.pilotTelemetry.summary(contextOf(req)),
  );
  app.get(
    '/api/v1/ai-sessions',
    { schema: { tags, summary: 'Sessions grouped Active (active, paused) and Recent', response: { 200: SessionList } } },
    (req) => pilotSessions.listSessions(contextOf(req)),
  );
  app.post(
    '/api/v1/ai-sessions',
    {
      schema: {
        tags,
        summary: 'Start a session; a ticket number is looked up in the customer’s PSA and linked (admin, operator)',
        body: CreateSessionBody,
        response: { 201: SessionView },
      },
    },
    async (req, reply) => reply.status(201).send(await pilotSessions.createSession(contextOf(req), req.body)),
  );
  app.get(
    base,
    { schema: { tags, summary: 'One session with its task lane', params: SessionParams, response: { 200: SessionView } } },
    (req) => pilotSessions.getSession(contextOf(req), req.params.sessionId),
  );
  app.post(
    `${base}/ticket/link`,
    {
      schema: {
        tags,
        summary: "Link a ticket of the session's customer by number, validated in the PSA (admin, operator)",
        params: SessionParams,
        body: LinkTicketBody,
        response: { 200: SessionView },
      },
    },
    (req) => pilotSessions.linkTicket(contextOf(req), req.params.sessionId, req.body.ticketNumber),
  );
  app.post(
    `${base}/ticket/unlink`,
    {
      schema: {
        tags,
        summary: "Remove the session's ticket link; it stays as history (admin, operator)",
        params: SessionParams,
        response: { 200: SessionView },
      },
    },
    (req) => pilotSessions.unlinkTicket(contextOf(req), req.params.sessionId),
  );
  app.post(
    `${base}/pause`,
    { schema: { tags, summary: 'Pause the session', params: SessionParams, response: { 200: SessionView } } },
    (req) => pilotSessions.pauseSession(contextOf(req), req.params.sessionId, true),
  );
  app.post(
    `${base}/resume`,
    { schema: { tags, summary: 'Resume a paused session', params: SessionParams, response: { 200: SessionView } } },
    (req) => pilotSessions.pauseSession(contextOf(req), req.params.sessionId, false),
  );

  app.get(
    `${base}/messages`,
    { schema: { tags, summary: 'The chat, oldest first', params: SessionParams, response: { 200: MessageList } } },
    async (req) => ({
      messages: await pilotConversation.listMessages(contextOf(req), req.params.sessionId),
    }),
  );
  app.post(
    `${base}/messages`,
    {
      schema: {
        tags,
        summary: 'Send a message and wait for the pilot’s whole reply',
        params: SessionParams,
        body: SendMessageBody,
        response: { 200: TurnResult },
      },
    },
    (req) => pilotConversation.sendMessage(contextOf(req), req.params.sessionId, req.body.content, undefined, req.body.attachmentIds),
  );
  app.post(
    `${base}/messages/stream`,
    {
      schema: {
        tags,
        summary:
          'Send a message; the reply streams as server-sent events: `delta` {text} …, `tool` {name} when the pilot uses a tool, `restart` {reason} when the words start over without tools, then `done` (the turn) or `error` (a problem)',
        params: SessionParams,
        body: SendMessageBody,
      },
    },
    async (req, reply) => {
      const ctx = contextOf(req);
      // Not found, not allowed, settled: a real HTTP status before the stream starts.
      await pilotConversation.assertCanSend(ctx, req.params.sessionId);
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      const send = (event: string, data: unknown) => reply.raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      try {
        const turn = await pilotConversation.sendMessage(
          ctx,
          req.params.sessionId,
          req.body.content,
          (text) => send('delta', { text }),
          req.body.attachmentIds,
          (event) => send(event.type, event),
        );
        send('done', turn);
      } catch (error) {
        const problem =
          error instanceof AppError
            ? { code: error.code, detail: error.message }
            : { code: 'internal', detail: 'Something went wrong on our side' };
        if (!(error instanceof AppError)) {
          req.log.error({ err: error }, 'pilot turn failed');
        }
        send('error', problem);
      }
      reply.raw.end();
    },
  );

  app.get(`${base}/facts`, { schema: { tags, summary: 'What we know', params: SessionParams, response: { 200: FactList } } }, (req) =>
    sessionFacts.listFacts(contextOf(req), req.params.sessionId),
  );
  app.post(
    `${base}/facts`,
    {
      schema: {
        tags,
        summary: '"+ Add a note": a user note fact',
        params: SessionParams,
        body: CreateFactBody,
        response: { 201: FactView },
      },
    },
    async (req, reply) => reply.status(201).send(await sessionFacts.addNote(contextOf(req), req.params.sessionId, req.body.text)),
  );
  app.post(
    `${base}/facts/promote`,
    {
      schema: {
        tags,
        summary: 'Promote a statement to a fact, with its source',
        params: SessionParams,
        body: PromoteFactBody,
        response: { 201: FactView },
      },
    },
    async (req, reply) => reply.status(201).send(await sessionFacts.promoteFact(contextOf(req), req.params.sessionId, req.body)),
  );
  app.patch(
    `${base}/facts/:factId`,
    {
      schema: {
        tags,
        summary: 'Edit a user note or AI fact; question and check facts answer 403',
        params: FactParams,
        body: UpdateFactBody,
        response: { 200: FactView },
      },
    },
    (req) => sessionFacts.updateFact(contextOf(req), req.params.sessionId, req.params.factId, req.body),
  );
  app.delete(`${base}/facts/:factId`, { schema: { tags, summary: 'Soft-delete a fact', params: FactParams } }, async (req, reply) => {
    await sessionFacts.deleteFact(contextOf(req), req.params.sessionId, req.params.factId);
    return reply.status(204).send();
  });

  app.post(
    `${base}/task-lane/questions/:itemId/answer`,
    {
      schema: {
        tags,
        summary: 'Answer a question; a substantive answer becomes a fact',
        params: LaneItemParams,
        body: AnswerBody,
        response: { 200: LaneUpdateResult },
      },
    },
    (req) => sessionFacts.answerQuestion(contextOf(req), req.params.sessionId, req.params.itemId, req.body.answer),
  );
  app.post(
    `${base}/task-lane/questions/:itemId/skip`,
    { schema: { tags, summary: 'Skip a question', params: LaneItemParams, response: { 200: LaneUpdateResult } } },
    (req) => sessionFacts.skipQuestion(contextOf(req), req.params.sessionId, req.params.itemId),
  );
  app.post(
    `${base}/task-lane/checks/:itemId/result`,
    {
      schema: {
        tags,
        summary: 'Record a diagnostic check’s output; what it shows becomes a fact',
        params: LaneItemParams,
        body: CheckResultBody,
        response: { 200: LaneUpdateResult },
      },
    },
    (req) => sessionFacts.recordCheckResult(contextOf(req), req.params.sessionId, req.params.itemId, req.body.output),
  );

  app.get(
    `${base}/suggested-fixes/active`,
    { schema: { tags, summary: 'The active suggested fix (404 when none)', params: SessionParams, response: { 200: FixView } } },
    (req) => sessionFacts.getActiveFix(contextOf(req), req.params.sessionId),
  );
  app.post(
    `${base}/suggested-fixes/:fixId/applied`,
    {
      schema: {
        tags,
        summary: 'The engineer applied the fix: the resolution note may state it as applied (admin, operator)',
        params: FixParams,
        response: { 200: FixView },
      },
    },
    (req) => sessionFacts.markFixApplied(contextOf(req), req.params.sessionId, req.params.fixId),
  );
};
