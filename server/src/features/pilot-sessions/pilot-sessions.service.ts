// P1: FlowPilot sessions — create (optionally linked to a PSA ticket found by number and validated,
// I3), list grouped Active / Recent, read (upgrading legacy task lanes, P2.2), pause and resume.
import type { Database } from '#src/db/connection';
import { isUniqueViolation } from '#src/db/errors';
import { type Tx, withTenant } from '#src/db/tenant';
import type { CustomersService } from '#src/features/customers/customers.service';
import type { PsaConnections } from '#src/features/integrations/psa-connections';
import { statusColumnsOf, type TicketLinksRepository } from '#src/features/ticket-links/ticket-links.repository';
import { assertTicketOfCustomer } from '#src/features/ticket-links/ticket-ownership';
import { AppError, notFound } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import { type RequestContext, requireRole, requireUser, userIdOf } from '#src/lib/context';
import { PSA_LABELS, type PsaKind, type PsaTicket } from '#src/psa/psa-provider';
import type { TicketUrlOf } from '#src/psa/ticket-urls';
import type { PilotSessionsRepository, SessionRow } from './pilot-sessions.repository';
import type { CreateSessionBody } from './pilot-sessions.schemas';
import type { SessionFactsRepository } from './session-facts.repository';
import { toSessionView } from './session-views';
import { type TaskLane, upgradeTaskLane } from './task-lane';

export const PILOT_ROLES = ['admin', 'operator'] as const;
const RECENT = 50;

export type PilotSessionsDeps = {
  database: Database;
  sessions: PilotSessionsRepository;
  links: TicketLinksRepository;
  facts: SessionFactsRepository;
  customers: CustomersService;
  connections: PsaConnections;
  /** I3: ticket URLs from the current integration settings. */
  ticketUrls: (ctx: RequestContext) => Promise<TicketUrlOf>;
  clock: Clock;
};

export const createPilotSessionsService = (deps: PilotSessionsDeps) => {
  const inTenant = <T>(ctx: RequestContext, work: Parameters<typeof withTenant<T>>[2]) => withTenant(deps.database, ctx, work);

  /** The session with its task lane; a lane with items from before stable ids is saved back with ids. */
  /** The full view: the session, its lane and its active fix. */
  const view = async (ctx: RequestContext, sessionId: string) => {
    const { row, lane } = await load(ctx, sessionId);
    const fix = await inTenant(ctx, (tx) => deps.facts.findActiveFix(tx, sessionId));
    return toSessionView(row, lane, fix ?? null, await deps.ticketUrls(ctx));
  };

  const load = async (ctx: RequestContext, sessionId: string): Promise<{ row: SessionRow; lane: TaskLane }> =>
    inTenant(ctx, async (tx) => {
      const row = await deps.sessions.findSession(tx, sessionId);
      if (!row) {
        throw notFound('Session');
      }
      const { lane, upgraded } = upgradeTaskLane(row.pending_task_lane);
      if (upgraded) {
        await deps.sessions.saveTaskLane(tx, sessionId, lane, false);
      }
      return { row, lane };
    });

  /** The ticket by number in the customer's PSA, refused unless it belongs to the customer's company (B6.2). */
  const findTicket = async (ctx: RequestContext, customerId: string | null, ticketNumber: string) => {
    const customer = customerId ? await deps.customers.getCustomer(ctx, customerId) : null;
    const mapping = customer?.psaMapping;
    if (!customer || !mapping) {
      throw new AppError('invalid_input', 'Choose a customer mapped to a PSA company to link a ticket', {
        fieldErrors: [{ path: 'ticketNumber', message: 'Pick a customer mapped to a PSA first' }],
      });
    }
    const kind = mapping.kind;
    const provider = await deps.connections.providerFor(ctx, kind);
    const ticket = await provider.findTicketByNumber(ctx, ticketNumber);
    if (!ticket) {
      throw new AppError('invalid_input', `No ticket ${ticketNumber} in ${PSA_LABELS[kind]}`, {
        fieldErrors: [{ path: 'ticketNumber', message: `No such ticket in ${PSA_LABELS[kind]}` }],
      });
    }
    await assertTicketOfCustomer(ctx, provider, ticket, {
      customerName: customer.name,
      kind,
      companyId: mapping.companyId,
      companyName: mapping.companyName,
    });
    return { kind, ticket };
  };

  const insertSessionLink = (tx: Tx, ctx: RequestContext, sessionId: string, linked: { kind: PsaKind; ticket: PsaTicket }, by: string) => {
    const at = deps.clock.now();
    return deps.links.insertLink(tx, {
      account_id: ctx.accountId,
      ai_session_id: sessionId,
      backup_run_id: null,
      psa_kind: linked.kind,
      ticket_id: linked.ticket.id,
      ticket_number: linked.ticket.number,
      ticket_url: null,
      link_type: 'documents',
      origin: 'linked',
      external_key: null,
      ...statusColumnsOf(linked.ticket, at),
      created_by: by,
      created_at: at,
    });
  };

  const assertOpen = (row: SessionRow) => {
    if (row.state === 'resolved' || row.state === 'escalated') {
      throw new AppError('invalid_state', `This session was ${row.state}; its ticket link is history now.`, { reason: 'session_settled' });
    }
  };

  return {
    load,

    async createSession(ctx: RequestContext, body: CreateSessionBody) {
      requireRole(ctx, PILOT_ROLES);
      const user = requireUser(ctx);
      if (body.customerId) {
        await deps.customers.getCustomer(ctx, body.customerId);
      }
      const linked = body.ticketNumber ? await findTicket(ctx, body.customerId, body.ticketNumber) : null;
      const id = await inTenant(ctx, async (tx) => {
        const sessionId = await deps.sessions.insertSession(tx, {
          account_id: ctx.accountId,
          title: body.title,
          customer_id: body.customerId,
          contact: body.contact,
          priority: body.priority,
          playbook_id: null,
          created_by: user.userId,
        });
        if (linked) {
          await insertSessionLink(tx, ctx, sessionId, linked, user.userId);
        }
        return sessionId;
      });
      ctx.log.info({ sessionId: id, linked: Boolean(linked) }, 'pilot session created');
      return view(ctx, id);
    },

    getSession: (ctx: RequestContext, sessionId: string) => view(ctx, sessionId),

    /** Links a ticket of the session's customer; a session has at most one active ticket. */
    async linkTicket(ctx: RequestContext, sessionId: string, ticketNumber: string) {
      requireRole(ctx, PILOT_ROLES);
      const user = requireUser(ctx);
      const { row } = await load(ctx, sessionId);
      assertOpen(row);
      if (row.link_id) {
        throw new AppError('conflict', `This session is linked to ticket ${row.ticket_number}; unlink it first.`, {
          reason: 'ticket_exists',
        });
      }
      const linked = await findTicket(ctx, row.customer_id, ticketNumber);
      await inTenant(ctx, async (tx) => {
        try {
          await insertSessionLink(tx, ctx, sessionId, linked, user.userId);
        } catch (error) {
          throw isUniqueViolation(error)
            ? new AppError('conflict', 'This session got a ticket just now.', { reason: 'ticket_exists' })
            : error;
        }
      });
      ctx.log.info({ sessionId, ticketId: linked.ticket.id }, 'ticket linked to pilot session');
      return view(ctx, sessionId);
    },

    /** Removes the session's ticket link; the link stays as history ('unlinked'). */
    async unlinkTicket(ctx: RequestContext, sessionId: string) {
      requireRole(ctx, PILOT_ROLES);
      const { row } = await load(ctx, sessionId);
      assertOpen(row);
      if (!row.link_id) {
        throw new AppError('invalid_state', 'This session has no linked ticket.', { reason: 'no_ticket' });
      }
      const linkId = row.link_id;
      await inTenant(ctx, (tx) => deps.links.unlink(tx, linkId, userIdOf(ctx), deps.clock.now()));
      ctx.log.info({ sessionId, linkId }, 'ticket unlinked from pilot session');
      return view(ctx, sessionId);
    },

    async listSessions(ctx: RequestContext) {
      const rows = await inTenant(ctx, (tx) => deps.sessions.listSessions(tx, RECENT));
      const urls = await deps.ticketUrls(ctx);
      const views = rows.map((row) => toSessionView(row, upgradeTaskLane(row.pending_task_lane).lane, null, urls));
      return {
        active: views.filter((s) => s.state === 'active' || s.state === 'paused'),
        recent: views.filter((s) => s.state === 'resolved' || s.state === 'escalated'),
      };
    },

    async pauseSession(ctx: RequestContext, sessionId: string, paused: boolean) {
      requireRole(ctx, PILOT_ROLES);
      const changed = await inTenant(ctx, (tx) =>
        deps.sessions.setState(tx, sessionId, paused ? ['active'] : ['paused'], paused ? 'paused' : 'active'),
      );
      const { row } = await load(ctx, sessionId);
      if (!changed && row.state !== (paused ? 'paused' : 'active')) {
        throw new AppError('invalid_state', `A ${row.state} session cannot be ${paused ? 'paused' : 'resumed'}`);
      }
      return view(ctx, sessionId);
    },
  };
};

export type PilotSessionsService = ReturnType<typeof createPilotSessionsService>;
