import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '#src/plugins/authentication';
import type { Services } from '#src/services';
import { CreatedMapping, CreateMappingBody, MappingParams, SourceRoutingView } from './source-routing.schemas';

export const sourceRoutingRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const tags = ['backup jobs'];
  const { sourceRouting } = services;

  app.get(
    '/api/v1/source-customer-refs',
    {
      schema: {
        tags,
        summary: "Machine senders' customer references: the mappings, and references still waiting in the Inbox (admin, operator)",
        response: { 200: SourceRoutingView },
      },
    },
    async (req) => sourceRouting.list(contextOf(req)),
  );

  app.post(
    '/api/v1/source-customer-refs',
    {
      schema: {
        tags,
        summary: "Map a source's customer reference to a customer; its waiting jobs are approved for that customer (admin)",
        body: CreateMappingBody,
        response: { 201: CreatedMapping },
      },
    },
    async (req, reply) => reply.status(201).send(await sourceRouting.create(contextOf(req), req.body)),
  );

  app.delete(
    '/api/v1/source-customer-refs/:mappingId',
    { schema: { tags, summary: 'Stop routing a reference; jobs it approved keep their customer (admin)', params: MappingParams } },
    async (req, reply) => {
      await sourceRouting.remove(contextOf(req), req.params.mappingId);
      return reply.status(204).send();
    },
  );
};
