import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '#src/plugins/authentication';
import type { Services } from '#src/services';
import {
  CompanySearchQuery,
  CompanySearchView,
  ConnectionTestView,
  IntegrationList,
  IntegrationParams,
  IntegrationStatusList,
  IntegrationView,
  RefreshReferenceBody,
  SaveIntegrationBody,
  ValidationView,
} from './integrations.schemas';

export const integrationsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const tags = ['integrations'];
  const { integrations } = services;

  app.get(
    '/api/v1/integrations',
    { schema: { tags, summary: 'Both PSA integrations, secrets never included (admin)', response: { 200: IntegrationList } } },
    async (req) => ({
      integrations: await integrations.listIntegrations(contextOf(req)),
    }),
  );

  app.get(
    '/api/v1/integrations/status',
    { schema: { tags, summary: 'Which PSA integrations are enabled (any role)', response: { 200: IntegrationStatusList } } },
    async (req) => ({ integrations: await integrations.listIntegrationStatus(contextOf(req)) }),
  );

  app.get(
    '/api/v1/integrations/:kind',
    { schema: { tags, summary: 'One PSA integration (admin)', params: IntegrationParams, response: { 200: IntegrationView } } },
    (req) => integrations.getIntegration(contextOf(req), req.params.kind),
  );

  app.put(
    '/api/v1/integrations/:kind',
    {
      schema: {
        tags,
        summary: 'Save a PSA integration; omitted secrets keep their stored values (admin)',
        params: IntegrationParams,
        body: SaveIntegrationBody,
        response: { 200: IntegrationView },
      },
    },
    (req) => integrations.saveIntegration(contextOf(req), req.params.kind, req.body),
  );

  app.post(
    '/api/v1/integrations/:kind/test',
    {
      schema: {
        tags,
        summary: 'Test the connection with the stored credentials (admin)',
        params: IntegrationParams,
        response: { 200: ConnectionTestView },
      },
    },
    (req) => integrations.testConnection(contextOf(req), req.params.kind),
  );

  app.post(
    '/api/v1/integrations/:kind/validate',
    {
      schema: {
        tags,
        summary: 'Validate credentials, reference data and defaults (admin)',
        params: IntegrationParams,
        response: { 200: ValidationView },
      },
    },
    (req) => integrations.validateConfiguration(contextOf(req), req.params.kind),
  );

  app.post(
    '/api/v1/integrations/:kind/reference-data/refresh',
    {
      schema: {
        tags,
        summary: 'Reload queues, sources, statuses and priorities from the PSA (admin)',
        params: IntegrationParams,
        body: RefreshReferenceBody,
        response: { 200: IntegrationView },
      },
    },
    (req) => integrations.refreshReferenceData(contextOf(req), req.params.kind, req.body),
  );

  app.get(
    '/api/v1/integrations/:kind/companies',
    {
      schema: {
        tags,
        summary: 'Search PSA companies by name, live (admin, operator)',
        params: IntegrationParams,
        querystring: CompanySearchQuery,
        response: { 200: CompanySearchView },
      },
    },
    (req) => integrations.searchCompanies(contextOf(req), req.params.kind, req.query),
  );
};
