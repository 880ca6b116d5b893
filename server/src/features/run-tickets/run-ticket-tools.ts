// What every ticket action on a run shares: loading the run, the PSA settings of its customer,
// recording what a read of the ticket found (B7: not found → deleted in PSA), and the view with
// the actions the caller may take.
import type { Database } from '#src/db/connection';
import { withTenant } from '#src/db/tenant';
import type { BackupRunsRepository } from '#src/features/backup-runs/backup-runs.repository';
import type { CustomersService, TicketGate } from '#src/features/customers/customers.service';
import { RESOLVE_NOTE_TEXTS } from '#src/features/integrations/integrations.schemas';
import type { IntegrationsService } from '#src/features/integrations/integrations.service';
import type { PsaConnections } from '#src/features/integrations/psa-connections';
import type { TicketLinkRow, TicketLinksRepository } from '#src/features/ticket-links/ticket-links.repository';
import type { CustomerMapping } from '#src/features/ticket-links/ticket-ownership';
import { notFound } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import type { RequestContext } from '#src/lib/context';
import { AUTOTASK_COMPLETE_STATUS } from '#src/psa/autotask-provider';
import { PSA_LABELS, type PsaKind, type PsaTicket } from '#src/psa/psa-provider';
import type { TicketUrlOf } from '#src/psa/ticket-urls';
import type { RunForTicket, RunTicketsRepository } from './run-tickets.repository';
import type { RunTicketView, TicketActions, TicketLinkView } from './run-tickets.schemas';

export type RunTicketsDeps = {
  database: Database;
  links: TicketLinksRepository;
  runTickets: RunTicketsRepository;
  runs: BackupRunsRepository;
  customers: CustomersService;
  integrations: IntegrationsService;
  connections: PsaConnections;
  clock: Clock;
};

const TICKET_ROLES = ['admin', 'operator'];

export const toLinkView = (row: TicketLinkRow, ticketUrl: TicketUrlOf): TicketLinkView => ({
  id: row.id,
  psaKind: row.psa_kind as TicketLinkView['psaKind'],
  ticketId: row.ticket_id,
  ticketNumber: row.ticket_number,
  ticketUrl: ticketUrl(row.psa_kind, row.ticket_id),
  origin: row.origin as TicketLinkView['origin'],
  state: row.state as TicketLinkView['state'],
  lastStatusName: row.last_status_name,
  lastStatusClosed: row.last_status_closed,
  statusReadAt: row.status_read_at?.toISOString() ?? null,
  resolution: row.resolution as TicketLinkView['resolution'],
  resolvedAt: row.resolution ? (row.resolved_at?.toISOString() ?? null) : null,
  createdAt: row.created_at.toISOString(),
  createdByName: row.created_by_name,
});

export type TicketSettings = Awaited<ReturnType<IntegrationsService['findTicketSettings']>>;

/**
 * The PSA a run's tickets live in (its customer's mapping), that integration's settings, and
 * whether a ticket may be created now (B4.3, as the customer view already evaluates it).
 */
export type RunPsa = {
  kind: PsaKind | null;
  settings: TicketSettings;
  creation: { allowed: boolean; reason: string | null };
  /** The customer's PSA company: every ticket linked to the run must belong to it (B6.2). */
  mapping: CustomerMapping | null;
};

const NOT_APPROVED = 'This job is not approved for a customer yet (see the Inbox).';

const resolveBlockedReason = (active: TicketLinkRow | undefined, psa: RunPsa): string | null => {
  if (!active) {
    return 'This run has no ticket.';
  }
  if (!active.ticket_id || !active.psa_kind) {
    return 'Resolve needs a ticket validated in the PSA: link the PSA ticket first.';
  }
  if (active.resolution) {
    return 'This ticket was already resolved from Flightdeck.';
  }
  if (active.last_status_closed) {
    return 'The ticket is already closed in the PSA.';
  }
  const label = PSA_LABELS[active.psa_kind as PsaKind];
  if (!psa.settings?.enabled || psa.kind !== active.psa_kind) {
    return `The ${label} integration is disabled.`;
  }
  if (!psa.settings.allowResolving) {
    return `"Allow resolving tickets" is off in the ${label} settings.`;
  }
  return null;
};

const resolvePreviewOf = (kind: PsaKind, psa: RunPsa, verifiedBy: { id: string; run_at: Date } | null) => {
  const target = completedStatusOf(kind, psa.settings);
  return target
    ? {
        // B14.5: the note claims verification only when a later successful run verified it.
        verifiedBy: verifiedBy ? { runId: verifiedBy.id, runAt: verifiedBy.run_at.toISOString() } : null,
        note: verifiedBy ? RESOLVE_NOTE_TEXTS.noTimeEntries : RESOLVE_NOTE_TEXTS.noTimeEntriesUnverified,
        noteIfTimeEntries: RESOLVE_NOTE_TEXTS.timeEntriesPresent,
        targetStatusId: target,
        targetStatusName:
          psa.settings?.statusNames[target] ?? (kind === 'autotask' && target === AUTOTASK_COMPLETE_STATUS ? 'Complete' : null),
      }
    : null;
};

/** The status Resolve sets: the configured one, or Autotask's built-in Complete. */
export const completedStatusOf = (kind: PsaKind, settings: TicketSettings) =>
  settings?.ticketDefaults.completedStatusId ?? (kind === 'autotask' ? AUTOTASK_COMPLETE_STATUS : null);

export const actionsFor = (
  ctx: RequestContext,
  active: TicketLinkRow | undefined,
  psa: RunPsa,
  creating = false,
  verifiedBy: { id: string; run_at: Date } | null = null,
  openTicketOfJob: { ticket_number: string | null; psa_kind: string | null } | null = null,
): TicketActions => {
  const mayAct = TICKET_ROLES.includes(ctx.actor.role);
  const replaceable = !active || active.origin === 'manual';
  const enabled = Boolean(psa.kind && psa.settings?.enabled);
  const blocked = resolveBlockedReason(active, psa);
  return {
    canCreate: mayAct && !active && psa.creation.allowed,
    openTicketOfJob:
      !active && openTicketOfJob?.ticket_number && openTicketOfJob.psa_kind
        ? { ticketNumber: openTicketOfJob.ticket_number, psaKind: openTicketOfJob.psa_kind as 'autotask' | 'connectwise' }
        : null,
    canAddToOpenTicket: mayAct && !active && !creating && Boolean(openTicketOfJob) && psa.creation.allowed && enabled,
    createBlockedReason: active || psa.creation.allowed ? null : psa.creation.reason,
    canLinkExisting: mayAct && replaceable && enabled && !creating,
    canEnterManualNumber: mayAct && replaceable && !creating && (!enabled || Boolean(psa.settings?.allowManualTicketNumbers)),
    canUnlink: mayAct && Boolean(active) && !(active?.resolved_at && !active.resolution),
    canResolve: mayAct && blocked === null,
    resolveBlockedReason: active ? blocked : null,
    resolvePreview: mayAct && blocked === null && active?.psa_kind ? resolvePreviewOf(active.psa_kind as PsaKind, psa, verifiedBy) : null,
  };
};

export const createRunTicketTools = (deps: RunTicketsDeps) => {
  const inTenant = <T>(ctx: RequestContext, work: Parameters<typeof withTenant<T>>[2]) => withTenant(deps.database, ctx, work);

  const loadRun = async (ctx: RequestContext, runId: string): Promise<RunForTicket> => {
    const run = await inTenant(ctx, (tx) => deps.runTickets.findRunForTicket(tx, runId));
    if (!run) {
      throw notFound('Backup run');
    }
    return run;
  };

  const psaOf = async (ctx: RequestContext, run: RunForTicket): Promise<RunPsa> => {
    if (!run.customer_id) {
      return { kind: null, settings: null, creation: { allowed: false, reason: NOT_APPROVED }, mapping: null };
    }
    const customer = await deps.customers.getCustomer(ctx, run.customer_id);
    const m = customer.psaMapping;
    const kind = m?.kind ?? null;
    return {
      kind,
      settings: kind ? await deps.integrations.findTicketSettings(ctx, kind) : null,
      creation: customer.ticketCreation,
      mapping: m ? { customerName: customer.name, kind: m.kind, companyId: m.companyId, companyName: m.companyName } : null,
    };
  };

  const gateOf = async (ctx: RequestContext, run: RunForTicket): Promise<TicketGate> =>
    run.customer_id
      ? deps.customers.checkTicketCreation(ctx, run.customer_id)
      : { allowed: false, code: 'no_mapping', reason: NOT_APPROVED };

  return {
    inTenant,
    loadRun,
    psaOf,
    gateOf,

    /** B7.1/B7.2: stores what reading the ticket found; a ticket that is gone marks the link deleted in PSA. */
    recordTicketRead: (ctx: RequestContext, linkId: string, ticket: PsaTicket | null) =>
      inTenant(ctx, async (tx) => {
        const at = deps.clock.now();
        if (ticket) {
          await deps.links.saveStatusSnapshot(tx, linkId, ticket, at);
        } else {
          await deps.links.setLinkState(tx, linkId, 'deleted_external', at);
          ctx.log.warn({ linkId }, 'ticket deleted in the PSA; link kept as history');
        }
      }),

    async view(ctx: RequestContext, runId: string): Promise<RunTicketView> {
      const run = await loadRun(ctx, runId);
      const { links, claim, verifiedBy, openTicket } = await inTenant(ctx, async (tx) => {
        const runLinks = await deps.links.listRunLinks(tx, runId);
        const current = runLinks.find((l) => l.state === 'active');
        // A shared ticket is verified by a success after the newest run on it.
        const newest =
          current?.psa_kind && current.ticket_id ? await deps.runTickets.newestRunOnTicket(tx, current.psa_kind, current.ticket_id) : null;
        const after = newest && new Date(newest) > run.run_at ? new Date(newest) : run.run_at;
        return {
          links: runLinks,
          claim: await deps.links.findClaim(tx, runId),
          verifiedBy: (await deps.runTickets.findLaterSuccess(tx, run.job_id, after)) ?? null,
          openTicket: current ? null : ((await deps.runTickets.findOpenTicketOfJob(tx, run.job_id, runId)) ?? null),
        };
      });
      const active = links.find((l) => l.state === 'active');
      const psa = await psaOf(ctx, run);
      const urls = await deps.integrations.ticketUrls(ctx);
      return {
        runId,
        active: active ? toLinkView(active, urls) : null,
        history: links.filter((l) => l !== active).map((l) => toLinkView(l, urls)),
        pendingCreate: claim ? { state: claim.state as 'pending' | 'uncertain', since: claim.claimed_at.toISOString() } : null,
        actions: actionsFor(ctx, active, psa, Boolean(claim), verifiedBy, openTicket),
      };
    },
  };
};

export type RunTicketTools = ReturnType<typeof createRunTicketTools>;
