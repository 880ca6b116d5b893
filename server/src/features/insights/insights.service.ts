// I4: what the MSP knows about a customer's environment — "PowerShell remoting is blocked on the
// laptops", "the file server is still 2012 R2" — written by engineers, from a session's fact or
// by hand, edited and retired on the customer page, and handed to the pilot in every session of
// that customer (the cached part of its prompt) and to the script generator's pre-fill.
import type { Database } from '#src/db/connection';
import { type Tx, withTenant } from '#src/db/tenant';
import type { CustomersService } from '#src/features/customers/customers.service';
import type { PilotSessionsService } from '#src/features/pilot-sessions/pilot-sessions.service';
import type { SessionFactsRepository } from '#src/features/pilot-sessions/session-facts.repository';
import { AppError } from '#src/lib/app-error';
import { type RequestContext, requireRole, userIdOf } from '#src/lib/context';
import type { InsightRow, InsightsRepository } from './insights.repository';
import type { INSIGHT_CATEGORIES, INSIGHT_CONFIDENCE, InsightBody } from './insights.schemas';

export type InsightsDeps = {
  database: Database;
  insights: InsightsRepository;
  facts: SessionFactsRepository;
  customers: CustomersService;
  pilotSessions: PilotSessionsService;
};

const WRITERS = ['admin', 'operator'] as const;

const toView = (row: InsightRow) => ({
  id: row.id,
  customerId: row.customer_id,
  category: row.category as (typeof INSIGHT_CATEGORIES)[number],
  confidence: row.confidence as (typeof INSIGHT_CONFIDENCE)[number],
  priority: row.priority,
  text: row.text,
  infrastructureItemId: row.infrastructure_item_id,
  sourceSessionId: row.source_session_id,
  sourceFactId: row.source_fact_id,
  createdByName: row.created_by_name ?? null,
  retiredAt: row.retired_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export const createInsightsService = (deps: InsightsDeps) => {
  const inTenant = <T>(ctx: RequestContext, work: (tx: Tx) => Promise<T>) => withTenant(deps.database, ctx, work);
  const orThrow = async (tx: Tx, id: string) => {
    const row = await deps.insights.find(tx, id);
    if (!row) {
      throw new AppError('not_found', 'Insight not found');
    }
    return row;
  };

  return {
    async list(ctx: RequestContext, customerId: string, includeRetired: boolean) {
      await deps.customers.getCustomer(ctx, customerId);
      return { insights: (await inTenant(ctx, (tx) => deps.insights.list(tx, customerId, includeRetired))).map(toView) };
    },

    async create(ctx: RequestContext, customerId: string, body: InsightBody) {
      requireRole(ctx, WRITERS);
      await deps.customers.getCustomer(ctx, customerId);
      return inTenant(ctx, async (tx) => {
        const id = await deps.insights.insert(tx, {
          account_id: ctx.accountId,
          customer_id: customerId,
          infrastructure_item_id: body.infrastructureItemId,
          category: body.category,
          confidence: body.confidence,
          priority: body.priority,
          text: body.text,
          created_by: userIdOf(ctx),
        });
        return toView(await orThrow(tx, id));
      });
    },

    /** "Save as insight" on a fact — also of a resolved session (I4). */
    async fromFact(
      ctx: RequestContext,
      sessionId: string,
      factId: string,
      body: Omit<InsightBody, 'text' | 'infrastructureItemId'> & { text?: string },
    ) {
      requireRole(ctx, WRITERS);
      const { row } = await deps.pilotSessions.load(ctx, sessionId);
      if (!row.customer_id) {
        throw new AppError('invalid_state', 'This session has no customer; an insight belongs to a customer.', { reason: 'no_customer' });
      }
      const customerId = row.customer_id;
      return inTenant(ctx, async (tx) => {
        const fact = await deps.facts.findFact(tx, sessionId, factId);
        if (!fact) {
          throw new AppError('not_found', 'Fact not found');
        }
        const id = await deps.insights.insert(tx, {
          account_id: ctx.accountId,
          customer_id: customerId,
          category: body.category,
          confidence: body.confidence,
          priority: body.priority,
          text: body.text ?? fact.text.slice(0, 2000),
          source_session_id: sessionId,
          source_fact_id: factId,
          created_by: userIdOf(ctx),
        });
        ctx.log.info({ sessionId, factId, insightId: id }, 'fact saved as an environment insight');
        return toView(await orThrow(tx, id));
      });
    },

    async update(ctx: RequestContext, id: string, patch: Partial<Omit<InsightBody, 'infrastructureItemId'>>) {
      requireRole(ctx, WRITERS);
      return inTenant(ctx, async (tx) => {
        const current = await orThrow(tx, id);
        if (current.retired_at) {
          throw new AppError('invalid_state', 'A retired insight cannot be changed.');
        }
        await deps.insights.update(tx, id, patch);
        return toView(await orThrow(tx, id));
      });
    },

    async retire(ctx: RequestContext, id: string) {
      requireRole(ctx, WRITERS);
      return inTenant(ctx, async (tx) => {
        await orThrow(tx, id);
        await deps.insights.retire(tx, id);
        return toView(await orThrow(tx, id));
      });
    },
  };
};

export type InsightsService = ReturnType<typeof createInsightsService>;
