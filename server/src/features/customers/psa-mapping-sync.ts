// B1.4: re-reads mapped PSA companies in batches (one `in` / `id in (…)` query per ≤ 200 ids)
// and records what changed. The PSA id leads: a new name is copied into the cache and flagged
// `renamed` until someone acknowledges it; a company the PSA no longer returns is `missing`; one
// it returns as inactive is `invalid`. Customers of a disabled integration are left alone.
import type { Database } from '#src/db/connection';
import { withTenant } from '#src/db/tenant';
import type { IntegrationsService } from '#src/features/integrations/integrations.service';
import type { PsaConnections } from '#src/features/integrations/psa-connections';
import { AppError } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import type { RequestContext } from '#src/lib/context';
import { PSA_KINDS, PSA_LABELS, type PsaCompany, type PsaKind } from '#src/psa/psa-provider';
import type { CustomersRepository, MappingUpdate } from './customers.repository';
import type { SyncSummary } from './customers.schemas';

type Mapped = { id: string; psa_company_id: string | null; psa_company_name: string | null; psa_mapping_status: string | null };

/** What a mapping becomes given what the PSA returned for its company id. */
export const nextMappingState = (customer: Mapped, company: PsaCompany | undefined, kind: PsaKind): MappingUpdate => {
  const label = PSA_LABELS[kind];
  if (!company) {
    return {
      id: customer.id,
      psa_company_name: customer.psa_company_name,
      psa_mapping_status: 'missing',
      psa_sync_message: `${label} company ${customer.psa_company_id} no longer exists or is not accessible to the API user.`,
    };
  }
  if (!company.active) {
    return {
      id: customer.id,
      psa_company_name: company.name,
      psa_mapping_status: 'invalid',
      psa_sync_message: `${label} company "${company.name}" is inactive.`,
    };
  }
  if (company.name !== customer.psa_company_name) {
    return {
      id: customer.id,
      psa_company_name: company.name,
      psa_mapping_status: 'renamed',
      psa_sync_message: `Renamed in ${label} from "${customer.psa_company_name ?? ''}" to "${company.name}".`,
    };
  }
  // Unchanged name: a rename not yet acknowledged stays visible.
  return customer.psa_mapping_status === 'renamed'
    ? { id: customer.id, psa_company_name: company.name, psa_mapping_status: 'renamed', psa_sync_message: null }
    : { id: customer.id, psa_company_name: company.name, psa_mapping_status: 'ok', psa_sync_message: null };
};

export const createPsaMappingSync = (deps: {
  database: Database;
  customers: CustomersRepository;
  integrations: IntegrationsService;
  connections: PsaConnections;
  clock: Clock;
}) => ({
  /** Syncs every mapped customer (or only `customerIds`) of the account's enabled integrations. */
  async syncPsaMappings(ctx: RequestContext, options: { customerIds?: readonly string[] } = {}): Promise<SyncSummary> {
    const summary: SyncSummary = { checked: 0, ok: 0, renamed: 0, missing: 0, invalid: 0, skipped: 0, errors: [] };
    const enabled = new Set(await deps.integrations.listEnabledKinds(ctx));
    for (const kind of PSA_KINDS) {
      const mapped = await withTenant(deps.database, ctx, (tx) => deps.customers.listMappedCustomers(tx, kind, options.customerIds));
      if (mapped.length === 0) {
        continue;
      }
      if (!enabled.has(kind)) {
        summary.skipped += mapped.length;
        continue;
      }
      let companies: PsaCompany[];
      try {
        const provider = await deps.connections.providerFor(ctx, kind);
        companies = await provider.findCompanies(
          ctx,
          mapped.map((c) => c.psa_company_id as string),
        );
      } catch (error) {
        if (!(error instanceof AppError)) {
          throw error;
        }
        // The PSA could not answer: nothing is marked missing on the strength of an outage.
        summary.errors.push({ kind, message: error.message });
        continue;
      }
      const byId = new Map(companies.map((c) => [c.id, c]));
      const updates = mapped.map((customer) => nextMappingState(customer, byId.get(customer.psa_company_id as string), kind));
      await withTenant(deps.database, ctx, (tx) => deps.customers.applySyncResults(tx, updates, deps.clock.now()));
      for (const update of updates) {
        summary.checked += 1;
        summary[update.psa_mapping_status as 'ok' | 'renamed' | 'missing' | 'invalid'] += 1;
      }
    }
    return summary;
  },
});

export type PsaMappingSync = ReturnType<typeof createPsaMappingSync>;
