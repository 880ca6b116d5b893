import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isDatabaseReachable } from '#src/db/connection';
import type { Services } from '#src/services';

const Health = z.object({ status: z.enum(['ok', 'ready', 'unavailable']) });

export const healthRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const tags = ['health'];
  app.get('/healthz', { schema: { tags, summary: 'The process is up', response: { 200: Health } } }, async () => ({
    status: 'ok' as const,
  }));
  app.get(
    '/readyz',
    { schema: { tags, summary: 'The database is reachable', response: { 200: Health, 503: Health } } },
    async (_req, reply) =>
      (await isDatabaseReachable(services.database))
        ? { status: 'ready' as const }
        : reply.status(503).send({ status: 'unavailable' as const }),
  );
};
