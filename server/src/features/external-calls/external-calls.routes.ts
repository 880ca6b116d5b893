import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '#src/plugins/authentication';
import type { Services } from '#src/services';
import { ExternalCallPage, ExternalCallQuery } from './external-calls.schemas';

export const externalCallsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/api/v1/external-calls',
    {
      schema: {
        tags: ['integrations'],
        summary: 'The external call log, newest first; secrets redacted (admin)',
        querystring: ExternalCallQuery,
        response: { 200: ExternalCallPage },
      },
    },
    (req) => services.externalCallLog.listExternalCalls(contextOf(req), req.query),
  );
};
