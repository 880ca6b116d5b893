import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '#src/plugins/authentication';
import type { Services } from '#src/services';
import {
  CreateItemBody,
  CreateTagBody,
  CustomerParams,
  InfrastructureItemView,
  InfrastructureList,
  ItemParams,
  ItemTagParams,
  TagList,
  TagParams,
  TagView,
} from './infrastructure.schemas';

export const infrastructureRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const tags = ['infrastructure'];
  const { infrastructure } = services;

  app.get(
    '/api/v1/customers/:customerId/infrastructure',
    {
      schema: {
        tags,
        summary: "A customer's infrastructure items with their tags",
        params: CustomerParams,
        response: { 200: InfrastructureList },
      },
    },
    async (req) => ({ items: await infrastructure.listItems(contextOf(req), req.params.customerId) }),
  );
  app.post(
    '/api/v1/customers/:customerId/infrastructure',
    {
      schema: {
        tags,
        summary: 'Add an item; run objects with its name are linked to it (admin, operator)',
        params: CustomerParams,
        body: CreateItemBody,
        response: { 201: InfrastructureItemView },
      },
    },
    async (req, reply) => reply.status(201).send(await infrastructure.createItem(contextOf(req), req.params.customerId, req.body)),
  );
  app.delete(
    '/api/v1/infrastructure/:itemId',
    { schema: { tags, summary: 'Delete an item and its tag links (admin, operator)', params: ItemParams } },
    async (req, reply) => {
      await infrastructure.deleteItem(contextOf(req), req.params.itemId);
      return reply.status(204).send();
    },
  );
  app.get('/api/v1/tags', { schema: { tags, summary: 'All tags', response: { 200: TagList } } }, async (req) => ({
    tags: await infrastructure.listTags(contextOf(req)),
  }));
  app.post(
    '/api/v1/tags',
    { schema: { tags, summary: 'Create a tag (admin, operator)', body: CreateTagBody, response: { 201: TagView } } },
    async (req, reply) => reply.status(201).send(await infrastructure.createTag(contextOf(req), req.body)),
  );
  app.delete(
    '/api/v1/tags/:tagId',
    { schema: { tags, summary: 'Delete a tag and all its links (admin)', params: TagParams } },
    async (req, reply) => {
      await infrastructure.deleteTag(contextOf(req), req.params.tagId);
      return reply.status(204).send();
    },
  );
  app.put(
    '/api/v1/infrastructure/:itemId/tags/:tagId',
    { schema: { tags, summary: 'Tag an item (admin, operator)', params: ItemTagParams } },
    async (req, reply) => {
      await infrastructure.tagItem(contextOf(req), req.params.itemId, req.params.tagId, true);
      return reply.status(204).send();
    },
  );
  app.delete(
    '/api/v1/infrastructure/:itemId/tags/:tagId',
    { schema: { tags, summary: 'Untag an item (admin, operator)', params: ItemTagParams } },
    async (req, reply) => {
      await infrastructure.tagItem(contextOf(req), req.params.itemId, req.params.tagId, false);
      return reply.status(204).send();
    },
  );
};
