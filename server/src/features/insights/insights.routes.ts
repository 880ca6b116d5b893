import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '#src/plugins/authentication';
import type { Services } from '#src/services';
import {
  CustomerInsightParams,
  FactInsightBody,
  FactInsightParams,
  InsightBody,
  InsightList,
  InsightListQuery,
  InsightParams,
  InsightPatch,
  InsightView,
} from './insights.schemas';

export const insightsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const tags = ['insights'];
  const { insights } = services;

  app.get(
    '/api/v1/customers/:customerId/insights',
    {
      schema: {
        tags,
        summary: "The customer's environment insights, highest priority first (retired ones on request)",
        params: CustomerInsightParams,
        querystring: InsightListQuery,
        response: { 200: InsightList },
      },
    },
    (req) => insights.list(contextOf(req), req.params.customerId, req.query.retired === 'include'),
  );
  app.post(
    '/api/v1/customers/:customerId/insights',
    {
      schema: {
        tags,
        summary: 'Record an insight about the customer (admin, operator)',
        params: CustomerInsightParams,
        body: InsightBody,
        response: { 201: InsightView },
      },
    },
    async (req, reply) => reply.status(201).send(await insights.create(contextOf(req), req.params.customerId, req.body)),
  );
  app.post(
    '/api/v1/ai-sessions/:sessionId/facts/:factId/insight',
    {
      schema: {
        tags,
        summary: "Save a session's fact as an insight of its customer, also after Resolve (admin, operator)",
        params: FactInsightParams,
        body: FactInsightBody,
        response: { 201: InsightView },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await insights.fromFact(contextOf(req), req.params.sessionId, req.params.factId, req.body)),
  );
  app.patch(
    '/api/v1/insights/:insightId',
    {
      schema: {
        tags,
        summary: 'Change an insight (admin, operator)',
        params: InsightParams,
        body: InsightPatch,
        response: { 200: InsightView },
      },
    },
    (req) => insights.update(contextOf(req), req.params.insightId, req.body),
  );
  app.post(
    '/api/v1/insights/:insightId/retire',
    {
      schema: {
        tags,
        summary: 'Retire an insight: it stops reaching the pilot (admin, operator)',
        params: InsightParams,
        response: { 200: InsightView },
      },
    },
    (req) => insights.retire(contextOf(req), req.params.insightId),
  );
};
