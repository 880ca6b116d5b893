// Starts the Autotask simulator: the REST API plus its `/_sandbox` control routes.
import { z } from 'zod';
import { type ControlRoute, type SandboxResponse, startSandboxServer } from '#sandbox/http/sandbox-server';
import { createAutotaskApi } from './autotask-api';
import { ROLES } from './entities';
import { type AutotaskBehaviour, createAutotaskStore } from './store';

const Rename = z.object({ name: z.string().min(1).max(100) }).strict();
const BulkCompanies = z.object({ count: z.number().int().min(1).max(20_000), namePrefix: z.string().min(1).max(60) }).strict();
const TimeEntry = z.object({ hours: z.number().positive().max(24), note: z.string().max(1000).optional() }).strict();
const Behaviour = z
  .object({
    requireNoteTitles: z.boolean(),
    notFoundAs404: z.boolean(),
    caseSensitiveStrings: z.boolean(),
    requestThreshold: z.number().int().min(1),
    threadLimit: z.number().int().min(0),
    latencyMs: z.number().int().min(0).max(60_000),
  })
  .partial()
  .strict();

const json = (status: number, body?: unknown): SandboxResponse => ({ status, body });
const invalid = (error: z.ZodError) => json(400, { error: 'invalid body', issues: error.issues });

export type AutotaskSandboxOptions = { port?: number; host?: string; clock?: () => Date };

export const startAutotaskSandbox = async (options: AutotaskSandboxOptions = {}) => {
  const store = createAutotaskStore(options.clock);
  let origin = '';
  const api = createAutotaskApi(store, () => origin);

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
      Object.assign(store.behaviour, parsed.data as Partial<AutotaskBehaviour>);
      return json(200, store.behaviour);
    }
    if (resource === 'companies' && idPart === 'bulk' && req.method === 'POST') {
      const parsed = BulkCompanies.safeParse(req.body);
      if (!parsed.success) {
        return invalid(parsed.error);
      }
      const ids = Array.from({ length: parsed.data.count }, (_, index) => {
        const name = `${parsed.data.namePrefix} ${String(index + 1).padStart(5, '0')}`;
        return store.insert('Companies', {
          companyName: name,
          companyType: 1,
          isActive: true,
          phone: '555-0100',
          createDate: store.nowIso(),
        }).id;
      });
      return json(201, { ids });
    }
    if (resource === 'companies' && Number.isInteger(id)) {
      const company = store.find('Companies', id);
      if (!company) {
        return json(404, { error: `no company ${id}` });
      }
      if (action === 'rename' && req.method === 'POST') {
        const parsed = Rename.safeParse(req.body);
        if (!parsed.success) {
          return invalid(parsed.error);
        }
        company.companyName = parsed.data.name;
        company.lastTrackedModifiedDateTime = store.nowIso();
        return json(200, company);
      }
      if (action === undefined && req.method === 'DELETE') {
        store.remove('Companies', id);
        return json(204);
      }
    }
    if (resource === 'tickets' && idPart === undefined && req.method === 'GET') {
      const tickets = store.all('Tickets').map((ticket) => ({
        ...ticket,
        notes: store.all('TicketNotes').filter((n) => n.ticketID === ticket.id),
        timeEntries: store.all('TimeEntries').filter((t) => t.ticketID === ticket.id),
      }));
      return json(200, { tickets });
    }
    if (resource === 'tickets' && Number.isInteger(id)) {
      const ticket = store.find('Tickets', id);
      if (!ticket) {
        return json(404, { error: `no ticket ${id}` });
      }
      if (action === undefined && req.method === 'DELETE') {
        store.remove('Tickets', id);
        return json(204);
      }
      if (action === 'time-entries' && req.method === 'POST') {
        const parsed = TimeEntry.safeParse(req.body ?? {});
        if (!parsed.success) {
          return invalid(parsed.error);
        }
        const technician = store.resources().find((r) => r.userName === 'srivera');
        const entry = store.insert('TimeEntries', {
          ticketID: id,
          resourceID: technician?.id ?? null,
          roleID: ROLES[0].id,
          dateWorked: `${store.nowIso().slice(0, 10)}T00:00:00.000Z`,
          hoursWorked: parsed.data.hours,
          hoursToBill: parsed.data.hours,
          summaryNotes: parsed.data.note ?? 'Work logged in the sandbox.',
          createDateTime: store.nowIso(),
        });
        return json(201, entry);
      }
    }
    return undefined;
  };

  const server = await startSandboxServer({
    name: 'autotask',
    port: options.port,
    host: options.host,
    handle: (req) => api.handle(req),
    control,
    reset: () => {
      store.seed();
      api.resetCounters();
    },
    faultShape: {
      rateLimited: () => ({ errors: ['Request threshold exceeded. Try again later.'] }),
      serverError: (status, detail) => ({ errors: [detail ?? `The service is temporarily unavailable (HTTP ${status}).`] }),
    },
  });
  origin = server.origin;
  return {
    ...server,
    store,
    /** What to give a client as its zone-discovery base (`…/ATServicesRest/`). */
    apiUrl: `${server.origin}/ATServicesRest/`,
  };
};

export type AutotaskSandbox = Awaited<ReturnType<typeof startAutotaskSandbox>>;
