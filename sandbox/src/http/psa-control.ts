// The `/_sandbox` control routes both PSA simulators offer (rename or delete a company, delete a
// ticket, log time, flip behaviour switches), over a small adapter each simulator implements.
import { z } from 'zod';
import type { ControlRoute, SandboxResponse } from './sandbox-server';

const Rename = z.object({ name: z.string().min(1).max(100) }).strict();
const BulkCompanies = z.object({ count: z.number().int().min(1).max(20_000), namePrefix: z.string().min(1).max(60) }).strict();
const TimeEntry = z.object({ hours: z.number().positive().max(24), note: z.string().max(1000).optional() }).strict();

export type PsaControlAdapter<B> = {
  behaviour: { schema: z.ZodType<B>; get(): unknown; set(values: B): void };
  addCompanies(count: number, namePrefix: string): number[];
  /** The renamed company, or undefined when it does not exist. */
  renameCompany(id: number, name: string): unknown;
  deleteCompany(id: number): boolean;
  /** Every ticket with its notes and time entries. */
  listTickets(): unknown[];
  deleteTicket(id: number): boolean;
  /** The new time entry, or undefined when the ticket does not exist. */
  addTimeEntry(ticketId: number, hours: number, note: string | undefined): unknown;
};

const json = (status: number, body?: unknown): SandboxResponse => ({ status, body });
const invalid = (error: z.ZodError) => json(400, { error: 'invalid body', issues: error.issues });
const missing = (what: string, id: number) => json(404, { error: `no ${what} ${id}` });

export const createPsaControl = <B>(adapter: PsaControlAdapter<B>): ControlRoute => {
  const parsed = <T>(schema: z.ZodType<T>, body: unknown, then: (value: T) => SandboxResponse) => {
    const result = schema.safeParse(body ?? {});
    return result.success ? then(result.data) : invalid(result.error);
  };
  return (req, parts) => {
    const [resource, idPart, action] = parts;
    const id = Number(idPart);
    const route = `${req.method} ${resource ?? ''}${idPart === undefined ? '' : idPart === 'bulk' ? '/bulk' : '/:id'}${action ? `/${action}` : ''}`;
    switch (route) {
      case 'GET behaviour':
        return json(200, adapter.behaviour.get());
      case 'PATCH behaviour':
        return parsed(adapter.behaviour.schema, req.body, (values) => {
          adapter.behaviour.set(values);
          return json(200, adapter.behaviour.get());
        });
      case 'POST companies/bulk':
        return parsed(BulkCompanies, req.body, (b) => json(201, { ids: adapter.addCompanies(b.count, b.namePrefix) }));
      case 'POST companies/:id/rename':
        return parsed(Rename, req.body, (b) => {
          const company = adapter.renameCompany(id, b.name);
          return company === undefined ? missing('company', id) : json(200, company);
        });
      case 'DELETE companies/:id':
        return adapter.deleteCompany(id) ? json(204) : missing('company', id);
      case 'GET tickets':
        return json(200, { tickets: adapter.listTickets() });
      case 'DELETE tickets/:id':
        return adapter.deleteTicket(id) ? json(204) : missing('ticket', id);
      case 'POST tickets/:id/time-entries':
        return parsed(TimeEntry, req.body, (b) => {
          const entry = adapter.addTimeEntry(id, b.hours, b.note);
          return entry === undefined ? missing('ticket', id) : json(201, entry);
        });
      default:
        return undefined;
    }
  };
};
