import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '#src/plugins/authentication';
import type { Services } from '#src/services';
import { JobHistoryParams, JobHistoryQuery, JobHistoryView } from './job-history.schemas';

export const jobHistoryRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/api/v1/jobs/:jobId/history',
    {
      schema: {
        tags: ['backup jobs'],
        summary: "A job's runs newest first (keyset-paged) with review and ticket, and its backup rate over 7 and 30 days",
        params: JobHistoryParams,
        querystring: JobHistoryQuery,
        response: { 200: JobHistoryView },
      },
    },
    (req) => services.jobHistory.load(contextOf(req), req.params.jobId, req.query),
  );
};
