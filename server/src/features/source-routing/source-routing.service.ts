// Issue 19 (B2.3): an admin maps a machine sender's customer references to customers once, like a
// PSA company mapping; from then on the run writer starts new jobs with that reference approved
// (run-writer.ts). Making a mapping also approves the jobs already waiting in the Inbox with it.
// Deleting one stops routing new jobs; jobs it approved stay with their customer.
import type { Database } from '#src/db/connection';
import { withTenant } from '#src/db/tenant';
import type { BackupJobsRepository } from '#src/features/backup-jobs/backup-jobs.repository';
import type { CustomersService } from '#src/features/customers/customers.service';
import { AppError, notFound } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import { type RequestContext, requireRole, userIdOf } from '#src/lib/context';
import type { SourceRoutingRepository } from './source-routing.repository';
import type { CreateMappingBody } from './source-routing.schemas';

type MappingRow = Awaited<ReturnType<SourceRoutingRepository['listMappings']>>[number];

const mappingView = (row: MappingRow) => ({
  id: row.id,
  source: row.source,
  customerRef: row.customer_ref,
  customerId: row.customer_id,
  customerName: row.customer_name,
  createdAt: row.created_at.toISOString(),
});

export const createSourceRoutingService = (deps: {
  database: Database;
  refs: SourceRoutingRepository;
  jobs: BackupJobsRepository;
  customers: CustomersService;
  clock: Clock;
}) => {
  const inTenant = <T>(ctx: RequestContext, work: Parameters<typeof withTenant<T>>[2]) => withTenant(deps.database, ctx, work);
  return {
    async list(ctx: RequestContext) {
      requireRole(ctx, ['admin', 'operator']);
      const [mappings, unmapped] = await inTenant(ctx, (tx) => Promise.all([deps.refs.listMappings(tx), deps.refs.listUnmappedRefs(tx)]));
      return {
        mappings: mappings.map(mappingView),
        unmapped: unmapped.map((u) => ({
          source: u.reporter.slice('api:'.length),
          customerRef: u.customer_ref,
          waitingJobs: u.waiting_jobs,
          waitingRuns: u.waiting_runs,
          lastRunAt: u.last_run_at ? new Date(u.last_run_at).toISOString() : null,
        })),
      };
    },

    async create(ctx: RequestContext, body: CreateMappingBody) {
      requireRole(ctx, ['admin']);
      const customer = await deps.customers.getCustomer(ctx, body.customerId);
      const at = deps.clock.now();
      const { id, approved } = await inTenant(ctx, async (tx) => {
        if (await deps.refs.findMappingByRef(tx, body.source, body.customerRef)) {
          throw new AppError('conflict', `"${body.customerRef}" from ${body.source} is mapped already; delete that mapping first`, {
            fieldErrors: [{ path: 'customerRef', message: 'Mapped already' }],
          });
        }
        const mappingId = await deps.refs.insertMapping(tx, {
          account_id: ctx.accountId,
          source: body.source,
          customer_ref: body.customerRef,
          customer_id: customer.id,
          created_by: userIdOf(ctx),
        });
        const jobIds = await deps.refs.approveWaitingJobs(tx, {
          source: body.source,
          ref: body.customerRef,
          customerId: customer.id,
          by: userIdOf(ctx),
          at,
        });
        for (const jobId of jobIds) {
          await deps.jobs.matchObjectsToInfrastructure(tx, jobId, customer.id);
        }
        return { id: mappingId, approved: jobIds.length };
      });
      ctx.log.info({ source: body.source, customerId: customer.id, approvedJobs: approved }, 'customer reference mapped');
      const mapping = (await inTenant(ctx, (tx) => deps.refs.listMappings(tx))).find((m) => m.id === id) as MappingRow;
      return { mapping: mappingView(mapping), approvedJobs: approved };
    },

    async remove(ctx: RequestContext, mappingId: string) {
      requireRole(ctx, ['admin']);
      const deleted = await inTenant(ctx, (tx) => deps.refs.deleteMapping(tx, mappingId));
      if (!deleted) {
        throw notFound('Customer reference mapping');
      }
    },
  };
};

export type SourceRoutingService = ReturnType<typeof createSourceRoutingService>;
