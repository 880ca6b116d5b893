import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '#src/plugins/authentication';
import type { Services } from '#src/services';
import { Dashboard, DashboardQuery } from './dashboard.schemas';

export const dashboardRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/api/v1/dashboard',
    {
      schema: {
        tags: ['dashboard'],
        summary:
          'Per customer: worst outcome of the last 24 h, backup rate over 7 and 30 days, waiting runs, missed today, open tickets, and a customer × day heat-map (days in the account time zone)',
        querystring: DashboardQuery,
        response: { 200: Dashboard },
      },
    },
    (req) => services.dashboard.load(contextOf(req), req.query),
  );
};
