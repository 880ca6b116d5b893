// P0.5: the pilot's telemetry for admins — turns with tools available, turns that used a tool,
// fallbacks that retried without tools, the tools used, and the disputed-fact rate (the share of
// AI-synthesised facts that engineers later edited or deleted).
import { sql } from 'kysely';
import type { Database } from '#src/db/connection';
import { withTenant } from '#src/db/tenant';
import { type RequestContext, requireRole } from '#src/lib/context';

export const createPilotTelemetry = (deps: { database: Database }) => ({
  async summary(ctx: RequestContext) {
    requireRole(ctx, ['admin']);
    return withTenant(deps.database, ctx, async (tx) => {
      const turns = (
        await sql<{ turns: number; with_tools: number; used_tools: number; fallbacks: number }>`
          select count(*)::int as turns,
            count(*) filter (where tools_available)::int as with_tools,
            count(*) filter (where cardinality(tools_used) > 0)::int as used_tools,
            count(*) filter (where tool_fallback)::int as fallbacks
          from session_messages where role = 'assistant'`.execute(tx)
      ).rows[0];
      const tools = (
        await sql<{ name: string; uses: number }>`
          select name, count(*)::int as uses from session_messages, unnest(tools_used) as name
          group by name order by uses desc, name`.execute(tx)
      ).rows;
      const facts = (
        await sql<{ synthesised: number; disputed: number }>`
          select count(*)::int as synthesised,
            count(*) filter (where deleted_at is not null or updated_at > created_at)::int as disputed
          from session_facts where source_type = 'ai_synthesis'`.execute(tx)
      ).rows[0];
      const synthesised = facts?.synthesised ?? 0;
      return {
        turns: turns?.turns ?? 0,
        turnsWithToolsAvailable: turns?.with_tools ?? 0,
        turnsThatUsedATool: turns?.used_tools ?? 0,
        fallbacksWithoutTools: turns?.fallbacks ?? 0,
        toolsUsed: tools,
        aiSynthesisedFacts: synthesised,
        disputedFacts: facts?.disputed ?? 0,
        disputedFactRate: synthesised ? (facts?.disputed ?? 0) / synthesised : null,
      };
    });
  },
});
