// Issue 20: the signed-in user's daily digest.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '#src/plugins/authentication';
import type { Services } from '#src/services';
import { DigestSentView, DigestSubscriptionView, SaveDigestBody } from './digest.schemas';

export const digestRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const tags = ['notifications'];
  const { digest } = services;
  app.get(
    '/api/v1/me/digest',
    { schema: { tags, summary: 'My daily digest: on or off, when, in which time zone', response: { 200: DigestSubscriptionView } } },
    (req) => digest.getSubscription(contextOf(req)),
  );
  app.put(
    '/api/v1/me/digest',
    { schema: { tags, summary: 'Choose my daily digest', body: SaveDigestBody, response: { 200: DigestSubscriptionView } } },
    (req) => digest.saveSubscription(contextOf(req), req.body),
  );
  app.post(
    '/api/v1/me/digest/send',
    {
      schema: { tags, summary: 'Queue my digest now, to see what it looks like (needs outgoing mail)', response: { 200: DigestSentView } },
    },
    (req) => digest.sendMine(contextOf(req)),
  );
};
