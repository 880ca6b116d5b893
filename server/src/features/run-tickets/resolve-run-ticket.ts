// B5: Resolve ticket. The ticket is read first (B7.1); with time entries it is never closed (B5.3,
// mandatory); otherwise the fixed internal note goes on, the completed status is set and the
// ticket is read back — a PSA that ignored the change is an error, never a success.
//
// Time can be logged while we work (a technician in the PSA), so time entries are read three
// times: before the note, right before the status change, and after the read-back. Time that
// appeared after the status change restores the previous status and adds the time-entry note.
// What remains is time logged after the last read, on a ticket a human then sees closed; no PSA
// offers a lock that would close that gap. A retry after a failed status change reuses the note
// already written (its id is kept on the link) and only retries the status change.
import { RESOLVE_NOTE_TEXTS } from '#src/features/integrations/integrations.schemas';
import { assertTicketOfCustomer } from '#src/features/ticket-links/ticket-ownership';
import { AppError } from '#src/lib/app-error';
import { type RequestContext, requireRole, userIdOf } from '#src/lib/context';
import { PSA_LABELS, type PsaKind } from '#src/psa/psa-provider';
import { completedStatusOf, type RunTicketsDeps, type RunTicketTools } from './run-ticket-tools';

const NOTE_TITLE = 'Flightdeck';

export const resolveRunTicket = async (
  deps: RunTicketsDeps,
  tools: RunTicketTools,
  ctx: RequestContext,
  runId: string,
  options: { confirmUnverified?: boolean } = {},
) => {
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
  const completedStatusId = completedStatusOf(kind, settings);
  if (!completedStatusId) {
    throw new AppError('invalid_state', `Choose the completed status in the ${label} settings before resolving tickets.`, {
      reason: 'completed_status_missing',
    });
  }
  // B14.5: a later successful run of the job verifies the fix; without one the engineer decides.
  // Issue 19: a ticket shared by several runs of the job is verified by a success after the newest of them.
  const run = await tools.loadRun(ctx, runId);
  const verifiedBy = await tools.inTenant(ctx, async (tx) => {
    const newest = (await deps.runTickets.newestRunOnTicket(tx, link.psa_kind as string, link.ticket_id as string)) ?? run.run_at;
    return deps.runTickets.findLaterSuccess(tx, run.job_id, new Date(newest) > run.run_at ? new Date(newest) : run.run_at);
  });
  if (!verifiedBy && !options.confirmUnverified) {
    throw new AppError(
      'invalid_state',
      `No run of ${run.job_name} has succeeded since the failure on this ticket. Confirm to resolve without a successful run; the note will say so.`,
      { reason: 'not_verified' },
    );
  }
  const resolvedNote = verifiedBy ? RESOLVE_NOTE_TEXTS.noTimeEntries : RESOLVE_NOTE_TEXTS.noTimeEntriesUnverified;
  // Refuses before any network call when the integration is disabled (B6.3).
  const provider = await deps.connections.providerFor(ctx, kind);
  const started = await tools.inTenant(ctx, (tx) => deps.links.startResolving(tx, link.id, userIdOf(ctx), deps.clock.now()));
  if (!started) {
    throw new AppError('conflict', 'This ticket was already resolved from Flightdeck, or is being resolved right now.', {
      reason: 'already_resolving',
    });
  }
  try {
    const ticketId = link.ticket_id;
    const ticket = await provider.findTicket(ctx, ticketId);
    await tools.recordTicketRead(ctx, link.id, ticket);
    if (!ticket) {
      throw new AppError('invalid_state', `Ticket ${link.ticket_number} was deleted in ${label}. Re-link it or create a new ticket.`, {
        reason: 'ticket_deleted',
      });
    }
    // B6.2: a link from before links were checked may point at another customer's ticket.
    const psa = await tools.psaOf(ctx, run);
    if (psa.mapping) {
      await assertTicketOfCustomer(ctx, provider, ticket, psa.mapping);
    }
    if (ticket.isClosed) {
      throw new AppError('invalid_state', `Ticket ${link.ticket_number} is already closed in ${label}.`, { reason: 'ticket_closed' });
    }
    const hasTime = async () => (await provider.listTimeEntries(ctx, ticketId)).length > 0;
    const leaveOpen = async () => {
      await provider.addNote(ctx, ticketId, { kind: 'internal', title: NOTE_TITLE, text: RESOLVE_NOTE_TEXTS.timeEntriesPresent });
      await tools.recordTicketRead(ctx, link.id, await provider.findTicket(ctx, ticketId));
      return finish(deps, tools, ctx, runId, link.id, 'left_open_time_entries');
    };
    if (await hasTime()) {
      return leaveOpen();
    }
    if (!link.resolve_note_external_id) {
      const note = await provider.addNote(ctx, ticketId, { kind: 'internal', title: NOTE_TITLE, text: resolvedNote });
      // The note is in the PSA: remember it before anything else can fail, so a retry does not repeat it.
      await tools.inTenant(ctx, (tx) => deps.links.saveResolveNote(tx, link.id, note.id));
    }
    // The note took a round trip; time may have been logged meanwhile.
    if (await hasTime()) {
      return leaveOpen();
    }
    await provider.setStatus(ctx, ticketId, completedStatusId);
    const after = await provider.findTicket(ctx, ticketId);
    await tools.recordTicketRead(ctx, link.id, after);
    if (!after || after.statusId !== completedStatusId) {
      throw new AppError(
        'upstream_error',
        `${label} did not apply the status change: expected status ${completedStatusId}, the ticket is ${
          after ? `${after.statusName ?? 'status'} (${after.statusId})` : 'gone'
        }. The note was added; the ticket is not resolved. Resolving again retries only the status change.`,
        { reason: 'status_not_applied', expectedStatusId: completedStatusId, actualStatusId: after?.statusId ?? null },
      );
    }
    if (await hasTime()) {
      // Logged between the last check and the close: put the ticket back as it was.
      ctx.log.warn({ runId, ticketId }, 'time entries appeared while closing; restoring the previous status');
      await provider.setStatus(ctx, ticketId, ticket.statusId);
      return leaveOpen();
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
  const at = deps.clock.now();
  const shared = await tools.inTenant(ctx, async (tx) => {
    await deps.links.finishResolving(tx, linkId, resolution);
    const link = await deps.links.findActiveRunLink(tx, runId);
    // Issue 19: the other runs on this ticket are settled with it, and reviewed too.
    const others =
      link?.psa_kind && link.ticket_id
        ? await deps.links.resolveSharedLinks(
            tx,
            { id: linkId, psaKind: link.psa_kind, ticketId: link.ticket_id },
            { resolution, by: userIdOf(ctx), at },
          )
        : [];
    await deps.runs.markReviewed(tx, { runIds: [runId, ...others] }, { by: userIdOf(ctx), note: '', at });
    return others;
  });
  ctx.log.info({ runId, linkId, resolution, alsoRuns: shared.length }, 'run ticket resolved');
  return { outcome: resolution, alsoResolvedRuns: shared.length };
};
