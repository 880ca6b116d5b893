// PsaProvider on ConnectWise Manage. Queues are service boards and statuses belong to a board;
// internal notes carry the internal-analysis flag and resolution notes the resolution flag; the
// idempotency key travels in the ticket's externalXRef.

import {
  CONNECTWISE_API_VERSION,
  CONNECTWISE_MAX_URL_LENGTH,
  type ConnectWiseClient,
  cwString,
  olderApiVersion,
} from '#src/clients/connectwise/connectwise.client';
import type {
  CwBoard,
  CwBoardStatus,
  CwCompany,
  CwNote,
  CwPriority,
  CwSource,
  CwTicket,
  CwTimeEntry,
} from '#src/clients/connectwise/connectwise.types';
import { AppError } from '#src/lib/app-error';
import type { RequestContext } from '#src/lib/context';
import { connectWiseHosts } from './connectwise-hosts';
import { numericIds, type PsaCompany, type PsaProvider, type PsaRightCheck, type PsaTicket } from './psa-provider';
import { connectWiseTicketUrl } from './ticket-urls';

const TICKET_FIELDS = 'id,summary,board,status,company,externalXRef,closedFlag';
const COMPANY_FIELDS = 'id,identifier,name,status,deletedFlag';

const toCompany = (c: CwCompany): PsaCompany => ({
  id: String(c.id),
  name: c.name,
  active: c.deletedFlag !== true && (c.status?.name ?? 'Active').toLowerCase() !== 'inactive',
});

export const createConnectWiseProvider = (
  client: ConnectWiseClient,
  options: { siteUrl: string; codebase: string; companyId: string },
): PsaProvider => {
  const toTicket = (t: CwTicket): PsaTicket => ({
    id: String(t.id),
    number: String(t.id),
    title: t.summary,
    companyId: String(t.company?.id ?? ''),
    statusId: String(t.status?.id ?? ''),
    statusName: t.status?.name ?? null,
    queueId: t.board?.id === undefined ? null : String(t.board.id),
    isClosed: t.closedFlag === true,
    externalKey: t.externalXRef ?? null,
    url: connectWiseTicketUrl(options, String(t.id)),
  });
  const boardStatuses = (ctx: RequestContext, boardId: number) =>
    client.listAll<CwBoardStatus>(ctx, `/service/boards/${boardId}/statuses`).then((statuses) =>
      statuses.map((s) => ({
        id: String(s.id),
        name: s.name,
        active: !s.inactive,
        isDefault: s.defaultFlag === true,
        isClosed: s.closedStatus === true,
      })),
    );
  // Issue 14: as many ids per `id in (…)` query as fit a URL of CONNECTWISE_MAX_URL_LENGTH; each
  // id costs its digits and an encoded comma (%2C).
  const idBatches = (path: string, fields: string, ids: readonly number[]): number[][] => {
    const room = CONNECTWISE_MAX_URL_LENGTH - client.listUrlLength(path, { conditions: 'id in ()', fields });
    const batches: number[][] = [];
    let batch: number[] = [];
    let used = 0;
    for (const id of ids) {
      const cost = String(id).length + (batch.length ? 3 : 0);
      if (batch.length && used + cost > room) {
        batches.push(batch);
        batch = [];
        used = 0;
      }
      used += String(id).length + (batch.length ? 3 : 0);
      batch.push(id);
    }
    if (batch.length) {
      batches.push(batch);
    }
    return batches;
  };

  const tickets = (ctx: Parameters<PsaProvider['findTicket']>[0], conditions: string) =>
    client.listAll<CwTicket>(ctx, '/service/tickets', { conditions, fields: TICKET_FIELDS }).then((list) => list.map(toTicket));

  return {
    kind: 'connectwise',

    async testConnection(ctx) {
      const info = await client.systemInfo(ctx);
      const served = client.serverApiVersion();
      // Issue 15: a server older than the pinned API version may lack fields Flightdeck reads.
      const older = served && olderApiVersion(served, CONNECTWISE_API_VERSION);
      // Issue 15: both hosts — the API answered above; the site must answer too, or links break.
      const hosts = connectWiseHosts(options.siteUrl);
      const site = await client.siteCompanyInfo(ctx).catch(() => null);
      const warnings = [
        ...(older
          ? [
              {
                id: 'api_version',
                label: 'API version supported',
                message: `The server's API version ${served} is older than the ${CONNECTWISE_API_VERSION} Flightdeck is built for: upgrade Manage, or expect fields Flightdeck reads to be missing.`,
              },
            ]
          : []),
        ...(site
          ? []
          : [
              {
                id: 'site_host',
                label: 'Site answers for ticket links',
                message: `The site ${hosts.siteOrigin} did not answer as ConnectWise Manage (/login/companyinfo): "Open ticket" links there may not open.`,
              },
            ]),
      ];
      const where =
        hosts.apiOrigin === hosts.siteOrigin
          ? `API and site on ${hosts.apiOrigin}`
          : `API on ${hosts.apiOrigin}, ticket links on ${hosts.siteOrigin}${hosts.typedApiHost ? ' (the site derived from the API host you entered)' : ''}`;
      return {
        message: `Connected to ConnectWise Manage ${info.version} (API ${served ?? 'version not stated'}; Flightdeck asks for ${CONNECTWISE_API_VERSION}); ${where}.`,
        ...(warnings.length && { warnings }),
      };
    },

    async checkRights(ctx) {
      // Each right by the call that needs it: reads fetch one record; writes are sent with nothing
      // to write (an empty ticket, a note and a status change on ticket 0), which Manage refuses
      // with 403 Security when the member lacks the right and with a validation error or a 404
      // otherwise — nothing is written either way.
      const probes: { id: PsaRightCheck['id']; label: string; missing: string; call: Parameters<ConnectWiseClient['probe']>[1] }[] = [
        {
          id: 'read_companies',
          label: 'Read companies',
          missing: 'read companies (Companies › Company Maintenance: Inquire)',
          call: { method: 'GET', path: '/company/companies', query: { pageSize: 1, fields: 'id' } },
        },
        {
          id: 'read_tickets',
          label: 'Read tickets',
          missing: 'read service tickets (Service Desk › Service Tickets: Inquire)',
          call: { method: 'GET', path: '/service/tickets', query: { pageSize: 1, fields: 'id' } },
        },
        {
          id: 'create_tickets',
          label: 'Create tickets',
          missing: 'create service tickets (Service Desk › Service Tickets: Add)',
          call: { method: 'POST', path: '/service/tickets', body: {} },
        },
        {
          id: 'add_notes',
          label: 'Add ticket notes',
          missing: 'add ticket notes (Service Desk › Service Tickets: Add / Edit)',
          call: { method: 'POST', path: '/service/tickets/0/notes', body: {} },
        },
        {
          id: 'read_time_entries',
          label: 'Read time entries',
          missing: 'read time entries (Time & Expense › Time Entry: Inquire)',
          call: { method: 'GET', path: '/time/entries', query: { pageSize: 1, fields: 'id' } },
        },
        {
          id: 'change_status',
          label: 'Change ticket status',
          missing: 'change ticket status (Service Desk › Service Tickets: Edit)',
          call: { method: 'PATCH', path: '/service/tickets/0', body: [] },
        },
      ];
      const checks: PsaRightCheck[] = [];
      for (const probe of probes) {
        const answer = await client.probe(ctx, probe.call);
        checks.push(
          answer.denied
            ? {
                id: probe.id,
                label: probe.label,
                ok: false,
                message: `The API member cannot ${probe.missing}: grant it in its security role.`,
              }
            : { id: probe.id, label: probe.label, ok: true, message: 'Allowed' },
        );
      }
      return checks;
    },

    async searchCompanies(ctx, { query, page, pageSize }) {
      const conditions = `name contains ${cwString(query.trim())} and deletedFlag = false`;
      // The page itself, and Manage's Link header says whether there is a next one: no count call,
      // and no growing first page (which ran into the 1,000-record page cap past page 100 × 10).
      const result = await client.listPageWithNext<CwCompany>(ctx, '/company/companies', {
        conditions,
        page,
        pageSize,
        orderBy: 'name asc',
        fields: COMPANY_FIELDS,
      });
      return { items: result.items.map(toCompany), hasMore: result.hasNext };
    },

    async findCompanies(ctx, ids) {
      const found: PsaCompany[] = [];
      for (const batch of idBatches('/company/companies', COMPANY_FIELDS, numericIds(ids))) {
        const companies = await client.listAll<CwCompany>(ctx, '/company/companies', {
          conditions: `id in (${batch.join(',')})`,
          fields: COMPANY_FIELDS,
        });
        found.push(...companies.map(toCompany));
      }
      return found;
    },

    async findCompany(ctx, id) {
      const [companyId] = numericIds([id]);
      if (companyId === undefined) {
        return null;
      }
      const company = await client.get<CwCompany>(ctx, `/company/companies/${companyId}`);
      return company ? toCompany(company) : null;
    },

    async referenceData(ctx, { boardId }) {
      const [boards, priorities, sources] = [
        await client.listAll<CwBoard>(ctx, '/service/boards', { orderBy: 'name asc' }),
        await client.listAll<CwPriority>(ctx, '/service/priorities'),
        await client.listAll<CwSource>(ctx, '/service/sources'),
      ];
      const serviceBoards = boards.filter((b) => !b.projectFlag);
      const board = serviceBoards.find((b) => String(b.id) === boardId) ?? serviceBoards.find((b) => !b.inactiveFlag);
      const statuses = board ? await boardStatuses(ctx, board.id) : [];
      return {
        queues: serviceBoards.map((b) => ({ id: String(b.id), name: b.name, active: !b.inactiveFlag, isDefault: false })),
        sources: sources.map((s) => ({ id: String(s.id), name: s.name, active: true, isDefault: s.defaultFlag === true })),
        statuses,
        priorities: priorities.map((p) => ({ id: String(p.id), name: p.name, active: true, isDefault: p.defaultFlag === true })),
      };
    },

    async createTicket(ctx, draft) {
      const ticket = await client.create<CwTicket>(
        ctx,
        '/service/tickets',
        {
          summary: draft.title.slice(0, 100),
          company: { id: Number(draft.companyId) },
          initialDescription: draft.description,
          externalXRef: draft.externalKey,
          ...(draft.queueId && { board: { id: Number(draft.queueId) } }),
          ...(draft.statusId && { status: { id: Number(draft.statusId) } }),
          ...(draft.priorityId && { priority: { id: Number(draft.priorityId) } }),
          ...(draft.sourceId && { source: { id: Number(draft.sourceId) } }),
        },
        'created',
      );
      return toTicket(ticket);
    },

    async findTicket(ctx, id) {
      const [ticketId] = numericIds([id]);
      if (ticketId === undefined) {
        return null;
      }
      const ticket = await client.get<CwTicket>(ctx, `/service/tickets/${ticketId}`);
      return ticket ? toTicket(ticket) : null;
    },

    async findTicketByNumber(ctx, number) {
      // A ConnectWise ticket number is its id ("#48291").
      return this.findTicket(ctx, number.trim().replace(/^#/, ''));
    },

    findTicketsByExternalKey: (ctx, key) => tickets(ctx, `externalXRef = ${cwString(key)}`),

    async findTickets(ctx, ids) {
      const found: PsaTicket[] = [];
      for (const batch of idBatches('/service/tickets', TICKET_FIELDS, numericIds(ids))) {
        found.push(...(await tickets(ctx, `id in (${batch.join(',')})`)));
      }
      return found;
    },

    async addNote(ctx, ticketId, note) {
      const created = await client.create<{ id: number }>(
        ctx,
        `/service/tickets/${Number(ticketId)}/notes`,
        {
          text: note.text,
          // Discussion (detail description) is what the customer sees of a ticket's progress.
          detailDescriptionFlag: note.kind === 'update',
          internalAnalysisFlag: note.kind === 'internal',
          resolutionFlag: note.kind === 'resolution',
          processNotifications: false,
        },
        'noted',
      );
      return { id: String(created.id) };
    },

    async listTimeEntries(ctx, ticketId) {
      const entries = await client.listAll<CwTimeEntry>(ctx, '/time/entries', {
        conditions: `chargeToType = "ServiceTicket" and chargeToId = ${Number(ticketId)}`,
        fields: 'id,chargeToId,chargeToType,actualHours',
      });
      return entries.map((e) => ({ id: String(e.id), hours: e.actualHours ?? 0 }));
    },

    async setStatus(ctx, ticketId, statusId) {
      const id = Number(statusId);
      if (!Number.isInteger(id)) {
        throw new AppError('invalid_input', `"${statusId}" is not a ConnectWise status id`);
      }
      await client.patch(ctx, `/service/tickets/${Number(ticketId)}`, [{ op: 'replace', path: 'status', value: { id } }], 'transitioned');
    },

    async routeTicket(ctx, ticketId, { queueId, statusId }) {
      const [board, status] = [Number(queueId), Number(statusId)];
      if (!Number.isInteger(board) || !Number.isInteger(status)) {
        throw new AppError('invalid_input', `"${queueId}" / "${statusId}" is not a ConnectWise board and status id`);
      }
      // One patch: Manage checks the status against the board the same request sets.
      await client.patch(
        ctx,
        `/service/tickets/${Number(ticketId)}`,
        [
          { op: 'replace', path: 'board', value: { id: board } },
          { op: 'replace', path: 'status', value: { id: status } },
        ],
        'transitioned',
      );
    },

    async ticketContext(ctx, ticketId, { limit }) {
      const ticket = await this.findTicket(ctx, ticketId);
      if (!ticket) {
        return null;
      }
      const path = `/service/tickets/${Number(ticketId)}/notes`;
      const fields = 'id,text,internalAnalysisFlag,detailDescriptionFlag,resolutionFlag,dateCreated';
      // The description is the first Discussion note; the latest notes come newest first.
      const [description] = await client.listPage<CwNote>(ctx, path, {
        conditions: 'detailDescriptionFlag = true',
        orderBy: 'id asc',
        pageSize: 1,
        fields,
      });
      const latest = await client.listPage<CwNote>(ctx, path, { orderBy: 'id desc', pageSize: limit + 1, fields });
      return {
        title: ticket.title,
        description: description?.text ?? null,
        notes: latest
          .filter((n) => n.id !== description?.id)
          .slice(0, limit)
          .map((n) => ({ text: n.text, createdAt: n.dateCreated ?? null, internal: n.internalAnalysisFlag === true })),
      };
    },

    async listStatuses(ctx, { queueId }) {
      const board = Number(queueId);
      return queueId && Number.isInteger(board) ? boardStatuses(ctx, board) : [];
    },
  };
};
