// The Autotask REST API v1.0 as the simulator serves it (see ../shared/reference/autotask-api.md,
// "Simulator fidelity checklist"): case-insensitive paths under /ATServicesRest, zone discovery
// without auth, header auth, entity CRUD with Autotask's response shapes, queries with id-cursor
// paging, metadata, thresholds and the thread limit.
import { escapeHtml, htmlPage, ticketNotFoundPage } from '#sandbox/http/html-page';
import type { SandboxRequest, SandboxResponse } from '#sandbox/http/sandbox-server';
import { ENTITIES, type EntityDefinition, entityByPath } from './entities';
import {
  AutotaskFault,
  autotaskError,
  filterRecords,
  type PagingCursor,
  pageOf,
  parsePaging,
  parseQueryBody,
  projectFields,
} from './query';
import { AUTOTASK_SANDBOX_CREDENTIALS, type AutotaskStore } from './store';
import { createEntity, entityInfo, updateEntity } from './writes';

const ok = (body: unknown): SandboxResponse => ({ status: 200, body });
const methodNotAllowed = (method: string): SandboxResponse => ({
  status: 405,
  body: { Message: `The requested resource does not support http method '${method}'.` },
});
const noResource = (path: string, origin: string): SandboxResponse => ({
  status: 404,
  body: { Message: `No HTTP resource was found that matches the request URI '${origin}${path}'.` },
});

const header = (req: SandboxRequest, name: string) => {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};

const WINDOW_MS = 60 * 60 * 1000;

export const createAutotaskApi = (store: AutotaskStore, origin: () => string) => {
  const requestTimes: number[] = [];
  const inFlight = new Map<string, number>();
  const apiBase = () => `${origin()}/ATServicesRest/`;

  const countRequest = () => {
    const now = store.now().getTime();
    while (requestTimes.length && (requestTimes[0] as number) <= now - WINDOW_MS) {
      requestTimes.shift();
    }
    if (requestTimes.length >= store.behaviour.requestThreshold) {
      const retryAfter = Math.max(1, Math.ceil(((requestTimes[0] as number) + WINDOW_MS - now) / 1000));
      throw new AutotaskFault(429, { errors: ['Request threshold exceeded. Try again later.'] }).withRetryAfter(retryAfter);
    }
    requestTimes.push(now);
  };

  /** An empty-body 401 for a bad username or secret, as Autotask answers. */
  const authenticate = (req: SandboxRequest) => {
    const user = header(req, 'UserName');
    const secret = header(req, 'Secret');
    const code = header(req, 'ApiIntegrationCode');
    if (!user || !secret) {
      throw new AutotaskFault(401, undefined);
    }
    if (user.toLowerCase() !== AUTOTASK_SANDBOX_CREDENTIALS.username) {
      // The username picks the zone, so an unknown one fails before the secret is looked at.
      throw autotaskError(500, 'Zone information could not be determined');
    }
    if (secret !== AUTOTASK_SANDBOX_CREDENTIALS.secret) {
      throw new AutotaskFault(401, undefined);
    }
    if (code !== AUTOTASK_SANDBOX_CREDENTIALS.integrationCode) {
      throw autotaskError(500, 'IntegrationCode is invalid.');
    }
    const impersonation = header(req, 'ImpersonationResourceId');
    if (impersonation === undefined || impersonation === '') {
      return { code, impersonationResourceId: null };
    }
    const resourceId = Number(impersonation);
    if (!Number.isInteger(resourceId) || !store.find('Resources', resourceId)) {
      throw autotaskError(500, `Impersonation resource ${impersonation} was not found or cannot be impersonated.`);
    }
    return { code, impersonationResourceId: resourceId };
  };

  const queryUrl = (entity: EntityDefinition, direction: 'next' | 'previous', cursor: PagingCursor | null, search: string | null) =>
    cursor
      ? `${apiBase()}V1.0/${entity.name}/query/${direction}?paging=${encodeURIComponent(JSON.stringify(cursor))}` +
        (search ? `&search=${encodeURIComponent(search)}` : '')
      : null;

  const runQuery = (entity: EntityDefinition, body: unknown, search: string | null, cursor: PagingCursor | null): SandboxResponse => {
    const query = parseQueryBody(entity, body);
    const matching = filterRecords(entity, store.all(entity.name), query.filter, store.behaviour);
    const pageSize = cursor?.pageSize ?? query.maxRecords;
    const page = pageOf(matching, pageSize, cursor?.nextIds[0] ?? -1, cursor?.previousIds ?? []);
    return ok({
      items: page.items.map((record) => projectFields(record as never, query.includeFields)),
      pageDetails: {
        count: page.items.length,
        requestCount: pageSize,
        prevPageUrl: queryUrl(entity, 'previous', page.prevCursor, search),
        nextPageUrl: queryUrl(entity, 'next', page.nextCursor, search),
      },
    });
  };

  const searchBody = (req: SandboxRequest) => {
    const search = req.url.searchParams.get('search');
    if (search === null) {
      return { search: null, body: undefined };
    }
    try {
      return { search, body: JSON.parse(search) as unknown };
    } catch {
      throw autotaskError(500, 'The search parameter is not valid JSON.');
    }
  };

  const queryRoutes = (req: SandboxRequest, entity: EntityDefinition, rest: string[]): SandboxResponse => {
    const [, action] = rest;
    const fromGet = searchBody(req);
    if (action === 'count') {
      const body = req.method === 'GET' ? fromGet.body : req.body;
      const query = parseQueryBody(entity, body);
      return ok({ queryCount: filterRecords(entity, store.all(entity.name), query.filter, store.behaviour).length });
    }
    if (action === 'next' || action === 'previous') {
      const cursor = parsePaging(req.url.searchParams.get('paging'));
      if (req.method === 'GET') {
        // After a GET ?search= query the cursor URL carries the filter; after a POST it does not.
        return fromGet.search === null ? methodNotAllowed('GET') : runQuery(entity, fromGet.body, fromGet.search, cursor);
      }
      return runQuery(entity, req.body, null, cursor);
    }
    if (action !== undefined) {
      return noResource(req.path, origin());
    }
    if (req.method === 'GET') {
      return runQuery(entity, fromGet.body, fromGet.search, null);
    }
    return runQuery(entity, req.body, null, null);
  };

  const getById = (entity: EntityDefinition, id: number, extraMatch?: (record: Record<string, unknown>) => boolean) => {
    const record = Number.isInteger(id) ? store.find(entity.name, id) : undefined;
    if (!record || (extraMatch && !extraMatch(record))) {
      return store.behaviour.notFoundAs404 ? { status: 404, body: { item: null } } : ok({ item: null });
    }
    return ok({ item: record });
  };

  const ticketNotesRoutes = (req: SandboxRequest, ticketId: number, rest: string[], auth: { impersonationResourceId: number | null }) => {
    const notes = ENTITIES.TicketNotes;
    const [noteId] = rest;
    if (noteId !== undefined) {
      return req.method === 'GET' ? getById(notes, Number(noteId), (r) => r.ticketID === ticketId) : methodNotAllowed(req.method);
    }
    const ticketExists = store.find('Tickets', ticketId) !== undefined;
    switch (req.method) {
      case 'GET': {
        const items = store.all('TicketNotes').filter((n) => n.ticketID === ticketId);
        return ok({ items, pageDetails: { count: items.length, requestCount: 500, prevPageUrl: null, nextPageUrl: null } });
      }
      case 'POST':
        if (!ticketExists) {
          throw autotaskError(500, `Unable to find the parent Tickets entity with id ${ticketId}.`);
        }
        if (store.behaviour.inactiveNoteTypes.includes(Number((req.body as { noteType?: unknown } | null)?.noteType))) {
          // A deactivated picklist value answers like a missing one.
          throw autotaskError(500, 'Value does not reference an existing entity for noteType . ');
        }
        return ok({ itemId: createEntity(store, notes, req.body, auth, ticketId).id });
      case 'PATCH':
      case 'PUT':
        return ok({ itemId: updateEntity(store, notes, req.body, { ...auth, replace: req.method === 'PUT' }, ticketId).id });
      default:
        return methodNotAllowed(req.method);
    }
  };

  const entityRoutes = (
    req: SandboxRequest,
    entity: EntityDefinition,
    rest: string[],
    auth: { impersonationResourceId: number | null },
  ) => {
    const [first, second] = rest;
    if (first === undefined) {
      switch (req.method) {
        case 'POST':
          if (entity.parent) {
            // Children are created under their parent only (POST /TicketNotes answers 404 live).
            return noResource(req.path, origin());
          }
          return ok({ itemId: createEntity(store, entity, req.body, auth).id });
        case 'PATCH':
        case 'PUT':
          if (entity.parent) {
            return noResource(req.path, origin());
          }
          if (req.method === 'PATCH' && entity.name === 'Tickets' && store.behaviour.ticketPatch === 'refused') {
            return methodNotAllowed('PATCH');
          }
          return ok({ itemId: updateEntity(store, entity, req.body, { ...auth, replace: req.method === 'PUT' }).id });
        default:
          return methodNotAllowed(req.method);
      }
    }
    if (first === 'query') {
      return req.method === 'GET' || req.method === 'POST' ? queryRoutes(req, entity, rest) : methodNotAllowed(req.method);
    }
    if (first === 'entityinformation') {
      if (req.method !== 'GET') {
        return methodNotAllowed(req.method);
      }
      if (second === undefined) {
        return ok(entityInfo(entity));
      }
      if (second === 'fields') {
        const inactive = new Set(store.behaviour.inactiveNoteTypes.map(String));
        return ok({
          fields:
            entity.name === 'TicketNotes' && inactive.size
              ? entity.fields.map((f) =>
                  f.name === 'noteType'
                    ? { ...f, picklistValues: f.picklistValues?.map((p) => (inactive.has(p.value) ? { ...p, isActive: false } : p)) }
                    : f,
                )
              : entity.fields,
        });
      }
      if (second === 'userdefinedfields') {
        return ok({ fields: [] });
      }
      return noResource(req.path, origin());
    }
    const id = Number(first);
    if (!Number.isInteger(id)) {
      return noResource(req.path, origin());
    }
    if (entity.name === 'Tickets' && second === 'notes') {
      return ticketNotesRoutes(req, id, rest.slice(2), auth);
    }
    if (second !== undefined) {
      return noResource(req.path, origin());
    }
    if (req.method === 'GET') {
      return getById(entity, id);
    }
    if (req.method === 'DELETE' && entity.canDelete) {
      if (!store.remove(entity.name, id)) {
        throw autotaskError(500, `Unable to find the ${entity.name} entity with id ${id}.`);
      }
      return ok({ itemId: id });
    }
    return methodNotAllowed(req.method);
  };

  const zoneInformation = (req: SandboxRequest): SandboxResponse => {
    const user = req.url.searchParams.get('user');
    if (!user || user.toLowerCase() !== AUTOTASK_SANDBOX_CREDENTIALS.username) {
      return { status: 500, body: { errors: ['Zone information could not be determined'] } };
    }
    return ok({ zoneName: 'Flightdeck Sandbox', url: apiBase(), webUrl: `${origin()}/`, ci: 20264 });
  };

  const handleApi = async (req: SandboxRequest, segments: string[]): Promise<SandboxResponse> => {
    const auth = authenticate(req);
    const [resource, ...rest] = segments;
    if (resource === 'thresholdinformation') {
      countRequest();
      // Not exempt from the thread limit (only zone discovery is): psa-field-notes.md, n8n PR #107.
      return withThread(`${auth.code}:ThresholdInformation`, async () =>
        req.method === 'GET'
          ? ok({
              externalRequestThreshold: store.behaviour.requestThreshold,
              requestThresholdTimeframe: 60,
              currentTimeframeRequestCount: requestTimes.length,
            })
          : methodNotAllowed(req.method),
      );
    }
    const entity = resource ? entityByPath(resource) : undefined;
    if (!entity) {
      return noResource(req.path, origin());
    }
    countRequest();
    // Child paths count against the child object (Tickets/{id}/Notes is TicketNotes).
    const endpoint = entity.name === 'Tickets' && rest[1] === 'notes' ? 'TicketNotes' : entity.name;
    return withThread(`${auth.code}:${endpoint}`, () => entityRoutes(req, entity, rest, auth));
  };

  /** One request holding one of the (integration code × endpoint) threads while it runs. */
  async function withThread(key: string, work: () => SandboxResponse | Promise<SandboxResponse>): Promise<SandboxResponse> {
    const running = (inFlight.get(key) ?? 0) + 1;
    inFlight.set(key, running);
    try {
      if (store.behaviour.threadThresholdNext > 0) {
        store.behaviour.threadThresholdNext -= 1;
        throw threadThreshold();
      }
      if (store.behaviour.threadLimit > 0 && running > store.behaviour.threadLimit) {
        throw threadThreshold();
      }
      if (store.behaviour.latencyMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, store.behaviour.latencyMs));
      }
      return await work();
    } finally {
      inFlight.set(key, (inFlight.get(key) ?? 1) - 1);
    }
  }

  /** The refusal as production reports quote it (psa-field-notes.md), with the status the behaviour names. */
  function threadThreshold() {
    const fault = new AutotaskFault(store.behaviour.threadLimitStatus, {
      errors: [
        `Thread Threshold Exceeded — The Autotask API thread threshold of ${store.behaviour.threadLimit} threads has been exceeded.`,
      ],
    });
    return store.behaviour.threadLimitStatus === 429 ? fault.withRetryAfter(1) : fault;
  }

  return {
    async handle(req: SandboxRequest): Promise<SandboxResponse> {
      const segments = req.path.toLowerCase().split('/').filter(Boolean);
      const [root, version, ...rest] = segments;
      if (root === 'mvc' && version === 'servicedesk') {
        return ticketPage(store, Number(req.url.searchParams.get('ticketId') ?? req.url.searchParams.get('ticketid')));
      }
      if (root !== 'atservicesrest') {
        return noResource(req.path, origin());
      }
      try {
        if (version === 'versioninformation') {
          return ok({ apiVersions: ['V1.0'] });
        }
        if (version !== 'v1.0') {
          return noResource(req.path, origin());
        }
        if (rest[0] === 'zoneinformation') {
          return req.method === 'GET' ? zoneInformation(req) : methodNotAllowed(req.method);
        }
        if (req.malformedJson) {
          throw autotaskError(500, 'The request body could not be parsed as JSON.');
        }
        return await handleApi(req, rest);
      } catch (error) {
        if (error instanceof AutotaskFault) {
          return { status: error.status, body: error.body, headers: error.retryAfter ? { 'retry-after': String(error.retryAfter) } : {} };
        }
        throw error;
      }
    },
    resetCounters: () => {
      requestTimes.length = 0;
      inFlight.clear();
    },
  };
};

/** The Autotask ticket deep link. */
const ticketPage = (store: AutotaskStore, ticketId: number): SandboxResponse => {
  const ticket = Number.isInteger(ticketId) ? store.find('Tickets', ticketId) : undefined;
  if (!ticket) {
    return ticketNotFoundPage('Autotask');
  }
  const company = store.find('Companies', Number(ticket.companyID));
  const status = ENTITIES.Tickets.fields.find((f) => f.name === 'status')?.picklistValues?.find((p) => p.value === String(ticket.status));
  const notes = store.all('TicketNotes').filter((n) => n.ticketID === ticket.id);
  return htmlPage(
    String(ticket.ticketNumber),
    `<h1>${escapeHtml(ticket.ticketNumber)} · ${escapeHtml(ticket.title)}</h1>
<p>Autotask sandbox · ${escapeHtml(company?.companyName)} · status ${escapeHtml(status?.label ?? ticket.status)}</p>
<pre>${escapeHtml(ticket.description)}</pre>
<h2>Notes (${notes.length})</h2>${notes.map((n) => `<h3>${escapeHtml(n.title)} · publish ${escapeHtml(n.publish)}</h3><pre>${escapeHtml(n.description)}</pre>`).join('')}`,
  );
};
