// B5: Resolve ticket. The ticket is read first (B7.1); with time entries it is never closed (B5.3,
// mandatory); otherwise the fixed internal note goes on, the completed status is set and the
// ticket is read back — a PSA that ignored the change is an error, never a success.
import { RESOLVE_NOTE_TEXTS } from '#src/features/integrations/integrations.schemas';
import { AppError } from '#src/lib/app-error';
import { type RequestContext, requireRole, userIdOf } from '#src/lib/context';
import { AUTOTASK_COMPLETE_STATUS } from '#src/psa/autotask-provider';
import { PSA_LABELS, type PsaKind } from '#src/psa/psa-provider';
import type { RunTicketsDeps, RunTicketTools } from './run-ticket-tools';

const NOTE_TITLE = 'Backupchecks';

export const resolveRunTicket = async (deps: RunTicketsDeps, tools: RunTicketTools, ctx: RequestContext, runId: string) => {
  requireRole(ctx, ['admin', 'operator']);
  const link = await tools.inTenant(ctx, (tx) => deps.links.findActiveRunLink(tx, runId));
  if (!link) {
    throw new AppError('invalid_state', 'This run has no active ticket to resolve.', { reason: 'no_ticket' });
  }
  if (!link.ticket_id || !link.psa_kind) {
    throw new AppError('invalid_state', 'Resolve needs a ticket validated in the PSA: link the PSA ticket first.', {
      reason: 'ticket_not_validated',
    });
  }
  if (link.resolution) {
    throw new AppError('invalid_state', 'This ticket was already resolved from Flightdeck.', { reason: 'already_resolved' });
  }
  const kind = link.psa_kind as PsaKind;
  const label = PSA_LABELS[kind];
  const settings = await deps.integrations.findTicketSettings(ctx, kind);
  if (settings?.enabled && !settings.allowResolving) {
    throw new AppError('invalid_state', `"Allow resolving tickets" is off in the ${label} settings.`, { reason: 'resolving_disabled' });
  }
  const completedStatusId = settings?.ticketDefaults.completedStatusId ?? (kind === 'autotask' ? AUTOTASK_COMPLETE_STATUS : null);
  if (!completedStatusId) {
    throw new AppError('invalid_state', `Choose the completed status in the ${label} settings before resolving tickets.`, {
      reason: 'completed_status_missing',
    });
  }
  // Refuses before any network call when the integration is disabled (B6.3).
  const provider = await deps.connections.providerFor(ctx, kind);
  const started = await tools.inTenant(ctx, (tx) => deps.links.startResolving(tx, link.id, userIdOf(ctx), deps.clock.now()));
  if (!started) {
    throw new AppError('conflict', 'This ticket was already resolved from Flightdeck, or is being resolved right now.', {
      reason: 'already_resolving',
    });
  }
  try {
    const ticket = await provider.findTicket(ctx, link.ticket_id);
    await tools.recordTicketRead(ctx, link.id, ticket);
    if (!ticket) {
      throw new AppError('invalid_state', `Ticket ${link.ticket_number} was deleted in ${label}. Re-link it or create a new ticket.`, {
        reason: 'ticket_deleted',
      });
    }
    if (ticket.isClosed) {
      throw new AppError('invalid_state', `Ticket ${link.ticket_number} is already closed in ${label}.`, { reason: 'ticket_closed' });
    }
    const timeEntries = await provider.listTimeEntries(ctx, link.ticket_id);
    if (timeEntries.length > 0) {
      await provider.addNote(ctx, link.ticket_id, { kind: 'internal', title: NOTE_TITLE, text: RESOLVE_NOTE_TEXTS.timeEntriesPresent });
      await tools.recordTicketRead(ctx, link.id, await provider.findTicket(ctx, link.ticket_id));
      return finish(deps, tools, ctx, runId, link.id, 'left_open_time_entries');
    }
    await provider.addNote(ctx, link.ticket_id, { kind: 'internal', title: NOTE_TITLE, text: RESOLVE_NOTE_TEXTS.noTimeEntries });
    await provider.setStatus(ctx, link.ticket_id, completedStatusId);
    const after = await provider.findTicket(ctx, link.ticket_id);
    await tools.recordTicketRead(ctx, link.id, after);
    if (!after || after.statusId !== completedStatusId) {
      throw new AppError(
        'upstream_error',
        `${label} did not apply the status change: expected status ${completedStatusId}, the ticket is ${
          after ? `${after.statusName ?? 'status'} (${after.statusId})` : 'gone'
        }. The note was added; the ticket is not resolved.`,
        { reason: 'status_not_applied', expectedStatusId: completedStatusId, actualStatusId: after?.statusId ?? null },
      );
    }
    return finish(deps, tools, ctx, runId, link.id, 'completed');
  } catch (error) {
    await tools.inTenant(ctx, (tx) => deps.links.abandonResolving(tx, link.id));
    throw error;
  }
};

/** The ticket is settled: the link remembers how, and the run counts as reviewed. */
const finish = async (
  deps: RunTicketsDeps,
  tools: RunTicketTools,
  ctx: RequestContext,
  runId: string,
  linkId: string,
  resolution: 'completed' | 'left_open_time_entries',
) => {
  await tools.inTenant(ctx, async (tx) => {
    await deps.links.finishResolving(tx, linkId, resolution);
    await deps.runs.markReviewed(tx, { runIds: [runId] }, { by: userIdOf(ctx), note: '', at: deps.clock.now() });
  });
  ctx.log.info({ runId, linkId, resolution }, 'run ticket resolved');
  return { outcome: resolution };
};
