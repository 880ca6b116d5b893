// Resolves who is calling (session cookie or API key) before any handler runs, and enforces CSRF
// on cookie-authenticated writes: the session's token must come back in the x-csrf-token header.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Authenticated, AuthService } from '#src/features/auth/auth.service';
import { AppError } from '#src/lib/app-error';
import type { ApiKeyScope, RequestContext } from '#src/lib/context';
import { safeEqual } from '#src/lib/tokens';

export const SESSION_COOKIE = 'fd_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    auth: (Authenticated & { via: 'cookie' | 'api_key' }) | null;
  }
  interface FastifyContextConfig {
    /** N4: the API-key scope that reaches this route; without one, GET needs `read` and writes are refused. */
    apiKeyScope?: ApiKeyScope;
  }
}

/** The scope an API key needs for the request, or null when no key may make it. */
const scopeNeeded = (request: FastifyRequest): ApiKeyScope | null =>
  request.routeOptions.config?.apiKeyScope ?? (SAFE_METHODS.has(request.method) ? 'read' : null);

/** The caller's context; 401 when the request is not authenticated. */
export const contextOf = (request: FastifyRequest): RequestContext => {
  if (!request.auth) {
    throw new AppError('unauthenticated', 'Sign in first');
  }
  return { accountId: request.auth.accountId, actor: request.auth.actor, requestId: request.id, log: request.log };
};

const bearerToken = (request: FastifyRequest) => {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
};

export const authenticationPlugin = fp(async (app: FastifyInstance, options: { auth: AuthService }) => {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    const apiKey = bearerToken(request);
    if (apiKey) {
      const found = await options.auth.authenticateApiKey(apiKey);
      if (!found) {
        throw new AppError('unauthenticated', 'The API key is invalid or revoked');
      }
      const needed = scopeNeeded(request);
      const scopes = found.actor.kind === 'api_key' ? found.actor.scopes : [];
      if (!needed || !scopes.includes(needed)) {
        throw new AppError(
          'forbidden',
          `This API key's scopes (${scopes.join(', ')}) do not reach ${request.method} ${request.url.split('?')[0]}`,
        );
      }
      request.auth = { ...found, via: 'api_key' };
      request.log = request.log.child({ accountId: found.accountId, actor: 'api_key' });
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) {
      return;
    }
    const found = await options.auth.authenticateSessionToken(token);
    if (!found) {
      return;
    }
    request.auth = { ...found, via: 'cookie' };
    request.log = request.log.child({ accountId: found.accountId, userId: found.actor.kind === 'user' ? found.actor.userId : undefined });
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !found.csrfToken || !safeEqual(sent, found.csrfToken)) {
        throw new AppError('forbidden', 'Missing or invalid CSRF token');
      }
    }
  });
});
