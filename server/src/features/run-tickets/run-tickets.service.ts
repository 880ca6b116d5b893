// B4–B7: a run's PSA ticket. Each use case lives in its own file; this composes them and adds
// Open ticket, which always reads the ticket from the PSA first (B7.1).

import { AppError } from '#src/lib/app-error';
import type { RequestContext } from '#src/lib/context';
import { PSA_LABELS, type PsaKind } from '#src/psa/psa-provider';
import { addToOpenTicket } from './add-to-open-ticket';
import { createRunTicket } from './create-run-ticket';
import { enterManualTicketNumber, linkExistingTicket, unlinkRunTicket } from './link-run-ticket';
import { resolveRunTicket } from './resolve-run-ticket';
import { createRunTicketTools, type RunTicketsDeps } from './run-ticket-tools';
import { validateTicketLinks } from './validate-ticket-links';

export const createRunTicketsService = (deps: RunTicketsDeps) => {
  const tools = createRunTicketTools(deps);
  return {
    getRunTicket: (ctx: RequestContext, runId: string) => tools.view(ctx, runId),

    async createRunTicket(ctx: RequestContext, runId: string) {
      const { outcome } = await createRunTicket(deps, tools, ctx, runId);
      return { outcome, ticket: await tools.view(ctx, runId) };
    },

    /** Reads the linked ticket from the PSA and refreshes what we know; a vanished ticket becomes history. */
    async openRunTicket(ctx: RequestContext, runId: string) {
      const link = await tools.inTenant(ctx, (tx) => deps.links.findActiveRunLink(tx, runId));
      if (!link) {
        throw new AppError('invalid_state', 'This run has no active ticket.', { reason: 'no_ticket' });
      }
      if (link.ticket_id && link.psa_kind) {
        const provider = await deps.connections.providerFor(ctx, link.psa_kind as PsaKind);
        const ticket = await provider.findTicket(ctx, link.ticket_id);
        await tools.recordTicketRead(ctx, link.id, ticket);
        if (!ticket) {
          throw new AppError(
            'invalid_state',
            `Ticket ${link.ticket_number} was deleted in ${PSA_LABELS[link.psa_kind as PsaKind]}. Re-link it or create a new ticket.`,
            { reason: 'ticket_deleted' },
          );
        }
      }
      return tools.view(ctx, runId);
    },

    /** Issue 19: links the run to the open ticket another run of its job has, with a note of this run. */
    async addToOpenTicket(ctx: RequestContext, runId: string) {
      const { ticketNumber } = await addToOpenTicket(deps, tools, ctx, runId);
      return { ticketNumber, ticket: await tools.view(ctx, runId) };
    },

    async linkExistingTicket(ctx: RequestContext, runId: string, ticketNumber: string) {
      await linkExistingTicket(deps, tools, ctx, runId, ticketNumber);
      return tools.view(ctx, runId);
    },

    async unlinkRunTicket(ctx: RequestContext, runId: string) {
      await unlinkRunTicket(deps, tools, ctx, runId);
      return tools.view(ctx, runId);
    },

    async enterManualTicketNumber(ctx: RequestContext, runId: string, ticketNumber: string) {
      await enterManualTicketNumber(deps, tools, ctx, runId, ticketNumber);
      return tools.view(ctx, runId);
    },

    async resolveRunTicket(ctx: RequestContext, runId: string, options: { confirmUnverified?: boolean } = {}) {
      const { outcome, alsoResolvedRuns } = await resolveRunTicket(deps, tools, ctx, runId, options);
      return { outcome, alsoResolvedRuns, ticket: await tools.view(ctx, runId) };
    },

    validateTicketLinks: (ctx: RequestContext) => validateTicketLinks(deps, ctx),
  };
};

export type RunTicketsService = ReturnType<typeof createRunTicketsService>;
