// Starts the Autotask simulator: the REST API plus its `/_sandbox` control routes.
import { z } from 'zod';
import { createPsaControl } from '#sandbox/http/psa-control';
import { startSandboxServer } from '#sandbox/http/sandbox-server';
import { createAutotaskApi } from './autotask-api';
import { ROLES } from './entities';
import { type AutotaskStore, createAutotaskStore } from './store';

const Behaviour = z
  .object({
    requireNoteTitles: z.boolean(),
    notFoundAs404: z.boolean(),
    caseSensitiveStrings: z.boolean(),
    requestThreshold: z.number().int().min(1),
    threadLimit: z.number().int().min(0),
    threadLimitStatus: z.union([z.literal(200), z.literal(429), z.literal(500)]),
    threadThresholdNext: z.number().int().min(0).max(100),
    latencyMs: z.number().int().min(0).max(60_000),
    ticketPatch: z.enum(['accepted', 'refused']),
    inactiveNoteTypes: z.array(z.number().int()).max(20),
  })
  .partial()
  .strict();

const autotaskControl = (store: AutotaskStore) =>
  createPsaControl({
    behaviour: { schema: Behaviour, get: () => store.behaviour, set: (values) => Object.assign(store.behaviour, values) },
    addCompanies: (count, namePrefix) =>
      Array.from(
        { length: count },
        (_, index) =>
          store.insert('Companies', {
            companyName: `${namePrefix} ${String(index + 1).padStart(5, '0')}`,
            companyType: 1,
            isActive: true,
            phone: '555-0100',
            createDate: store.nowIso(),
          }).id,
      ),
    renameCompany: (id, name) => {
      const company = store.find('Companies', id);
      if (company) {
        company.companyName = name;
        company.lastTrackedModifiedDateTime = store.nowIso();
      }
      return company;
    },
    deleteCompany: (id) => store.remove('Companies', id),
    listTickets: () =>
      store.all('Tickets').map((ticket) => ({
        ...ticket,
        notes: store.all('TicketNotes').filter((n) => n.ticketID === ticket.id),
        timeEntries: store.all('TimeEntries').filter((t) => t.ticketID === ticket.id),
      })),
    deleteTicket: (id) => store.remove('Tickets', id),
    addTimeEntry: (ticketId, hours, note) => {
      if (!store.find('Tickets', ticketId)) {
        return undefined;
      }
      const technician = store.resources().find((r) => r.userName === 'srivera');
      return store.insert('TimeEntries', {
        ticketID: ticketId,
        resourceID: technician?.id ?? null,
        roleID: ROLES[0].id,
        dateWorked: `${store.nowIso().slice(0, 10)}T00:00:00.000Z`,
        hoursWorked: hours,
        hoursToBill: hours,
        summaryNotes: note ?? 'Work logged in the sandbox.',
        createDateTime: store.nowIso(),
      });
    },
  });

export type AutotaskSandboxOptions = { port?: number; host?: string; clock?: () => Date };

export const startAutotaskSandbox = async (options: AutotaskSandboxOptions = {}) => {
  const store = createAutotaskStore(options.clock);
  let origin = '';
  const api = createAutotaskApi(store, () => origin);
  const server = await startSandboxServer({
    name: 'autotask',
    port: options.port,
    host: options.host,
    handle: (req) => api.handle(req),
    control: autotaskControl(store),
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
