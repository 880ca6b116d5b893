// Starts the ConnectWise Manage simulator: the REST API plus its `/_sandbox` control routes.
import { z } from 'zod';
import { createPsaControl } from '#sandbox/http/psa-control';
import { startSandboxServer } from '#sandbox/http/sandbox-server';
import { createConnectWiseApi } from './connectwise-api';
import { CONNECTWISE_RIGHTS, type ConnectWiseStore, createConnectWiseStore } from './store';

const Behaviour = z
  .object({
    ignoreStatusChanges: z.boolean(),
    apiVersion: z.string().regex(/^\d{4}\.\d{1,2}$/),
    deniedRights: z.array(z.enum(CONNECTWISE_RIGHTS)),
    cloudflareThrottle: z.number().int().min(0).max(1000),
  })
  .partial()
  .strict();

const connectWiseControl = (store: ConnectWiseStore) =>
  createPsaControl({
    behaviour: { schema: Behaviour, get: () => store.behaviour, set: (values) => Object.assign(store.behaviour, values) },
    addCompanies: (count, namePrefix) =>
      Array.from({ length: count }, (_, index) => {
        const suffix = String(index + 1).padStart(5, '0');
        return store.addCompany({ name: `${namePrefix} ${suffix}`, identifier: `BULK${suffix}` }).id;
      }),
    renameCompany: (id, name) => {
      const company = store.companies.get(id);
      if (company) {
        company.name = name;
        company._info = { ...(company._info as Record<string, string>), lastUpdated: store.nowIso() };
      }
      return company;
    },
    deleteCompany: (id) => store.companies.delete(id),
    listTickets: () =>
      [...store.tickets.values()].map((ticket) => ({
        ...ticket,
        notes: [...store.notes.values()].filter((n) => n.ticketId === ticket.id),
        timeEntries: [...store.timeEntries.values()].filter((t) => t.chargeToId === ticket.id),
      })),
    deleteTicket: (id) => store.tickets.delete(id),
    addTimeEntry: (ticketId, hours, note) => {
      const ticket = store.tickets.get(ticketId);
      return ticket ? store.addTimeEntry(ticket, hours, undefined, note) : undefined;
    },
  });

export type ConnectWiseSandboxOptions = { port?: number; host?: string; clock?: () => Date };

export const startConnectWiseSandbox = async (options: ConnectWiseSandboxOptions = {}) => {
  const store = createConnectWiseStore(options.clock);
  let origin = '';
  const api = createConnectWiseApi(store, () => origin);
  const server = await startSandboxServer({
    name: 'connectwise',
    port: options.port,
    host: options.host,
    handle: (req) => api.handle(req),
    control: connectWiseControl(store),
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
    /** The Manage "site" as on-premises: one host for the UI and for /v4_6_release/apis/3.0. */
    siteUrl: server.origin,
    apiUrl: `${server.origin}/v4_6_release/apis/3.0`,
    /**
     * The same server as a cloud tenant (issue 15): the site on na.myconnectwise.localhost, the
     * API only on api-na.myconnectwise.localhost (names under .localhost are the loopback).
     */
    cloud: {
      siteUrl: `http://na.myconnectwise.localhost:${new URL(server.origin).port}`,
      apiOrigin: `http://api-na.myconnectwise.localhost:${new URL(server.origin).port}`,
    },
  };
};

export type ConnectWiseSandbox = Awaited<ReturnType<typeof startConnectWiseSandbox>>;
