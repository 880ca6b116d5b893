// B1: customers, their explicit mapping to a PSA company, and the ticket-creation gate (B1.4,
// B4.3) the ticket flow asks before it talks to the PSA.
import type { Database } from '#src/db/connection';
import { withTenant } from '#src/db/tenant';
import type { IntegrationsService } from '#src/features/integrations/integrations.service';
import type { PsaConnections } from '#src/features/integrations/psa-connections';
import { AppError, notFound } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import { type RequestContext, requireRole, userIdOf } from '#src/lib/context';
import { PSA_LABELS, type PsaKind } from '#src/psa/psa-provider';
import type { CustomerRow, CustomersRepository } from './customers.repository';
import type { CustomerView, MappingStatus, UpdateCustomerBody } from './customers.schemas';
import type { PsaMappingSync } from './psa-mapping-sync';

const EDITORS = ['admin', 'operator'] as const;

type TicketSettings = Awaited<ReturnType<IntegrationsService['findTicketSettings']>>;

export type TicketGate =
  | {
      allowed: true;
      kind: PsaKind;
      companyId: string;
      flightdeckBaseUrl: string;
      settings: NonNullable<TicketSettings>;
    }
  | { allowed: false; reason: string; code: 'no_mapping' | 'mapping_broken' | 'integration_disabled' | 'base_url_missing' };

/** B4.3: why a ticket cannot be created for this customer right now, or the facts to create it. */
export const evaluateTicketGate = (customer: CustomerRow, settings: TicketSettings): TicketGate => {
  if (!customer.psa_kind || !customer.psa_company_id) {
    return { allowed: false, code: 'no_mapping', reason: 'This customer is not mapped to a PSA company.' };
  }
  const label = PSA_LABELS[customer.psa_kind as PsaKind];
  if (!settings?.enabled) {
    return { allowed: false, code: 'integration_disabled', reason: `The ${label} integration is disabled.` };
  }
  const status = customer.psa_mapping_status as MappingStatus;
  if (status === 'missing' || status === 'invalid') {
    return {
      allowed: false,
      code: 'mapping_broken',
      reason: `The ${label} company mapping is ${status}: ${customer.psa_sync_message ?? 'check the mapping'}. Map the customer again.`,
    };
  }
  if (!settings.flightdeckBaseUrl) {
    return {
      allowed: false,
      code: 'base_url_missing',
      reason: `The Flightdeck base URL is not set in the ${label} settings; tickets must link to the run.`,
    };
  }
  return {
    allowed: true,
    kind: customer.psa_kind as PsaKind,
    companyId: customer.psa_company_id,
    flightdeckBaseUrl: settings.flightdeckBaseUrl,
    settings,
  };
};

const encodeNameCursor = (name: string, id: string) => Buffer.from(JSON.stringify([name, id])).toString('base64url');
const decodeNameCursor = (cursor: string) => {
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof name === 'string' && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) {
      return { name, id };
    }
  } catch {
    // falls through to the error below
  }
  throw new AppError('invalid_input', 'The cursor is not valid; start from the first page', {
    fieldErrors: [{ path: 'cursor', message: 'Not a cursor from this list' }],
  });
};

export const createCustomersService = (deps: {
  database: Database;
  customers: CustomersRepository;
  integrations: IntegrationsService;
  connections: PsaConnections;
  sync: PsaMappingSync;
  clock: Clock;
}) => {
  const inTenant = <T>(ctx: RequestContext, work: Parameters<typeof withTenant<T>>[2]) => withTenant(deps.database, ctx, work);

  /** Integration settings per PSA, read once per call. */
  const settingsReader = (ctx: RequestContext) => {
    const cache = new Map<PsaKind, Promise<TicketSettings>>();
    return (kind: PsaKind) => {
      let settings = cache.get(kind);
      if (!settings) {
        settings = deps.integrations.findTicketSettings(ctx, kind);
        cache.set(kind, settings);
      }
      return settings;
    };
  };

  const toView = async (row: CustomerRow, settingsOf: ReturnType<typeof settingsReader>): Promise<CustomerView> => {
    const gate = evaluateTicketGate(row, row.psa_kind ? await settingsOf(row.psa_kind as PsaKind) : null);
    return {
      id: row.id,
      name: row.name,
      notes: row.notes,
      active: row.active,
      psaMapping:
        row.psa_kind && row.psa_company_id
          ? {
              kind: row.psa_kind as PsaKind,
              companyId: row.psa_company_id,
              companyName: row.psa_company_name,
              status: row.psa_mapping_status as MappingStatus,
              lastSyncAt: row.psa_last_sync_at?.toISOString() ?? null,
              message: row.psa_sync_message,
              mappedAt: row.psa_mapped_at?.toISOString() ?? null,
            }
          : null,
      ticketCreation: { allowed: gate.allowed, reason: gate.allowed ? null : gate.reason },
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  };

  const getRow = async (ctx: RequestContext, id: string) => {
    const row = await inTenant(ctx, (tx) => deps.customers.findCustomer(tx, id));
    if (!row) {
      throw notFound('Customer');
    }
    return row;
  };

  const assertNameFree = async (ctx: RequestContext, name: string, exceptId?: string) => {
    const existing = await inTenant(ctx, (tx) => deps.customers.findCustomerByName(tx, name));
    if (existing && existing.id !== exceptId) {
      throw new AppError('conflict', `A customer named "${name}" already exists`, {
        fieldErrors: [{ path: 'name', message: 'Already in use' }],
      });
    }
  };

  const view = async (ctx: RequestContext, row: CustomerRow) => toView(row, settingsReader(ctx));

  return {
    /** Issue 14: one page in name order, and the cursor of the next one (null at the end). */
    async pageCustomers(ctx: RequestContext, filter: { search?: string; mapping: string; limit: number; cursor?: string }) {
      const after = filter.cursor ? decodeNameCursor(filter.cursor) : undefined;
      const rows = await inTenant(ctx, (tx) => deps.customers.listCustomers(tx, { ...filter, limit: filter.limit + 1, after }));
      const page = rows.slice(0, filter.limit);
      const settingsOf = settingsReader(ctx);
      const last = page.at(-1);
      return {
        customers: await Promise.all(page.map((row) => toView(row, settingsOf))),
        nextCursor: rows.length > filter.limit && last ? encodeNameCursor(last.name.toLowerCase(), last.id) : null,
      };
    },

    async listCustomers(ctx: RequestContext, filter: { search?: string; mapping: string; limit?: number }) {
      const rows = await inTenant(ctx, (tx) => deps.customers.listCustomers(tx, filter));
      const settingsOf = settingsReader(ctx);
      return Promise.all(rows.map((row) => toView(row, settingsOf)));
    },

    getCustomer: async (ctx: RequestContext, id: string) => view(ctx, await getRow(ctx, id)),

    async createCustomer(ctx: RequestContext, body: { name: string; notes: string }) {
      requireRole(ctx, EDITORS);
      await assertNameFree(ctx, body.name);
      const row = await inTenant(ctx, (tx) =>
        deps.customers.insertCustomer(tx, { account_id: ctx.accountId, name: body.name, notes: body.notes }),
      );
      return view(ctx, row);
    },

    /** B1.1: the Flightdeck name is ours; a PSA rename never touches it. */
    async updateCustomer(ctx: RequestContext, id: string, body: UpdateCustomerBody) {
      requireRole(ctx, EDITORS);
      await getRow(ctx, id);
      if (body.name) {
        await assertNameFree(ctx, body.name, id);
      }
      return view(ctx, await inTenant(ctx, (tx) => deps.customers.updateCustomer(tx, id, body, deps.clock.now())));
    },

    /** B1.2 / B1.3: maps to a company the operator picked, after reading it from the PSA by id. */
    async mapCustomer(ctx: RequestContext, id: string, target: { kind: PsaKind; companyId: string }) {
      requireRole(ctx, EDITORS);
      await getRow(ctx, id);
      const provider = await deps.connections.providerFor(ctx, target.kind);
      const company = await provider.findCompany(ctx, target.companyId);
      if (!company) {
        throw new AppError('invalid_input', `${PSA_LABELS[target.kind]} has no company ${target.companyId}`, {
          fieldErrors: [{ path: 'companyId', message: 'Not found in the PSA' }],
        });
      }
      if (!company.active) {
        throw new AppError('invalid_input', `${PSA_LABELS[target.kind]} company "${company.name}" is inactive`, {
          fieldErrors: [{ path: 'companyId', message: 'Inactive in the PSA' }],
        });
      }
      const mappedBy = userIdOf(ctx);
      const row = await inTenant(ctx, (tx) =>
        deps.customers.setMapping(
          tx,
          id,
          { psa_kind: target.kind, psa_company_id: company.id, psa_company_name: company.name, mapped_by: mappedBy },
          deps.clock.now(),
        ),
      );
      ctx.log.info({ customerId: id, psa: target.kind, companyId: company.id }, 'customer mapped to PSA company');
      return view(ctx, row);
    },

    async unmapCustomer(ctx: RequestContext, id: string) {
      requireRole(ctx, EDITORS);
      await getRow(ctx, id);
      return view(ctx, await inTenant(ctx, (tx) => deps.customers.setMapping(tx, id, null, deps.clock.now())));
    },

    /** "Verify now": syncs this one mapping at once. */
    async verifyMapping(ctx: RequestContext, id: string) {
      requireRole(ctx, EDITORS);
      const row = await getRow(ctx, id);
      if (!row.psa_kind) {
        throw new AppError('invalid_state', 'This customer is not mapped to a PSA company');
      }
      const summary = await deps.sync.syncPsaMappings(ctx, { customerIds: [id] });
      if (summary.skipped > 0) {
        throw new AppError('invalid_state', `The ${PSA_LABELS[row.psa_kind as PsaKind]} integration is disabled`, {
          reason: 'integration_disabled',
        });
      }
      const [failure] = summary.errors;
      if (failure) {
        throw new AppError('upstream_unavailable', failure.message);
      }
      return view(ctx, await getRow(ctx, id));
    },

    async acknowledgeRename(ctx: RequestContext, id: string) {
      requireRole(ctx, EDITORS);
      await getRow(ctx, id);
      const row = await inTenant(ctx, (tx) => deps.customers.acknowledgeRename(tx, id, deps.clock.now()));
      if (!row) {
        throw new AppError('invalid_state', 'There is no PSA rename to acknowledge');
      }
      return view(ctx, row);
    },

    /** Bulk refresh of every mapping (the same work as the periodic job). */
    async syncAllMappings(ctx: RequestContext) {
      requireRole(ctx, EDITORS);
      return deps.sync.syncPsaMappings(ctx);
    },

    /** The periodic job's entry point: no role check, the system acts. */
    syncPsaMappings: (ctx: RequestContext) => deps.sync.syncPsaMappings(ctx),

    /** B4.3 for the ticket flow: allowed with the facts to create, or the reason it is blocked. */
    async checkTicketCreation(ctx: RequestContext, customerId: string): Promise<TicketGate> {
      const row = await getRow(ctx, customerId);
      return evaluateTicketGate(row, row.psa_kind ? await deps.integrations.findTicketSettings(ctx, row.psa_kind as PsaKind) : null);
    },
  };
};

export type CustomersService = ReturnType<typeof createCustomersService>;
