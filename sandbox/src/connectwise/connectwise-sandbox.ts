// Starts the ConnectWise Manage simulator: the REST API plus its `/_sandbox` control routes.
import { z } from 'zod';
import { type ControlRoute, type SandboxResponse, startSandboxServer } from '#sandbox/http/sandbox-server';
import { createConnectWiseApi } from './connectwise-api';
import { createConnectWiseStore } from './store';

const Rename = z.object({ name: z.string().min(1).max(100) }).strict();
const BulkCompanies = z.object({ count: z.number().int().min(1).max(20_000), namePrefix: z.string().min(1).max(60) }).strict();
const TimeEntry = z.object({ hours: z.number().positive().max(24), note: z.string().max(1000).optional() }).strict();
const Behaviour = z.object({ ignoreStatusChanges: z.boolean() }).partial().strict();

const json = (status: number, body?: unknown): SandboxResponse => ({ status, body });
const invalid = (error: z.ZodError) => json(400, { error: 'invalid body', issues: error.issues });

export type ConnectWiseSandboxOptions = { port?: number; host?: string; clock?: () => Date };

export const startConnectWiseSandbox = async (options: ConnectWiseSandboxOptions = {}) => {
  const store = createConnectWiseStore(options.clock);
  let origin = '';
  const api = createConnectWiseApi(store, () => origin);

  const control: ControlRoute = (req, parts) => {
    const [resource, idPart, action] = parts;
    const id = Number(idPart);
    if (resource === 'behaviour') {
      if (req.method === 'GET') {
        return json(200, store.behaviour);
      }
      const parsed = Behaviour.safeParse(req.body);
      if (!parsed.success) {
        return invalid(parsed.error);
      }
      Object.assign(store.behaviour, parsed.data);
      return json(200, store.behaviour);
    }
    if (resource === 'companies' && idPart === 'bulk' && req.method === 'POST') {
      const parsed = BulkCompanies.safeParse(req.body);
      if (!parsed.success) {
        return invalid(parsed.error);
      }
      const ids = Array.from({ length: parsed.data.count }, (_, index) => {
        const suffix = String(index + 1).padStart(5, '0');
        return store.addCompany({ name: `${parsed.data.namePrefix} ${suffix}`, identifier: `BULK${suffix}` }).id;
      });
      return json(201, { ids });
    }
    if (resource === 'companies' && Number.isInteger(id)) {
      const company = store.companies.get(id);
      if (!company) {
        return json(404, { error: `no company ${id}` });
      }
      if (action === 'rename' && req.method === 'POST') {
        const parsed = Rename.safeParse(req.body);
        if (!parsed.success) {
          return invalid(parsed.error);
        }
        company.name = parsed.data.name;
        company._info = { ...(company._info as Record<string, string>), lastUpdated: store.nowIso() };
        return json(200, company);
      }
      if (action === undefined && req.method === 'DELETE') {
        store.companies.delete(id);
        return json(204);
      }
    }
    if (resource === 'tickets' && idPart === undefined && req.method === 'GET') {
      const tickets = [...store.tickets.values()].map((ticket) => ({
        ...ticket,
        notes: [...store.notes.values()].filter((n) => n.ticketId === ticket.id),
        timeEntries: [...store.timeEntries.values()].filter((t) => t.chargeToId === ticket.id),
      }));
      return json(200, { tickets });
    }
    if (resource === 'tickets' && Number.isInteger(id)) {
      const ticket = store.tickets.get(id);
      if (!ticket) {
        return json(404, { error: `no ticket ${id}` });
      }
      if (action === undefined && req.method === 'DELETE') {
        store.tickets.delete(id);
        return json(204);
      }
      if (action === 'time-entries' && req.method === 'POST') {
        const parsed = TimeEntry.safeParse(req.body ?? {});
        if (!parsed.success) {
          return invalid(parsed.error);
        }
        return json(201, store.addTimeEntry(ticket, parsed.data.hours, undefined, parsed.data.note));
      }
    }
    return undefined;
  };

  const server = await startSandboxServer({
    name: 'connectwise',
    port: options.port,
    host: options.host,
    handle: (req) => api.handle(req),
    control,
    reset: () => store.seed(),
    faultShape: {
      rateLimited: () => ({ code: 'TooManyRequests', message: 'Too many requests. Please retry later.' }),
      serverError: (status, detail) => ({
        code: 'UnexpectedServerError',
        message: detail ?? `An unexpected server error has occurred (HTTP ${status}).`,
      }),
    },
  });
  origin = server.origin;
  return {
    ...server,
    store,
    /** The Manage "site" to configure: the origin; the API lives under /v4_6_release/apis/3.0. */
    siteUrl: server.origin,
    apiUrl: `${server.origin}/v4_6_release/apis/3.0`,
  };
};

export type ConnectWiseSandbox = Awaited<ReturnType<typeof startConnectWiseSandbox>>;
