import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '#src/lib/app-error';
import { contextOf, SESSION_COOKIE } from '#src/plugins/authentication';
import type { Services } from '#src/services';
import { ChangePasswordBody, LoginBody, SessionView, SetAccountTimezoneBody, SetOwnTimezoneBody } from './auth.schemas';

export const authRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const tags = ['auth'];
  const sessionView = async (scope: { accountId: string; user: Awaited<ReturnType<Services['users']['getMe']>> }, csrfToken: string) => ({
    user: scope.user,
    account: await services.accounts.getAccount(scope),
    csrfToken,
  });

  app.post(
    '/api/v1/auth/login',
    { schema: { tags, summary: 'Sign in; sets the session cookie', body: LoginBody, response: { 200: SessionView } } },
    async (req, reply) => {
      const session = await services.auth.login({
        email: req.body.email,
        password: req.body.password,
        clientAddress: req.ip,
        userAgent: req.headers['user-agent'] ?? null,
      });
      reply.setCookie(SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: req.protocol === 'https',
        path: '/',
        expires: session.expiresAt,
      });
      return sessionView({ accountId: session.accountId, user: session.user }, session.csrfToken);
    },
  );

  app.get('/api/v1/auth/me', { schema: { tags, summary: 'The signed-in user', response: { 200: SessionView } } }, async (req) => {
    const ctx = contextOf(req);
    if (!req.auth?.csrfToken) {
      throw new AppError('forbidden', 'API keys have no user session');
    }
    return sessionView({ accountId: ctx.accountId, user: await services.users.getMe(ctx) }, req.auth.csrfToken);
  });

  // For the web app: 200 whether or not signed in, so a signed-out page load logs no failed request.
  app.get(
    '/api/v1/auth/session',
    { schema: { tags, summary: 'The current browser session, or null', response: { 200: z.object({ session: SessionView.nullable() }) } } },
    async (req) => {
      if (!req.auth?.csrfToken) {
        return { session: null };
      }
      const ctx = contextOf(req);
      return { session: await sessionView({ accountId: ctx.accountId, user: await services.users.getMe(ctx) }, req.auth.csrfToken) };
    },
  );

  app.post('/api/v1/auth/logout', { schema: { tags, summary: 'Sign out', response: { 204: z.null() } } }, async (req, reply) => {
    if (req.auth) {
      await services.auth.logout(contextOf(req));
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.put(
    '/api/v1/auth/timezone',
    {
      schema: {
        tags,
        summary: 'Set the timezone you read dates in; null follows the account',
        body: SetOwnTimezoneBody,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await services.users.setOwnTimezone(contextOf(req), req.body.timezone);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/v1/account/timezone',
    {
      schema: {
        tags,
        summary: "Set the account's timezone: dates for users without their own, and the dashboard's day (admin)",
        body: SetAccountTimezoneBody,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await services.accounts.setTimezone(contextOf(req), req.body.timezone);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/password',
    { schema: { tags, summary: 'Change your own password', body: ChangePasswordBody, response: { 204: z.null() } } },
    async (req, reply) => {
      await services.users.changeOwnPassword(contextOf(req), req.body);
      return reply.status(204).send(null);
    },
  );
};
