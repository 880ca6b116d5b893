// Issue 19: the ⌘/Ctrl+K palette outside FlowPilot too — customers, jobs, a run by its id, ticket
// numbers and pilot sessions, a few of each, read in one tenant transaction.
import type { Database } from '#src/db/connection';
import { withTenant } from '#src/db/tenant';
import { type RequestContext, requireUser } from '#src/lib/context';
import type { QuickJumpRepository } from './quick-jump.repository';
import type { JumpTarget } from './quick-jump.schemas';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const none = { customerId: null, jobId: null, runId: null, sessionId: null };

export const createQuickJumpService = (deps: { database: Database; jump: QuickJumpRepository }) => ({
  async find(ctx: RequestContext, text: string): Promise<{ targets: JumpTarget[] }> {
    requireUser(ctx);
    return withTenant(deps.database, ctx, async (tx) => {
      // One transaction, one connection: the lookups run one after another, each on an index or a small table.
      const customers = await deps.jump.customers(tx, text);
      const jobs = await deps.jump.jobs(tx, text);
      const runs = UUID.test(text) ? await deps.jump.runById(tx, text) : [];
      const tickets = await deps.jump.tickets(tx, text);
      const sessions = await deps.jump.sessions(tx, text);
      return {
        targets: [
          ...runs.map((r) => ({
            ...none,
            kind: 'run' as const,
            label: `Run of ${r.job_name}`,
            detail: `${r.status} · ${r.run_at.toISOString()}`,
            customerId: r.customer_id,
            jobId: r.job_id,
            runId: r.id,
          })),
          ...tickets.map((t) => ({
            ...none,
            kind: 'ticket' as const,
            label: `Ticket ${t.ticket_number}`,
            detail: [t.job_name ?? t.session_title ?? '', t.state].filter(Boolean).join(' · '),
            customerId: t.customer_id,
            jobId: t.job_id,
            runId: t.backup_run_id,
            sessionId: t.ai_session_id,
          })),
          ...customers.map((c) => ({
            ...none,
            kind: 'customer' as const,
            label: c.name,
            detail: c.psa_company_name ? `PSA: ${c.psa_company_name}` : 'Customer',
            customerId: c.id,
          })),
          ...jobs.map((j) => ({
            ...none,
            kind: 'job' as const,
            label: j.name,
            detail: [j.customer_name, j.host].filter(Boolean).join(' · '),
            customerId: j.customer_id,
            jobId: j.id,
          })),
          ...sessions.map((s) => ({
            ...none,
            kind: 'session' as const,
            label: s.title,
            detail: `FlowPilot session · ${s.state}`,
            customerId: s.customer_id,
            sessionId: s.id,
          })),
        ],
      };
    });
  },
});

export type QuickJumpService = ReturnType<typeof createQuickJumpService>;
