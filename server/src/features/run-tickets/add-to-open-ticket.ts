// Issue 19 (B4.5, B6): "Add to open ticket" — a run of a job that already has an open ticket for
// another of its runs joins that ticket instead of opening a second one: Flightdeck reads the
// ticket (it must still exist, be open and belong to the customer's PSA company), links this run
// to it and adds an internal note with this run's summary, composed as a new ticket's description
// would be. Each run still has one active link; one ticket may serve several runs of one job.
// Operators decide: nothing is added by itself.
import { assertTicketOfCustomer } from '#src/features/ticket-links/ticket-ownership';
import { AppError } from '#src/lib/app-error';
import { type RequestContext, requireRole, userIdOf } from '#src/lib/context';
import { PSA_LABELS, type PsaKind } from '#src/psa/psa-provider';
import { ticketRunOf } from './create-run-ticket';
import { storeLink } from './link-run-ticket';
import type { RunTicketsDeps, RunTicketTools } from './run-ticket-tools';
import { ticketDescription, ticketTitle } from './ticket-description';

export const addToOpenTicket = async (deps: RunTicketsDeps, tools: RunTicketTools, ctx: RequestContext, runId: string) => {
  requireRole(ctx, ['admin', 'operator']);
  const run = await tools.loadRun(ctx, runId);
  const open = await tools.inTenant(ctx, (tx) => deps.runTickets.findOpenTicketOfJob(tx, run.job_id, runId));
  if (!open?.ticket_id || !open.psa_kind) {
    throw new AppError('invalid_state', `No other run of ${run.job_name} has an open ticket.`, { reason: 'no_open_ticket' });
  }
  const kind = open.psa_kind as PsaKind;
  const label = PSA_LABELS[kind];
  const psa = await tools.psaOf(ctx, run);
  if (!psa.mapping || psa.kind !== kind) {
    throw new AppError('invalid_state', `This customer is not mapped to a ${label} company.`, { reason: 'no_mapping' });
  }
  // The rules that block a new ticket (broken mapping, no base URL for the link back) block this too.
  const gate = await tools.gateOf(ctx, run);
  if (!gate.allowed) {
    throw new AppError('invalid_state', gate.reason, { reason: gate.code });
  }
  // Refuses before any network call when the integration is disabled (B6.3).
  const provider = await deps.connections.providerFor(ctx, kind);
  const ticket = await provider.findTicket(ctx, open.ticket_id);
  await tools.recordTicketRead(ctx, open.id, ticket);
  if (!ticket) {
    throw new AppError('invalid_state', `Ticket ${open.ticket_number} was deleted in ${label}; create a new ticket instead.`, {
      reason: 'ticket_deleted',
    });
  }
  if (ticket.isClosed) {
    throw new AppError('invalid_state', `Ticket ${open.ticket_number} is closed in ${label}; create a new ticket instead.`, {
      reason: 'ticket_closed',
    });
  }
  await assertTicketOfCustomer(ctx, provider, ticket, psa.mapping);
  const at = deps.clock.now();
  // The link first (it refuses a run that has a ticket, or one being created); the note after.
  await storeLink(deps, tools, ctx, {
    account_id: ctx.accountId,
    backup_run_id: runId,
    origin: 'linked',
    external_key: null,
    created_by: userIdOf(ctx),
    created_at: at,
    psa_kind: kind,
    ticket_id: ticket.id,
    ticket_number: ticket.number,
    ticket_url: ticket.url,
    last_status_id: ticket.statusId,
    last_status_name: ticket.statusName,
    last_status_closed: ticket.isClosed,
    status_read_at: at,
  });
  const summary = await ticketRunOf(deps, tools, ctx, run, gate.flightdeckBaseUrl);
  try {
    await provider.addNote(ctx, ticket.id, { kind: 'internal', title: ticketTitle(summary), text: ticketDescription(summary) });
  } catch (error) {
    // Without its note the operator would not see this run on the ticket: take the link back.
    await tools.inTenant(ctx, async (tx) => {
      const added = await deps.links.findActiveRunLink(tx, runId);
      if (added) {
        await deps.links.unlink(tx, added.id, userIdOf(ctx), deps.clock.now());
      }
    });
    throw error;
  }
  ctx.log.info({ runId, ticketId: ticket.id, sharedWithRun: open.backup_run_id }, 'run added to the job’s open ticket');
  return { ticketNumber: ticket.number };
};
