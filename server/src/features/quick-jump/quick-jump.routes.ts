import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '#src/plugins/authentication';
import type { Services } from '#src/services';
import { JumpQuery, JumpResults } from './quick-jump.schemas';

export const quickJumpRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/api/v1/jump',
    {
      schema: {
        tags: ['search'],
        summary: 'Customers, jobs, a run by id, ticket numbers and pilot sessions matching what was typed (the ⌘/Ctrl+K palette)',
        querystring: JumpQuery,
        response: { 200: JumpResults },
      },
    },
    (req) => services.quickJump.find(contextOf(req), req.query.q),
  );
};
