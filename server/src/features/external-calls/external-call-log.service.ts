// I2: admins read the external call log, newest first, filtered and paged by keyset.
import type { Database } from '#src/db/connection';
import { withTenant } from '#src/db/tenant';
import { type RequestContext, requireRole } from '#src/lib/context';
import { decodeKeyset, encodeKeyset } from '#src/lib/keyset-cursor';
import type { ExternalCallLogRepository } from './external-call-log.repository';
import type { ExternalCallQuery, ExternalCallView } from './external-calls.schemas';

export const createExternalCallLogService = (deps: { database: Database; log: ExternalCallLogRepository }) => ({
  async listExternalCalls(
    ctx: RequestContext,
    query: ExternalCallQuery,
  ): Promise<{ calls: ExternalCallView[]; nextCursor: string | null }> {
    requireRole(ctx, ['admin']);
    const rows = await withTenant(deps.database, ctx, (tx) =>
      deps.log.listExternalCalls(tx, {
        integration: query.integration,
        outcome: query.outcome,
        action: query.action,
        before: query.cursor ? decodeKeyset(query.cursor) : undefined,
        limit: query.limit + 1,
      }),
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      calls: page.map((r) => ({
        id: r.id,
        at: r.created_at.toISOString(),
        integration: r.integration,
        direction: r.direction,
        action: r.action,
        method: r.method,
        url: r.url,
        httpStatus: r.http_status,
        durationMs: r.duration_ms,
        outcome: r.outcome,
        errorMessage: r.error_message,
        externalId: r.external_id,
        actorKind: r.actor_kind,
        actorId: r.actor_id,
        correlationId: r.correlation_id,
        related: r.related_type && r.related_id ? { type: r.related_type, id: r.related_id } : null,
        requestBody: r.request_body,
        responseBody: r.response_body,
      })),
      nextCursor: rows.length > query.limit && last ? encodeKeyset(last.created_at, last.id) : null,
    };
  },
});

export type ExternalCallLogService = ReturnType<typeof createExternalCallLogService>;
