// PsaProvider on Autotask. Queues, sources, statuses and priorities are the picklists of the
// Ticket fields; notes are Task Notes with publish 2 (internal) or 1 (All Autotask Users, the
// customer-visible level); the idempotency key travels in the ticket's externalID.

import type { AutotaskClient } from '#src/clients/autotask/autotask.client';
import type { AutotaskCompany, AutotaskField, AutotaskTicket, AutotaskTimeEntry } from '#src/clients/autotask/autotask.types';
import { AppError } from '#src/lib/app-error';
import { type Clock, systemClock } from '#src/lib/clock';
import type { RequestContext } from '#src/lib/context';
import {
  chunk,
  numericIds,
  type PsaCompany,
  type PsaProvider,
  type PsaReferenceItem,
  type PsaRightCheck,
  type PsaTicket,
} from './psa-provider';
import { autotaskTicketUrl } from './ticket-urls';

export const AUTOTASK_COMPLETE_STATUS = '5';
// publish 1 "All Autotask Users" is the customer-visible level; 2 is internal only.
const PUBLISH = { internal: 2, resolution: 1, update: 1 } as const;
const NOTE_TYPE_TASK_NOTES = 3;
const TICKET_FIELDS = ['id', 'ticketNumber', 'title', 'companyID', 'status', 'queueID', 'externalID'];

/** An active note type from the live TicketNotes picklist: Task Notes, else Task Detail or Summary, else the first active. */
const activeNoteType = (fields: AutotaskField[]): number | null => {
  const active = (fields.find((f) => f.name === 'noteType')?.picklistValues ?? []).filter((p) => p.isActive).map((p) => Number(p.value));
  return [NOTE_TYPE_TASK_NOTES, 2, 1].find((t) => active.includes(t)) ?? active[0] ?? null;
};

/** The answer of a tenant that refuses PATCH on Tickets (contested, psa-field-notes.md). */
const refusesPatch = (error: unknown) =>
  error instanceof AppError &&
  ((error.details as { status?: number } | undefined)?.status === 405 || /http method 'PATCH'/i.test(error.message));

const toCompany = (c: AutotaskCompany): PsaCompany => ({ id: String(c.id), name: c.companyName, active: c.isActive !== false });

const picklist = (fields: AutotaskField[], name: string): PsaReferenceItem[] =>
  (fields.find((f) => f.name === name)?.picklistValues ?? []).map((p) => ({
    id: p.value,
    name: p.label,
    active: p.isActive,
    isDefault: p.isDefaultValue,
  }));

const STATUS_LABELS_TTL_MS = 3_600_000;

export const createAutotaskProvider = (
  client: AutotaskClient,
  options: { noteTypeId?: string | null; clock?: Clock } = {},
): PsaProvider => {
  const clock = options.clock ?? systemClock;
  // Status names come from the Tickets field info: read once an hour per integration at most
  // (issue 14), so a renamed status shows within the hour and a sweep costs no extra call.
  let statusLabels: { labels: Map<string, string>; at: number } | null = null;

  const labels = async (ctx: RequestContext) => {
    if (!statusLabels || clock.now().getTime() - statusLabels.at > STATUS_LABELS_TTL_MS) {
      const fields = await client.fieldInfo(ctx, 'Tickets');
      statusLabels = { labels: new Map(picklist(fields, 'status').map((s) => [s.id, s.name])), at: clock.now().getTime() };
    }
    return statusLabels.labels;
  };

  const toTicket = async (ctx: RequestContext, t: AutotaskTicket): Promise<PsaTicket> => {
    const webUrl = await client.webUrl(ctx);
    return {
      id: String(t.id),
      number: t.ticketNumber,
      title: t.title,
      companyId: String(t.companyID),
      statusId: String(t.status),
      statusName: statusLabels?.labels.get(String(t.status)) ?? null,
      queueId: t.queueID === null || t.queueID === undefined ? null : String(t.queueID),
      isClosed: String(t.status) === AUTOTASK_COMPLETE_STATUS,
      externalKey: t.externalID ?? null,
      url: autotaskTicketUrl(webUrl, String(t.id)),
    };
  };

  const findTicketsWhere = async (ctx: RequestContext, filter: Parameters<AutotaskClient['queryAll']>[2]['filter']) => {
    const tickets = await client.queryAll<AutotaskTicket>(ctx, 'Tickets', { filter, IncludeFields: TICKET_FIELDS });
    return Promise.all(tickets.map((t) => toTicket(ctx, t)));
  };

  // Issue 15: a status change is a PATCH; a tenant that refuses it gets a PUT of the whole ticket
  // as read just before, and keeps getting PUTs for the life of this provider.
  let patchRefused = false;
  // The note type chosen in settings, else Task Notes (issue 15).
  const preferredNoteType = options.noteTypeId ? Number(options.noteTypeId) : NOTE_TYPE_TASK_NOTES;
  const updateTicket = async (ctx: RequestContext, id: number, changes: Record<string, number>) => {
    if (!patchRefused) {
      try {
        await client.update(ctx, 'Tickets', { id, ...changes }, 'transitioned');
        return;
      } catch (error) {
        if (!refusesPatch(error)) {
          throw error;
        }
        patchRefused = true;
      }
    }
    const ticket = await client.get<Record<string, unknown>>(ctx, 'Tickets', id);
    if (!ticket) {
      throw new AppError('not_found', `Autotask ticket ${id} was not found`, { provider: 'autotask' });
    }
    await client.replace(ctx, 'Tickets', { ...ticket, ...changes, id }, 'transitioned');
  };

  return {
    kind: 'autotask',

    async testConnection(ctx) {
      const zone = await client.discoverZone(ctx);
      const threshold = await client.threshold(ctx);
      return {
        message: `Connected to Autotask${zone.zoneName ? ` (${zone.zoneName})` : ''}; ${threshold.currentTimeframeRequestCount} of ${threshold.externalRequestThreshold} API requests used this hour.`,
      };
    },

    async checkRights(ctx) {
      // Reads are checked by reading one record. Autotask answers a missing write permission only
      // to a real write (no public source shows a refusal without one, psa-field-notes.md), so the
      // write rights are named for the admin to check rather than probed by writing to a tenant.
      const read = async (id: PsaRightCheck['id'], label: string, entity: string, what: string): Promise<PsaRightCheck> => {
        try {
          await client.queryPage(ctx, entity, { filter: [{ op: 'gt', field: 'id', value: 0 }], MaxRecords: 1, IncludeFields: ['id'] });
          return { id, label, ok: true, message: 'Allowed' };
        } catch (error) {
          const reason = error instanceof AppError ? error.message : 'unexpected error';
          return { id, label, ok: false, message: `The API user cannot ${what} (${reason}): check its security level.` };
        }
      };
      const unchecked = (id: PsaRightCheck['id'], label: string, what: string): PsaRightCheck => ({
        id,
        label,
        ok: null,
        message: `Not checkable without writing: the API user's security level must allow it to ${what}.`,
      });
      return [
        await read('read_companies', 'Read companies', 'Companies', 'read companies'),
        await read('read_tickets', 'Read tickets', 'Tickets', 'read tickets'),
        unchecked('create_tickets', 'Create tickets', 'add tickets'),
        unchecked('add_notes', 'Add ticket notes', 'add ticket notes'),
        await read('read_time_entries', 'Read time entries', 'TimeEntries', 'read time entries'),
        unchecked('change_status', 'Change ticket status', 'edit tickets'),
      ];
    },

    async searchCompanies(ctx, { query, page, pageSize }) {
      // Autotask pages by id cursor, not by number: walk the cursor to the requested page.
      const body = {
        filter: [
          { op: 'contains' as const, field: 'companyName', value: query.trim() },
          { op: 'eq' as const, field: 'isActive', value: true },
          // Company 0 is the MSP itself (its own Autotask account): never a customer to map to.
          { op: 'noteq' as const, field: 'id', value: 0 },
        ],
        MaxRecords: pageSize,
        IncludeFields: ['id', 'companyName', 'isActive'],
      };
      let result = await client.queryPage<AutotaskCompany>(ctx, 'Companies', body);
      for (let p = 1; p < page && result.pageDetails.nextPageUrl; p += 1) {
        result = await client.queryPage<AutotaskCompany>(ctx, 'Companies', body, result.pageDetails.nextPageUrl);
      }
      const items = page > 1 && result.items.length === 0 ? [] : result.items.map(toCompany);
      return { items, hasMore: result.pageDetails.nextPageUrl !== null };
    },

    async findCompanies(ctx, ids) {
      const found: PsaCompany[] = [];
      for (const batch of chunk(numericIds(ids))) {
        const companies = await client.queryAll<AutotaskCompany>(ctx, 'Companies', {
          filter: [{ op: 'in', field: 'id', value: batch }],
          IncludeFields: ['id', 'companyName', 'isActive'],
        });
        found.push(...companies.map(toCompany));
      }
      return found;
    },

    async findCompany(ctx, id) {
      const [company] = numericIds([id]);
      if (company === undefined) {
        return null;
      }
      const found = await client.get<AutotaskCompany>(ctx, 'Companies', company);
      return found ? toCompany(found) : null;
    },

    async referenceData(ctx) {
      const fields = await client.fieldInfo(ctx, 'Tickets');
      statusLabels = { labels: new Map(picklist(fields, 'status').map((s) => [s.id, s.name])), at: clock.now().getTime() };
      return {
        queues: picklist(fields, 'queueID'),
        sources: picklist(fields, 'source'),
        statuses: picklist(fields, 'status').map((s) => ({ ...s, isClosed: s.id === AUTOTASK_COMPLETE_STATUS })),
        priorities: picklist(fields, 'priority'),
        noteTypes: picklist(await client.fieldInfo(ctx, 'TicketNotes'), 'noteType'),
      };
    },

    async createTicket(ctx, draft) {
      await labels(ctx);
      const id = await client.create(ctx, 'Tickets', {
        companyID: Number(draft.companyId),
        title: draft.title.slice(0, 255),
        description: draft.description.slice(0, 8000),
        status: Number(draft.statusId ?? 1),
        priority: Number(draft.priorityId ?? 2),
        ...(draft.queueId && { queueID: Number(draft.queueId) }),
        ...(draft.sourceId && { source: Number(draft.sourceId) }),
        externalID: draft.externalKey,
      });
      const ticket = await client.get<AutotaskTicket>(ctx, 'Tickets', id);
      if (!ticket) {
        // Autotask confirmed the create but cannot show it: report it, so the caller can look
        // the ticket up by its external key later instead of creating another one.
        throw new AppError('upstream_error', `Autotask created ticket ${id} but did not return it when read back`, {
          provider: 'autotask',
          createdTicketId: String(id),
        });
      }
      return toTicket(ctx, ticket);
    },

    async findTicket(ctx, id) {
      const [ticketId] = numericIds([id]);
      if (ticketId === undefined) {
        return null;
      }
      await labels(ctx);
      const ticket = await client.get<AutotaskTicket>(ctx, 'Tickets', ticketId);
      return ticket ? toTicket(ctx, ticket) : null;
    },

    async findTicketByNumber(ctx, number) {
      await labels(ctx);
      const [ticket] = await findTicketsWhere(ctx, [{ op: 'eq', field: 'ticketNumber', value: number.trim() }]);
      return ticket ?? null;
    },

    async findTicketsByExternalKey(ctx, key) {
      await labels(ctx);
      return findTicketsWhere(ctx, [{ op: 'eq', field: 'externalID', value: key }]);
    },

    async findTickets(ctx, ids) {
      await labels(ctx);
      const found: PsaTicket[] = [];
      for (const batch of chunk(numericIds(ids))) {
        found.push(...(await findTicketsWhere(ctx, [{ op: 'in', field: 'id', value: batch }])));
      }
      return found;
    },

    async addNote(ctx, ticketId, note) {
      const create = (noteType: number) =>
        client.createTicketNote(ctx, Number(ticketId), {
          title: note.title.slice(0, 250),
          description: note.text.slice(0, 32000),
          noteType,
          publish: PUBLISH[note.kind],
        });
      try {
        return { id: String(await create(preferredNoteType)) };
      } catch (error) {
        // Issue 15: tenants can deactivate note types. Task Notes is active almost everywhere, so
        // it costs no extra call; when refused, the live picklist names an active type to use.
        if (!(error instanceof AppError && /noteType/i.test(error.message))) {
          throw error;
        }
        const fallback = activeNoteType(await client.fieldInfo(ctx, 'TicketNotes'));
        if (fallback === null || fallback === preferredNoteType) {
          throw error;
        }
        return { id: String(await create(fallback)) };
      }
    },

    async listTimeEntries(ctx, ticketId) {
      const entries = await client.queryAll<AutotaskTimeEntry>(ctx, 'TimeEntries', {
        filter: [{ op: 'eq', field: 'ticketID', value: Number(ticketId) }],
        IncludeFields: ['id', 'ticketID', 'hoursWorked'],
      });
      return entries.map((e) => ({ id: String(e.id), hours: e.hoursWorked ?? 0 }));
    },

    async setStatus(ctx, ticketId, statusId) {
      await updateTicket(ctx, Number(ticketId), { status: Number(statusId) });
    },

    async routeTicket(ctx, ticketId, { queueId, statusId }) {
      await updateTicket(ctx, Number(ticketId), { queueID: Number(queueId), status: Number(statusId) });
    },

    async ticketContext(ctx, ticketId, { limit }) {
      const [id] = numericIds([ticketId]);
      const ticket = id === undefined ? null : await client.get<AutotaskTicket & { description?: string | null }>(ctx, 'Tickets', id);
      if (!ticket) {
        return null;
      }
      // Autotask queries cannot sort: read the ticket's notes and keep the newest.
      const notes = await client.queryAll<{
        id: number;
        title: string | null;
        description: string;
        publish: number;
        createDateTime: string | null;
      }>(ctx, 'TicketNotes', {
        filter: [{ op: 'eq', field: 'ticketID', value: ticket.id }],
        IncludeFields: ['id', 'title', 'description', 'publish', 'createDateTime'],
      });
      return {
        title: ticket.title,
        description: ticket.description ?? null,
        notes: notes
          .sort((a, b) => (b.createDateTime ?? '').localeCompare(a.createDateTime ?? '') || b.id - a.id)
          .slice(0, limit)
          .map((n) => ({
            text: n.title ? `${n.title}: ${n.description}` : n.description,
            createdAt: n.createDateTime,
            internal: n.publish !== PUBLISH.update,
          })),
      };
    },

    async listStatuses(ctx) {
      const fields = await client.fieldInfo(ctx, 'Tickets');
      return picklist(fields, 'status').map((s) => ({ ...s, isClosed: s.id === AUTOTASK_COMPLETE_STATUS }));
    },
  };
};
