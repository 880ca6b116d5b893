import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '#src/plugins/authentication';
import type { Services } from '#src/services';
import {
  CreateCustomerBody,
  CustomerList,
  CustomerListQuery,
  CustomerParams,
  CustomerView,
  MapCustomerBody,
  SyncSummaryView,
  UpdateCustomerBody,
} from './customers.schemas';

export const customersRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const tags = ['customers'];
  const { customers } = services;
  const byId = { params: CustomerParams, response: { 200: CustomerView } };

  app.get(
    '/api/v1/customers',
    {
      schema: {
        tags,
        summary: 'List customers with their PSA mapping, in name order, a page at a time (nextCursor)',
        querystring: CustomerListQuery,
        response: { 200: CustomerList },
      },
    },
    (req) => customers.pageCustomers(contextOf(req), req.query),
  );

  app.post(
    '/api/v1/customers',
    { schema: { tags, summary: 'Create a customer (admin, operator)', body: CreateCustomerBody, response: { 201: CustomerView } } },
    async (req, reply) => reply.status(201).send(await customers.createCustomer(contextOf(req), req.body)),
  );

  app.post(
    '/api/v1/customers/psa-sync',
    { schema: { tags, summary: 'Re-read every mapped PSA company now (admin, operator)', response: { 200: SyncSummaryView } } },
    (req) => customers.syncAllMappings(contextOf(req)),
  );

  app.get('/api/v1/customers/:customerId', { schema: { tags, summary: 'Get a customer', ...byId } }, (req) =>
    customers.getCustomer(contextOf(req), req.params.customerId),
  );

  app.patch(
    '/api/v1/customers/:customerId',
    { schema: { tags, summary: 'Rename, annotate or deactivate a customer (admin, operator)', ...byId, body: UpdateCustomerBody } },
    (req) => customers.updateCustomer(contextOf(req), req.params.customerId, req.body),
  );

  app.put(
    '/api/v1/customers/:customerId/psa-mapping',
    { schema: { tags, summary: 'Map the customer to a PSA company by id (admin, operator)', ...byId, body: MapCustomerBody } },
    (req) => customers.mapCustomer(contextOf(req), req.params.customerId, req.body),
  );

  app.delete(
    '/api/v1/customers/:customerId/psa-mapping',
    { schema: { tags, summary: 'Remove the PSA mapping (admin, operator)', ...byId } },
    (req) => customers.unmapCustomer(contextOf(req), req.params.customerId),
  );

  app.post(
    '/api/v1/customers/:customerId/psa-mapping/verify',
    { schema: { tags, summary: 'Verify the mapping against the PSA now (admin, operator)', ...byId } },
    (req) => customers.verifyMapping(contextOf(req), req.params.customerId),
  );

  app.post(
    '/api/v1/customers/:customerId/psa-mapping/acknowledge-rename',
    { schema: { tags, summary: 'Accept the PSA company’s new name (admin, operator)', ...byId } },
    (req) => customers.acknowledgeRename(contextOf(req), req.params.customerId),
  );
};
