// The ConnectWise Manage REST API 3.0 as the simulator serves it: Basic auth
// (`company+publicKey:privateKey`) plus the clientId header, `conditions` / `orderBy` / `fields`
// and page / pageSize paging with a Link header, JSON-Patch updates, `{code,message,errors}`
// error bodies, tickets with externalXRef, notes with their flags, board statuses and time entries.
import { escapeHtml, htmlPage, ticketNotFoundPage } from '#sandbox/http/html-page';
import type { SandboxRequest, SandboxResponse } from '#sandbox/http/sandbox-server';
import { type Condition, ConditionsError, matches, matchesChild, parseConditions, readPath } from './conditions';
import {
  API_MEMBER,
  type ConnectWiseRight,
  type ConnectWiseStore,
  CONNECTWISE_SANDBOX_CREDENTIALS as CREDS,
  type CwRecord,
  PRIORITIES,
  SOURCES,
} from './store';

export class ConnectWiseFault extends Error {
  constructor(
    readonly status: number,
    readonly body: { code: string; message: string; errors?: { code: string; message: string; resource: string; field: string }[] },
  ) {
    super(body.message);
  }
}

const notFound = (what: string, id: number | string) =>
  new ConnectWiseFault(404, { code: 'NotFound', message: `${what} with id ${id} was not found.` });
const badRequest = (message: string) => new ConnectWiseFault(400, { code: 'BadRequest', message });
const invalidObject = (resource: string, errors: { field: string; message: string; code?: string }[]) =>
  new ConnectWiseFault(400, {
    code: 'InvalidObject',
    message: `${resource} object is invalid`,
    errors: errors.map((e) => ({ code: e.code ?? 'InvalidField', message: e.message, resource, field: e.field })),
  });
/** Ticket fields a JSON Patch may replace besides status, board, summary, priority, company (DJCW sync.py). */
const REFERENCE_FIELDS = new Map(
  ['owner', 'type', 'subType', 'item', 'agreement', 'contact', 'team', 'location', 'department', 'source', 'serviceLocation'].map((f) => [
    f.toLowerCase(),
    f,
  ]),
);
const SCALAR_FIELDS = new Map(
  [
    'requiredDate',
    'budgetHours',
    'estimatedStartDate',
    'customerUpdatedFlag',
    'approved',
    'poNumber',
    'severity',
    'impact',
    'contactName',
    'contactEmailAddress',
    'contactPhoneNumber',
    'automaticEmailContactFlag',
    'automaticEmailResourceFlag',
    'skipCallback',
  ].map((f) => [f.toLowerCase(), f]),
);

/** Manage's length error, as a production integration logged it (docs.xyte.io kb-5017). */
const maxLength = (field: string, max: number) => ({
  field,
  code: 'MaxLengthField',
  message: `The field ${field} must be a string with a maximum length of ${max}.`,
});
const methodNotAllowed = (method: string) =>
  new ConnectWiseFault(405, { code: 'MethodNotAllowed', message: `The requested resource does not support http method '${method}'.` });

const ok = (body: unknown, headers: Record<string, string> = {}): SandboxResponse => ({ status: 200, body, headers });

const header = (req: SandboxRequest, name: string) => {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};

const authenticate = (req: SandboxRequest) => {
  const expected = `Basic ${Buffer.from(`${CREDS.companyId}+${CREDS.publicKey}:${CREDS.privateKey}`).toString('base64')}`;
  const authorization = header(req, 'authorization');
  if (!authorization || authorization.toLowerCase() !== expected.toLowerCase()) {
    // Only the company id part is case-insensitive in Manage; keys are compared exactly below.
    const decoded = authorization?.startsWith('Basic ') ? Buffer.from(authorization.slice(6), 'base64').toString('utf8') : '';
    const [companyAndPublic = '', privateKey] = decoded.split(':');
    const [company = '', publicKey] = companyAndPublic.split('+');
    if (company.toLowerCase() !== CREDS.companyId || publicKey !== CREDS.publicKey || privateKey !== CREDS.privateKey) {
      throw new ConnectWiseFault(401, {
        code: 'Unauthorized',
        message: 'Authentication failed: invalid company, public key or private key.',
      });
    }
  }
  if (header(req, 'clientId') !== CREDS.clientId) {
    throw new ConnectWiseFault(401, { code: 'Unauthorized', message: 'A registered clientId header is required on every request.' });
  }
};

type ListOptions = { resource: string; defaultOrder?: string };

export const createConnectWiseApi = (store: ConnectWiseStore, origin: () => string) => {
  const conditionOf = (req: SandboxRequest, param = 'conditions'): Condition | null => {
    const raw = req.url.searchParams.get(param);
    if (!raw?.trim()) {
      return null;
    }
    try {
      return parseConditions(raw);
    } catch (error) {
      throw badRequest((error as Error).message);
    }
  };

  const filtered = (req: SandboxRequest, records: CwRecord[], resource: string) => {
    const condition = conditionOf(req);
    const childCondition = conditionOf(req, 'childConditions');
    try {
      return records.filter(
        (r) => (!condition || matches(r, condition, resource)) && (!childCondition || matchesChild(r, childCondition, resource)),
      );
    } catch (error) {
      if (error instanceof ConditionsError) {
        // Manage names the field it does not know (LTC issue #4, WYRE-AI PR #84): 400 ApiFindCondition.
        throw error.unknownField
          ? new ConnectWiseFault(400, { code: 'ApiFindCondition', message: `${error.unknownField} is not a recognized name.` })
          : badRequest(error.message);
      }
      throw error;
    }
  };

  const ordered = (req: SandboxRequest, records: CwRecord[], resource: string) => {
    const orderBy = req.url.searchParams.get('orderBy') ?? req.url.searchParams.get('orderby');
    if (!orderBy) {
      return [...records].sort((a, b) => a.id - b.id);
    }
    const [field = 'id', direction = 'asc'] = orderBy.trim().split(/\s+/);
    const path = field.split('/');
    const sign = direction.toLowerCase() === 'desc' ? -1 : 1;
    try {
      return [...records].sort((a, b) => {
        const x = readPath(a, path, resource) as string | number;
        const y = readPath(b, path, resource) as string | number;
        return x === y ? a.id - b.id : x < y ? -sign : sign;
      });
    } catch (error) {
      throw badRequest((error as Error).message);
    }
  };

  const project = (req: SandboxRequest, record: CwRecord) => {
    const fields = req.url.searchParams.get('fields');
    if (!fields) {
      return record;
    }
    const projected: Record<string, unknown> = {};
    for (const name of fields
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean)) {
      const key = Object.keys(record).find((k) => k.toLowerCase() === name.split('/')[0]?.toLowerCase());
      if (key) {
        projected[key] = record[key];
      }
    }
    return projected;
  };

  /** A page of results with Manage's Link header (first / prev / next / last). */
  const list = (req: SandboxRequest, records: CwRecord[], options: ListOptions): SandboxResponse => {
    const pageId = req.url.searchParams.get('pageId') ?? req.url.searchParams.get('pageid');
    if (pageId !== null || header(req, 'pagination-type')?.toLowerCase() === 'forward-only') {
      return forwardOnly(req, records, options, Number(pageId ?? 0) || 0);
    }
    const all = ordered(req, filtered(req, records, options.resource), options.resource);
    const page = Math.max(1, Number(req.url.searchParams.get('page') ?? 1) || 1);
    const requestedSize = Number(req.url.searchParams.get('pageSize') ?? req.url.searchParams.get('pagesize') ?? 25) || 25;
    const pageSize = Math.min(1000, Math.max(1, requestedSize));
    const items = all.slice((page - 1) * pageSize, page * pageSize);
    const lastPage = Math.max(1, Math.ceil(all.length / pageSize));
    const link = (p: number) => {
      const url = new URL(req.url.pathname + req.url.search, origin());
      url.searchParams.set('page', String(p));
      url.searchParams.set('pageSize', String(pageSize));
      return `<${url.toString()}>`;
    };
    const links = [
      ...(page > 1 ? [`${link(1)}; rel="first"`, `${link(page - 1)}; rel="prev"`] : []),
      ...(page < lastPage ? [`${link(page + 1)}; rel="next"`, `${link(lastPage)}; rel="last"`] : []),
    ];
    return ok(
      items.map((r) => project(req, r)),
      links.length ? { link: links.join(', ') } : {},
    );
  };

  /**
   * Forward-only paging (psa-field-notes.md: LAZY "PageID … treated like an additional condition
   * of Id > pageId"; PSMOD Invoke-CWMAllResult follows the Link header): records with an id above
   * pageId in id order, and a next link carrying the page's last id while a page comes back full.
   */
  const forwardOnly = (req: SandboxRequest, records: CwRecord[], options: ListOptions, after: number): SandboxResponse => {
    const requestedSize = Number(req.url.searchParams.get('pageSize') ?? req.url.searchParams.get('pagesize') ?? 25) || 25;
    const pageSize = Math.min(1000, Math.max(1, requestedSize));
    const items = filtered(req, records, options.resource)
      .filter((r) => r.id > after)
      .sort((a, b) => a.id - b.id)
      .slice(0, pageSize);
    const last = items.at(-1);
    if (items.length < pageSize || !last) {
      return ok(items.map((r) => project(req, r)));
    }
    const next = new URL(req.url.pathname + req.url.search, origin());
    next.searchParams.delete('pageid');
    next.searchParams.set('pageId', String(last.id));
    next.searchParams.set('pageSize', String(pageSize));
    return ok(
      items.map((r) => project(req, r)),
      { link: `<${next.toString()}>; rel="next"` },
    );
  };

  const count = (req: SandboxRequest, records: CwRecord[], resource: string) => ok({ count: filtered(req, records, resource).length });

  const bodyObject = (req: SandboxRequest, resource: string): Record<string, unknown> => {
    if (req.malformedJson || !req.body || typeof req.body !== 'object' || Array.isArray(req.body)) {
      throw invalidObject(resource, [{ field: resource, message: `The ${resource} object is required.`, code: 'NullValue' }]);
    }
    return req.body as Record<string, unknown>;
  };

  const refId = (value: unknown) => {
    if (value && typeof value === 'object' && 'id' in value) {
      return Number((value as { id: unknown }).id);
    }
    return undefined;
  };

  const findCompanyByRef = (value: unknown) => {
    const id = refId(value);
    if (id !== undefined) {
      return store.companies.get(id);
    }
    const identifier =
      value && typeof value === 'object' && 'identifier' in value ? String((value as { identifier: unknown }).identifier) : null;
    return identifier
      ? [...store.companies.values()].find((c) => String(c.identifier).toLowerCase() === identifier.toLowerCase())
      : undefined;
  };

  const statusRef = (statusId: number) => {
    const status = store.statuses.find((s) => s.id === statusId);
    return status ? { id: status.id, name: status.name, sort: status.sortOrder } : null;
  };

  const applyStatus = (ticket: CwRecord, statusId: number) => {
    const status = store.statuses.find((s) => s.id === statusId);
    const boardId = refId(ticket.board);
    if (!status || status.board.id !== boardId || status.inactive) {
      // Manage's answer, from a production error report (psa-field-notes.md, docs.xyte.io kb-5017).
      throw invalidObject('ticket', [
        { field: 'status/id', code: 'NotFound', message: `Service Status ${statusId} not found for Service Board ${boardId}` },
      ]);
    }
    ticket.status = statusRef(statusId);
    if (status.closedStatus && !ticket.closedFlag) {
      ticket.closedFlag = true;
      ticket.closedDate = store.nowIso();
      ticket.closedBy = API_MEMBER.identifier;
    } else if (!status.closedStatus) {
      ticket.closedFlag = false;
      ticket.closedDate = null;
      ticket.closedBy = null;
    }
  };

  const createTicket = (req: SandboxRequest) => {
    const body = bodyObject(req, 'ticket');
    const errors: { field: string; message: string; code?: string }[] = [];
    const summary = typeof body.summary === 'string' ? body.summary.trim() : '';
    if (!summary) {
      errors.push({ field: 'summary', message: 'The summary field is required.', code: 'NullValue' });
    } else if (summary.length > 100) {
      errors.push(maxLength('summary', 100));
    }
    const company = body.company === undefined ? undefined : findCompanyByRef(body.company);
    if (body.company === undefined) {
      errors.push({ field: 'company', message: 'The company field is required.', code: 'NullValue' });
    } else if (!company) {
      errors.push({ field: 'company', message: 'Company not found.' });
    }
    const boardId = refId(body.board) ?? 1;
    const board = store.boards.find((b) => b.id === boardId);
    if (!board || board.inactiveFlag) {
      errors.push({ field: 'board', message: `Board ${boardId} was not found.` });
    }
    const priorityId = refId(body.priority) ?? (PRIORITIES.find((p) => p.defaultFlag)?.id as number);
    const priority = PRIORITIES.find((p) => p.id === priorityId);
    if (!priority) {
      errors.push({ field: 'priority', message: `Priority ${priorityId} was not found.` });
    }
    const sourceId = refId(body.source);
    const source = sourceId === undefined ? null : SOURCES.find((s) => s.id === sourceId);
    if (sourceId !== undefined && !source) {
      errors.push({ field: 'source', message: `Source ${sourceId} was not found.` });
    }
    if (typeof body.externalXRef === 'string' && body.externalXRef.length > 100) {
      errors.push(maxLength('externalXRef', 100));
    }
    if (errors.length) {
      throw invalidObject('ticket', errors);
    }
    const at = store.nowIso();
    const ticket: CwRecord = {
      id: store.nextTicketId(),
      summary,
      recordType: 'ServiceTicket',
      board: { id: board?.id, name: board?.name },
      status: null,
      company: store.companyRef(company as CwRecord),
      priority: { id: priority?.id, name: priority?.name, sort: priority?.sortOrder },
      source: source ? { id: source.id, name: source.name } : null,
      externalXRef: typeof body.externalXRef === 'string' ? body.externalXRef : null,
      closedFlag: false,
      closedDate: null,
      closedBy: null,
      actualHours: 0,
      _info: store.info(at),
    };
    const defaultStatus = store.statuses.find((s) => s.board.id === board?.id && s.defaultFlag);
    applyStatus(ticket, refId(body.status) ?? (defaultStatus?.id as number));
    store.tickets.set(ticket.id, ticket);
    if (typeof body.initialDescription === 'string' && body.initialDescription) {
      store.addNote(ticket.id, { text: body.initialDescription, detailDescriptionFlag: true });
    }
    if (typeof body.initialInternalAnalysis === 'string' && body.initialInternalAnalysis) {
      store.addNote(ticket.id, { text: body.initialInternalAnalysis, internalAnalysisFlag: true });
    }
    return { status: 201, body: ticket } satisfies SandboxResponse;
  };

  /** JSON Patch on a ticket: replace / add / remove on top-level fields, `status` with `{id}`. */
  const patchTicket = (req: SandboxRequest, ticket: CwRecord) => {
    if (!Array.isArray(req.body)) {
      throw badRequest('The request body must be a JSON Patch array of operations.');
    }
    const draft: CwRecord = structuredClone(ticket);
    let statusChange: number | null = null;
    let boardChange = false;
    for (const operation of req.body as Record<string, unknown>[]) {
      const op = String(operation?.op ?? '').toLowerCase();
      const path = String(operation?.path ?? '')
        .replace(/^\//, '')
        .toLowerCase();
      if (!['replace', 'add', 'remove'].includes(op)) {
        throw badRequest(`Unsupported patch operation '${operation?.op}'.`);
      }
      const value = op === 'remove' ? null : operation.value;
      if (path === 'board' || path === 'board/id') {
        // Any writable field can be replaced (psa-field-notes.md: DJCW patches board); the status
        // is then checked against the new board, so a move carries a status of that board.
        const id = path === 'board' ? refId(value) : Number(value);
        const board = store.boards.find((b) => b.id === id);
        if (!board) {
          throw invalidObject('ticket', [{ field: 'board/id', code: 'NotFound', message: `Service Board ${id} not found` }]);
        }
        draft.board = { id: board.id, name: board.name };
        boardChange = true;
      } else if (path === 'status' || path === 'status/id') {
        statusChange = path === 'status' ? (refId(value) ?? Number.NaN) : Number(value);
      } else if (path === 'summary') {
        if (typeof value !== 'string' || !value.trim()) {
          throw invalidObject('ticket', [{ field: 'summary', code: 'NullValue', message: 'The summary field is required.' }]);
        }
        if (value.length > 100) {
          throw invalidObject('ticket', [maxLength('summary', 100)]);
        }
        draft.summary = value;
      } else if (path === 'externalxref') {
        draft.externalXRef = value === null ? null : String(value);
      } else if (path === 'priority' || path === 'priority/id') {
        const id = path === 'priority' ? refId(value) : Number(value);
        const priority = PRIORITIES.find((p) => p.id === id);
        if (!priority) {
          throw invalidObject('ticket', [{ field: 'priority', message: `Priority ${id} was not found.` }]);
        }
        draft.priority = { id: priority.id, name: priority.name, sort: priority.sortOrder };
      } else if (path === 'company' || path === 'company/id') {
        const company = findCompanyByRef(path === 'company' ? value : { id: value });
        if (!company) {
          throw invalidObject('ticket', [{ field: 'company/id', code: 'NotFound', message: `Company ${refId(value) ?? value} not found` }]);
        }
        draft.company = store.companyRef(company);
      } else if (path === 'closedflag') {
        draft.closedFlag = value === true;
        draft.closedDate = value === true ? store.nowIso() : null;
        draft.closedBy = value === true ? API_MEMBER.identifier : null;
      } else if (REFERENCE_FIELDS.has(path.split('/')[0] as string)) {
        // Any writable field can be replaced (psa-field-notes.md: DJCW's API_FIELD_NAMES): a reference by id.
        const field = path.split('/')[0] as string;
        const key = Object.keys(draft).find((k) => k.toLowerCase() === field) ?? REFERENCE_FIELDS.get(field) ?? field;
        draft[key] = value === null ? null : { id: path.includes('/') ? Number(value) : refId(value) };
      } else if (SCALAR_FIELDS.has(path)) {
        draft[SCALAR_FIELDS.get(path) as string] = value;
      } else {
        throw badRequest(`Cannot patch field '${operation.path}' on ticket.`);
      }
    }
    if (store.behaviour.ignoreStatusChanges) {
      // Workflow rules that swallow a status change swallow the move with it.
      draft.board = ticket.board;
    } else if (statusChange !== null) {
      applyStatus(draft, statusChange);
    } else if (boardChange) {
      // The ticket keeps its status, which must exist on the new board.
      applyStatus(draft, refId(draft.status) ?? Number.NaN);
    }
    draft._info = { ...(draft._info as Record<string, string>), lastUpdated: store.nowIso(), updatedBy: API_MEMBER.identifier };
    Object.assign(ticket, draft);
    return ok(ticket);
  };

  const createNote = (req: SandboxRequest, ticketId: number) => {
    const body = bodyObject(req, 'serviceNote');
    const errors: { field: string; message: string; code?: string }[] = [];
    if (typeof body.text !== 'string' || !body.text.trim()) {
      errors.push({ field: 'text', message: 'The text field is required.', code: 'NullValue' });
    }
    if (body.detailDescriptionFlag !== true && body.internalAnalysisFlag !== true && body.resolutionFlag !== true) {
      // The live answer (LTC issue #12): no flag says where the note shows.
      errors.push({ field: 'detailDescriptionFlag', message: 'Please choose where to display the notes in order to save this record.' });
    }
    if (errors.length) {
      throw invalidObject('serviceNote', errors);
    }
    const note = store.addNote(ticketId, body);
    const ticket = store.tickets.get(ticketId) as CwRecord;
    ticket._info = { ...(ticket._info as Record<string, string>), lastUpdated: store.nowIso() };
    return { status: 201, body: note } satisfies SandboxResponse;
  };

  /**
   * Time entries as Manage stores them (psa-field-notes.md: DJCW post_time_entry, PSMOD
   * New-CWMTimeEntry): for the member and times sent (timeStart required, timeEnd optional), charged
   * to a ticket, or — without chargeToId — to the company given ("we assume you enter time against
   * the company specified", CWREST).
   */
  const createTimeEntry = (req: SandboxRequest) => {
    const body = bodyObject(req, 'timeEntry');
    const errors: { field: string; message: string; code?: string }[] = [];
    const toTicket = body.chargeToId !== undefined && body.chargeToId !== null;
    const ticket = toTicket ? store.tickets.get(Number(body.chargeToId)) : undefined;
    if (toTicket && (String(body.chargeToType ?? 'ServiceTicket') !== 'ServiceTicket' || !ticket)) {
      errors.push({ field: 'chargeToId', code: 'NotFound', message: `Service Ticket ${body.chargeToId} not found` });
    }
    const company = toTicket ? undefined : body.company === undefined ? undefined : findCompanyByRef(body.company);
    if (!toTicket && !company) {
      errors.push({
        field: 'company',
        code: body.company === undefined ? 'NullValue' : 'NotFound',
        message: 'The company field is required.',
      });
    }
    const start = typeof body.timeStart === 'string' ? Date.parse(body.timeStart) : Number.NaN;
    if (Number.isNaN(start)) {
      errors.push({ field: 'timeStart', message: 'The timeStart field is required.', code: 'NullValue' });
    }
    const end = typeof body.timeEnd === 'string' ? Date.parse(body.timeEnd) : null;
    if (end !== null && (Number.isNaN(end) || end < start)) {
      errors.push({ field: 'timeEnd', message: 'The timeEnd must be after timeStart.' });
    }
    const memberRef = body.member as { id?: unknown; identifier?: unknown } | undefined;
    const member = memberRef
      ? store.members.find(
          (m) => m.id === Number(memberRef.id) || (memberRef.identifier !== undefined && m.identifier === memberRef.identifier),
        )
      : API_MEMBER;
    if (!member) {
      errors.push({ field: 'member', code: 'NotFound', message: 'Member not found' });
    }
    if (errors.length || !member) {
      throw invalidObject('timeEntry', errors);
    }
    const hours =
      typeof body.actualHours === 'number' ? body.actualHours : end !== null ? Math.round(((end - start) / 3_600_000) * 100) / 100 : 0;
    const entry = store.insertTimeEntry({
      company: ticket ? ticket.company : store.companyRef(company as CwRecord),
      chargeToId: ticket ? ticket.id : null,
      chargeToType: ticket ? 'ServiceTicket' : null,
      member: { id: member.id, identifier: member.identifier, name: member.name },
      timeStart: new Date(start).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      timeEnd: end === null ? null : new Date(end).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      actualHours: hours,
      billableOption: typeof body.billableOption === 'string' ? body.billableOption : 'Billable',
      notes: typeof body.notes === 'string' ? body.notes : '',
    });
    if (ticket) {
      ticket.actualHours = Number(ticket.actualHours ?? 0) + hours;
    }
    return { status: 201, body: entry } satisfies SandboxResponse;
  };

  const ticketRoutes = (req: SandboxRequest, rest: string[]): SandboxResponse => {
    const [idPart, child, childId] = rest;
    const tickets = [...store.tickets.values()];
    if (idPart === undefined) {
      if (req.method === 'GET') {
        return list(req, tickets, { resource: 'ticket' });
      }
      if (req.method === 'POST') {
        return createTicket(req);
      }
      throw methodNotAllowed(req.method);
    }
    if (idPart === 'count') {
      return count(req, tickets, 'ticket');
    }
    const id = Number(idPart);
    const ticket = store.tickets.get(id);
    if (!ticket) {
      throw notFound('Ticket', idPart);
    }
    if (child === undefined) {
      switch (req.method) {
        case 'GET':
          return ok(project(req, ticket));
        case 'PATCH':
          return patchTicket(req, ticket);
        case 'DELETE':
          store.tickets.delete(id);
          return { status: 204 };
        default:
          throw methodNotAllowed(req.method);
      }
    }
    if (child === 'notes') {
      const ticketNotes = [...store.notes.values()].filter((n) => n.ticketId === id);
      if (childId === undefined) {
        if (req.method === 'GET') {
          return list(req, ticketNotes, { resource: 'serviceNote' });
        }
        if (req.method === 'POST') {
          return createNote(req, id);
        }
        throw methodNotAllowed(req.method);
      }
      if (childId === 'count') {
        return count(req, ticketNotes, 'serviceNote');
      }
      const note = ticketNotes.find((n) => n.id === Number(childId));
      if (!note) {
        throw notFound('Note', childId);
      }
      if (req.method === 'GET') {
        return ok(note);
      }
      throw methodNotAllowed(req.method);
    }
    if (child === 'allnotes' && req.method === 'GET') {
      // Current versions list every note of the ticket with the time entries' notes
      // (psa-field-notes.md: WYRE-AI connectwise-manage-mcp PR #5, PSMOD Get-CWMTicketAllNote).
      const all = [
        ...[...store.notes.values()]
          .filter((n) => n.ticketId === id)
          .map((n) => ({
            id: n.id,
            ticketId: id,
            text: n.text,
            noteType: 'TicketNote',
            isInternalNote: n.internalAnalysisFlag === true,
            internalFlag: n.internalAnalysisFlag === true,
            externalFlag: n.detailDescriptionFlag === true,
            dateCreated: n.dateCreated,
            createdBy: (n.member as { identifier?: string } | undefined)?.identifier ?? null,
            member: n.member,
            _info: n._info,
          })),
        ...[...store.timeEntries.values()]
          .filter((t) => t.chargeToId === id && t.chargeToType === 'ServiceTicket' && t.notes)
          .map((t) => ({
            id: t.id,
            ticketId: id,
            timeEntryId: t.id,
            text: t.notes,
            noteType: 'TimeEntryNote',
            isInternalNote: false,
            internalFlag: false,
            externalFlag: true,
            dateCreated: t.timeStart,
            createdBy: (t.member as { identifier?: string }).identifier ?? null,
            member: t.member,
            _info: t._info,
          })),
      ];
      return list(req, all as CwRecord[], { resource: 'ticketNote' });
    }
    if (child === 'timeentries' && req.method === 'GET') {
      return list(
        req,
        [...store.timeEntries.values()].filter((t) => t.chargeToId === id && t.chargeToType === 'ServiceTicket'),
        { resource: 'timeEntry' },
      );
    }
    throw notFound('Resource', req.path);
  };

  const simpleCollection = (req: SandboxRequest, rest: string[], records: CwRecord[], resource: string, what: string) => {
    const [idPart] = rest;
    if (req.method !== 'GET') {
      throw methodNotAllowed(req.method);
    }
    if (idPart === undefined) {
      return list(req, records, { resource });
    }
    if (idPart === 'count') {
      return count(req, records, resource);
    }
    const record = records.find((r) => r.id === Number(idPart));
    if (!record) {
      throw notFound(what, idPart);
    }
    return ok(project(req, record));
  };

  const route = (req: SandboxRequest, segments: string[]): SandboxResponse => {
    const [area, collection, ...rest] = segments;
    const key = `${area}/${collection}`;
    switch (key) {
      case 'system/info':
        return ok({
          version: 'v2025.1.10431',
          isCloud: false,
          serverTimeZone: 'Eastern Standard Time',
          licenseBits: [],
          cloudRegion: null,
        });
      case 'company/companies':
        return simpleCollection(req, rest, [...store.companies.values()], 'company', 'Company');
      case 'service/tickets':
        return ticketRoutes(req, rest);
      case 'service/boards': {
        const [boardId, child, ...more] = rest;
        if (child === 'statuses') {
          const board = store.boards.find((b) => b.id === Number(boardId));
          if (!board) {
            throw notFound('Board', boardId ?? '');
          }
          const statuses = store.statuses.filter((s) => s.board.id === board.id) as unknown as CwRecord[];
          return simpleCollection(req, more, statuses, 'boardStatus', 'Status');
        }
        return simpleCollection(req, rest, store.boards as unknown as CwRecord[], 'board', 'Board');
      }
      case 'service/priorities':
        return simpleCollection(req, rest, PRIORITIES as unknown as CwRecord[], 'priority', 'Priority');
      case 'service/sources':
        return simpleCollection(req, rest, SOURCES as unknown as CwRecord[], 'source', 'Source');
      case 'time/entries': {
        const entries = [...store.timeEntries.values()];
        if (rest.length === 0 && req.method === 'POST') {
          return createTimeEntry(req);
        }
        if (rest.length === 1 && req.method === 'DELETE') {
          const entry = store.timeEntries.get(Number(rest[0]));
          if (!entry) {
            throw notFound('TimeEntry', rest[0] ?? '');
          }
          store.timeEntries.delete(entry.id);
          return { status: 204 };
        }
        return simpleCollection(req, rest, entries, 'timeEntry', 'TimeEntry');
      }
      default:
        throw new ConnectWiseFault(404, { code: 'NotFound', message: `No resource matches ${req.method} ${req.path}.` });
    }
  };

  // Every API response names the server's API version (psa-field-notes.md: PSMOD reads
  // $Result.Headers."api-current-version"); the behaviour can make the server an older one.
  const withVersion = (response: SandboxResponse): SandboxResponse => ({
    ...response,
    headers: { ...response.headers, 'api-current-version': store.behaviour.apiVersion },
  });

  return {
    handle(req: SandboxRequest): SandboxResponse {
      const segments = req.path.toLowerCase().split('/').filter(Boolean);
      const host = hostRole(header(req, 'host') ?? '');
      try {
        if (segments[0] === 'login' && segments[1] === 'companyinfo') {
          // DJCW: "CW returns None if company ID is unknown" — 200 with a JSON null.
          return segments[2] === CREDS.companyId
            ? ok({
                CompanyName: 'Flightdeck Sandbox MSP',
                Codebase: 'v4_6_release/',
                VersionCode: 'v2025.1',
                VersionNumber: 'v4.6.10431',
                CompanyID: CREDS.companyId,
                IsCloud: host.cloud,
                SiteUrl: host.cloud ? host.site : origin().replace(/^https?:\/\//, ''),
              })
            : ok(null);
        }
        if (segments.at(-1) === 'fv_sr100_request.rails') {
          // The cloud's ticket pages are on the site host; the api- host serves no UI.
          return host.role === 'api' ? pageNotFound() : ticketPage(store, Number(req.url.searchParams.get('service_recid')));
        }
        if (host.role === 'site' && segments[1] === 'apis') {
          // The cloud's UI host is not the API: a client that calls it gets the site's HTML 404.
          return pageNotFound();
        }
        if (segments[1] !== 'apis' || segments[2] !== '3.0') {
          throw new ConnectWiseFault(404, { code: 'NotFound', message: `No resource matches ${req.method} ${req.path}.` });
        }
        if (store.behaviour.cloudflareThrottle > 0) {
          store.behaviour.cloudflareThrottle -= 1;
          return cloudflareRateLimited();
        }
        authenticate(req);
        const right = rightOf(req.method, segments.slice(3));
        if (right && store.behaviour.deniedRights.includes(right)) {
          throw new ConnectWiseFault(403, { code: 'Security', message: 'You do not have security permission to perform this action.' });
        }
        if (req.malformedJson) {
          throw badRequest('The request body is not valid JSON.');
        }
        return withVersion(route(req, segments.slice(3)));
      } catch (error) {
        if (error instanceof ConnectWiseFault) {
          return withVersion({ status: error.status, body: error.body });
        }
        throw error;
      }
    },
  };
};

/**
 * Which of ConnectWise cloud's two hosts a request came to (psa-field-notes.md): `api-<region>.`
 * serves the API, `<region>.` the web UI. The sandbox plays them as *.myconnectwise.localhost;
 * any other host (127.0.0.1, an on-premises name) serves both, as on-premises Manage does.
 */
const hostRole = (hostHeader: string): { role: 'api' | 'site' | 'both'; cloud: boolean; site: string } => {
  const cloud = /^(api-)?([a-z0-9-]+)\.myconnectwise\.localhost(:\d+)?$/i.exec(hostHeader);
  if (!cloud) {
    return { role: 'both', cloud: false, site: hostHeader };
  }
  return { role: cloud[1] ? 'api' : 'site', cloud: true, site: `${cloud[2]}.myconnectwise.localhost${cloud[3] ?? ''}` };
};

/** The right a call needs, in the sandbox's coarse terms (Manage's security modules, e.g. Service Desk › Service Tickets). */
const rightOf = (method: string, path: string[]): ConnectWiseRight | null => {
  const [area, collection, id, child] = path;
  const write = method !== 'GET';
  if (area === 'company') {
    return 'company.read';
  }
  if (area === 'time' && collection === 'entries') {
    return write ? 'timeentry.create' : 'timeentry.read';
  }
  if (area === 'service' && collection === 'tickets') {
    if (child === 'notes' || child === 'allnotes') {
      return write ? 'note.create' : 'note.read';
    }
    if (child === 'timeentries') {
      return 'timeentry.read';
    }
    return method === 'POST' && id === undefined ? 'ticket.create' : write ? 'ticket.update' : 'ticket.read';
  }
  return null;
};

/** Cloudflare's rate-limit page in front of ConnectWise cloud (error 1015). */
const cloudflareRateLimited = (): SandboxResponse => ({
  status: 429,
  body: '<!DOCTYPE html><html><head><title>Access denied | api-na.myconnectwise.net used Cloudflare to restrict access</title></head><body><h1>Error 1015</h1><h2>You are being rate limited</h2><p>The owner of this website has banned you temporarily from accessing this website.</p></body></html>',
  headers: { 'content-type': 'text/html; charset=UTF-8', server: 'cloudflare', 'cf-ray': '8f00000000000000-AMS' },
});

const pageNotFound = (): SandboxResponse => ({
  status: 404,
  body: '<!DOCTYPE html><html><head><title>404 - Page not found</title></head><body><h1>The page cannot be found</h1></body></html>',
  headers: { 'content-type': 'text/html; charset=utf-8' },
});

/** The Manage ticket link. */
const ticketPage = (store: ConnectWiseStore, ticketId: number): SandboxResponse => {
  const ticket = store.tickets.get(ticketId);
  if (!ticket) {
    return ticketNotFoundPage('ConnectWise');
  }
  const notes = [...store.notes.values()].filter((n) => n.ticketId === ticket.id);
  const kind = (n: CwRecord) => (n.resolutionFlag ? 'Resolution' : n.internalAnalysisFlag ? 'Internal analysis' : 'Discussion');
  return htmlPage(
    `#${ticket.id}`,
    `<h1>#${ticket.id} · ${escapeHtml(ticket.summary)}</h1>
<p>ConnectWise sandbox · ${escapeHtml((ticket.company as { name?: string })?.name)} · ${escapeHtml((ticket.status as { name?: string })?.name)}</p>
${notes.map((n) => `<h3>${kind(n)} · ${escapeHtml(n.dateCreated)}</h3><pre>${escapeHtml(n.text)}</pre>`).join('')}`,
  );
};
