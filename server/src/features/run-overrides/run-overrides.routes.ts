import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '#src/plugins/authentication';
import type { Services } from '#src/services';
import { CreatedOverride, CreateOverrideBody, OverrideList, OverrideListQuery, OverrideParams } from './run-overrides.schemas';

export const runOverridesRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const tags = ['run checks'];
  const { runOverrides } = services;

  app.get(
    '/api/v1/overrides',
    {
      schema: {
        tags,
        summary: 'Overrides; with jobId, the ones that apply to that job (its own and the global ones)',
        querystring: OverrideListQuery,
        response: { 200: OverrideList },
      },
    },
    async (req) => ({ overrides: await runOverrides.listOverrides(contextOf(req), req.query.jobId ?? null) }),
  );

  app.post(
    '/api/v1/overrides',
    {
      schema: {
        tags,
        summary: 'Treat matching problems as success from now on, optionally also for runs already waiting (admin, operator)',
        body: CreateOverrideBody,
        response: { 201: CreatedOverride },
      },
    },
    async (req, reply) => reply.status(201).send(await runOverrides.createOverride(contextOf(req), req.body)),
  );

  app.delete(
    '/api/v1/overrides/:overrideId',
    { schema: { tags, summary: 'Delete an override; runs it reviewed stay reviewed (admin)', params: OverrideParams } },
    async (req, reply) => {
      await runOverrides.deleteOverride(contextOf(req), req.params.overrideId);
      return reply.status(204).send();
    },
  );
};
