import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '#src/plugins/authentication';
import type { Services } from '#src/services';
import {
  AddToOpenTicketResult,
  CreateTicketResult,
  ResolveTicketResult,
  RunTicketParams,
  RunTicketView,
  TicketNumberBody,
} from './run-tickets.schemas';

export const runTicketsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const tags = ['run tickets'];
  const { runTickets } = services;
  const params = RunTicketParams;

  app.get(
    '/api/v1/runs/:runId/ticket',
    {
      schema: {
        tags,
        summary: "The run's ticket link, its history, and the actions the caller may take (no PSA call)",
        params,
        response: { 200: RunTicketView },
      },
    },
    (req) => runTickets.getRunTicket(contextOf(req), req.params.runId),
  );

  app.post(
    '/api/v1/runs/:runId/ticket',
    {
      schema: {
        tags,
        summary: 'Create the PSA ticket for the run; exactly one per run, safe to repeat (admin, operator)',
        params,
        response: { 200: CreateTicketResult },
      },
    },
    (req) => runTickets.createRunTicket(contextOf(req), req.params.runId),
  );

  app.post(
    '/api/v1/runs/:runId/ticket/open',
    {
      schema: {
        tags,
        summary: 'Read the linked ticket from the PSA (refreshing its status) before opening it; 422 when it was deleted there',
        params,
        response: { 200: RunTicketView },
      },
    },
    (req) => runTickets.openRunTicket(contextOf(req), req.params.runId),
  );

  app.post(
    '/api/v1/runs/:runId/ticket/link',
    {
      schema: {
        tags,
        summary: 'Link an existing PSA ticket by number, validated in the PSA (admin, operator)',
        params,
        body: TicketNumberBody,
        response: { 200: RunTicketView },
      },
    },
    (req) => runTickets.linkExistingTicket(contextOf(req), req.params.runId, req.body.ticketNumber),
  );

  app.post(
    '/api/v1/runs/:runId/ticket/add-to-open',
    {
      schema: {
        tags,
        summary:
          "Link the run to the open ticket another run of its job has, and add an internal note with this run's summary (admin, operator)",
        params,
        response: { 200: AddToOpenTicketResult },
      },
    },
    (req) => runTickets.addToOpenTicket(contextOf(req), req.params.runId),
  );

  app.post(
    '/api/v1/runs/:runId/ticket/unlink',
    {
      schema: {
        tags,
        summary: "Remove the run's ticket link without touching the PSA; the link stays as history (admin, operator)",
        params,
        response: { 200: RunTicketView },
      },
    },
    (req) => runTickets.unlinkRunTicket(contextOf(req), req.params.runId),
  );

  app.post(
    '/api/v1/runs/:runId/ticket/manual',
    {
      schema: {
        tags,
        summary: 'Record a typed ticket number without any PSA call (integration off, or manual numbers allowed) (admin, operator)',
        params,
        body: TicketNumberBody,
        response: { 200: RunTicketView },
      },
    },
    (req) => runTickets.enterManualTicketNumber(contextOf(req), req.params.runId, req.body.ticketNumber),
  );

  app.post(
    '/api/v1/runs/:runId/ticket/resolve',
    {
      schema: {
        tags,
        summary:
          'Resolve the ticket: internal note, then the completed status verified by re-reading — or left open when time entries exist (admin, operator)',
        params,
        body: z.strictObject({ confirmUnverified: z.boolean().default(false) }).nullish(),
        response: { 200: ResolveTicketResult },
      },
    },
    (req) => runTickets.resolveRunTicket(contextOf(req), req.params.runId, { confirmUnverified: req.body?.confirmUnverified }),
  );
};
