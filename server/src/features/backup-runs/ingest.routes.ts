import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '#src/plugins/authentication';
import type { Services } from '#src/services';
import { INGEST_BODY_LIMIT, IngestBody, IngestResponse, MAX_BATCH } from './ingest.schemas';

const EXAMPLE = `curl -X POST "$FLIGHTDECK_URL/api/v1/ingest/runs" \\
  -H "Authorization: Bearer $FLIGHTDECK_API_KEY" -H "Content-Type: application/json" \\
  -d '{"source":"rmm-export","runs":[{"sourceKey":"job-42/2026-11-22T02:00Z","job":{"name":"Daily Servers","software":"Veeam Backup & Replication","type":"Backup"},"status":"warning","startedAt":"2026-11-22T02:00:00Z","endedAt":"2026-11-22T02:41:00Z","remark":"1 of 3 VMs with warnings","objects":[{"name":"HV01","type":"VM","status":"warning","messages":["Changed block tracking was reset"]}]}]}'`;

export const ingestRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.post(
    '/api/v1/ingest/runs',
    {
      bodyLimit: INGEST_BODY_LIMIT,
      config: {
        apiKeyScope: 'ingest',
        textCheckedPerItem: true,
        bodyLimitHint: `Send at most ${MAX_BATCH.toLocaleString('en')} runs and ${INGEST_BODY_LIMIT / 1048576} MiB per request; split larger batches.`,
      },
      schema: {
        tags: ['ingestion'],
        summary: 'Ingest a batch of backup runs (API key)',
        description:
          'Up to 1,000 runs per batch and 500 objects per run, in at most 32 MiB of JSON (a larger body is answered ' +
          '413 naming the limit), authenticated with an account API key (`Authorization: Bearer fdk_…`). ' +
          'Idempotent on (source, sourceKey): sending the same batch again answers every item `duplicate`. ' +
          'Each item is validated on its own and answered `accepted`, `duplicate` or `rejected` with the reason; ' +
          'a run of a job no operator has approved yet waits in the Inbox.\n\nExample:\n\n```sh\n' +
          EXAMPLE +
          '\n```',
        security: [{ apiKey: [] }],
        body: IngestBody,
        response: { 200: IngestResponse },
      },
    },
    (req) => services.ingest.ingestRuns(contextOf(req), req.body),
  );
};
