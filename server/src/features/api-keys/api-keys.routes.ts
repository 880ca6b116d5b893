import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '#src/plugins/authentication';
import type { Services } from '#src/services';
import { ApiKeyList, ApiKeyParams, ApiKeyView, CreateApiKeyBody, CreatedApiKeyView } from './api-keys.schemas';

export const apiKeysRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const tags = ['api keys'];
  app.get('/api/v1/api-keys', { schema: { tags, summary: 'List API keys (admin)', response: { 200: ApiKeyList } } }, async (req) => ({
    apiKeys: await services.apiKeys.listApiKeys(contextOf(req)),
  }));

  app.post(
    '/api/v1/api-keys',
    {
      schema: {
        tags,
        summary: 'Create an API key; the key is returned once (admin)',
        body: CreateApiKeyBody,
        response: { 201: CreatedApiKeyView },
      },
    },
    async (req, reply) => reply.status(201).send(await services.apiKeys.createApiKey(contextOf(req), req.body)),
  );

  app.delete(
    '/api/v1/api-keys/:apiKeyId',
    { schema: { tags, summary: 'Revoke an API key (admin)', params: ApiKeyParams, response: { 200: ApiKeyView } } },
    (req) => services.apiKeys.revokeApiKey(contextOf(req), req.params.apiKeyId),
  );
};
