// B6: Link existing ticket (validated in the PSA by number) and typed ticket numbers (no PSA
// call at all). A typed number may later be replaced by a validated link; a validated link is
// never silently replaced. B7.2: a link whose ticket was deleted is history, so the run is free
// to be re-linked or to get a new ticket.
import { isUniqueViolation } from '#src/db/errors';
import type { Tx } from '#src/db/tenant';
import { type LinkOrigin, type NewTicketLink, statusColumnsOf } from '#src/features/ticket-links/ticket-links.repository';
import { assertTicketOfCustomer } from '#src/features/ticket-links/ticket-ownership';
import { AppError } from '#src/lib/app-error';
import { type RequestContext, requireRole, userIdOf } from '#src/lib/context';
import { PSA_LABELS } from '#src/psa/psa-provider';
import type { RunTicketsDeps, RunTicketTools } from './run-ticket-tools';

/** Stores a new active link, replacing a typed number if the run has one. */
export const storeLink = (
  deps: RunTicketsDeps,
  tools: RunTicketTools,
  ctx: RequestContext,
  link: NewTicketLink & { backup_run_id: string },
) =>
  tools.inTenant(ctx, async (tx: Tx) => {
    await deps.links.lockRun(tx, link.backup_run_id);
    // B4.2: a create in flight (or with an unknown outcome) may still put a ticket on this run.
    const claim = await deps.links.findClaim(tx, link.backup_run_id);
    if (claim) {
      throw new AppError(
        'conflict',
        claim.state === 'uncertain'
          ? 'A ticket created for this run may still appear in the PSA: press Create ticket again to settle it before linking another.'
          : 'A ticket is being created for this run right now; linking another would leave one of them orphaned.',
        { reason: claim.state === 'uncertain' ? 'ticket_creation_uncertain' : 'ticket_creation_in_progress' },
      );
    }
    const active = await deps.links.findActiveRunLink(tx, link.backup_run_id);
    if (active && active.origin !== 'manual') {
      throw new AppError('conflict', `This run already has ticket ${active.ticket_number}.`, { reason: 'ticket_exists' });
    }
    if (active) {
      await deps.links.setLinkState(tx, active.id, 'replaced', deps.clock.now());
    }
    try {
      await deps.links.insertLink(tx, link);
    } catch (error) {
      throw isUniqueViolation(error) ? new AppError('conflict', 'This run got a ticket just now.', { reason: 'ticket_exists' }) : error;
    }
  });

const newLink = (ctx: RequestContext, runId: string, at: Date, origin: LinkOrigin) => ({
  account_id: ctx.accountId,
  backup_run_id: runId,
  origin,
  external_key: null,
  created_by: userIdOf(ctx),
  created_at: at,
});

export const linkExistingTicket = async (
  deps: RunTicketsDeps,
  tools: RunTicketTools,
  ctx: RequestContext,
  runId: string,
  ticketNumber: string,
) => {
  requireRole(ctx, ['admin', 'operator']);
  const run = await tools.loadRun(ctx, runId);
  const psa = await tools.psaOf(ctx, run);
  if (!psa.kind || !psa.mapping) {
    throw new AppError('invalid_state', 'Map this customer to a PSA company before linking PSA tickets.', { reason: 'no_mapping' });
  }
  // Refuses before any network call when the integration is disabled (B6.3).
  const provider = await deps.connections.providerFor(ctx, psa.kind);
  const ticket = await provider.findTicketByNumber(ctx, ticketNumber);
  if (!ticket) {
    throw new AppError('invalid_input', `No ticket ${ticketNumber} in ${PSA_LABELS[psa.kind]}.`, {
      fieldErrors: [{ path: 'ticketNumber', message: `No such ticket in ${PSA_LABELS[psa.kind]}` }],
    });
  }
  await assertTicketOfCustomer(ctx, provider, ticket, psa.mapping);
  const at = deps.clock.now();
  await storeLink(deps, tools, ctx, {
    ...newLink(ctx, runId, at, 'linked'),
    psa_kind: psa.kind,
    ticket_id: ticket.id,
    ticket_number: ticket.number,
    ticket_url: ticket.url,
    ...statusColumnsOf(ticket, at),
  });
  ctx.log.info({ runId, ticketId: ticket.id }, 'existing ticket linked to run');
};

export const enterManualTicketNumber = async (
  deps: RunTicketsDeps,
  tools: RunTicketTools,
  ctx: RequestContext,
  runId: string,
  ticketNumber: string,
) => {
  requireRole(ctx, ['admin', 'operator']);
  const run = await tools.loadRun(ctx, runId);
  const psa = await tools.psaOf(ctx, run);
  if (psa.kind && psa.settings?.enabled && !psa.settings.allowManualTicketNumbers) {
    throw new AppError(
      'invalid_state',
      `The ${PSA_LABELS[psa.kind]} integration is enabled: use Link existing ticket, or allow manual ticket numbers in its settings.`,
      { reason: 'manual_numbers_off' },
    );
  }
  await storeLink(deps, tools, ctx, {
    ...newLink(ctx, runId, deps.clock.now(), 'manual'),
    psa_kind: psa.kind,
    ticket_id: null,
    ticket_number: ticketNumber,
    ticket_url: null,
    last_status_id: null,
    last_status_name: null,
    last_status_closed: null,
    status_read_at: null,
  });
};

/** B6: removes the run's ticket link (a wrong ticket, say); the link stays as history ('unlinked'). */
export const unlinkRunTicket = async (deps: RunTicketsDeps, tools: RunTicketTools, ctx: RequestContext, runId: string) => {
  requireRole(ctx, ['admin', 'operator']);
  await tools.loadRun(ctx, runId);
  await tools.inTenant(ctx, async (tx) => {
    await deps.links.lockRun(tx, runId);
    const active = await deps.links.findActiveRunLink(tx, runId);
    if (!active) {
      throw new AppError('invalid_state', 'This run has no ticket to unlink.', { reason: 'no_ticket' });
    }
    if (active.resolved_at && !active.resolution) {
      throw new AppError('conflict', 'This ticket is being resolved right now.', { reason: 'already_resolving' });
    }
    await deps.links.unlink(tx, active.id, userIdOf(ctx), deps.clock.now());
    ctx.log.info({ runId, linkId: active.id }, 'ticket unlinked from run');
  });
};
