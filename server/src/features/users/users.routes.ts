import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '#src/plugins/authentication';
import type { Services } from '#src/services';
import { CreateUserBody, TemporaryPasswordView, UpdateUserBody, UserList, UserParams, UserView } from './users.schemas';

export const usersRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const tags = ['users'];
  app.get('/api/v1/users', { schema: { tags, summary: "List the account's users (admin)", response: { 200: UserList } } }, async (req) => ({
    users: await services.users.listUsers(contextOf(req)),
  }));

  app.post(
    '/api/v1/users',
    { schema: { tags, summary: 'Create a user (admin)', body: CreateUserBody, response: { 201: UserView } } },
    async (req, reply) => reply.status(201).send(await services.users.createUser(contextOf(req), req.body)),
  );

  app.get(
    '/api/v1/users/:userId',
    { schema: { tags, summary: 'Get a user (admin)', params: UserParams, response: { 200: UserView } } },
    (req) => services.users.getUser(contextOf(req), req.params.userId),
  );

  app.patch(
    '/api/v1/users/:userId',
    {
      schema: {
        tags,
        summary: 'Change name, role or active state (admin)',
        params: UserParams,
        body: UpdateUserBody,
        response: { 200: UserView },
      },
    },
    (req) => services.users.updateUser(contextOf(req), req.params.userId, req.body),
  );

  app.post(
    '/api/v1/users/:userId/reset-password',
    {
      schema: {
        tags,
        summary: 'Set a generated temporary password, shown once (admin)',
        params: UserParams,
        response: { 200: TemporaryPasswordView },
      },
    },
    (req) => services.users.resetPassword(contextOf(req), req.params.userId),
  );
};
