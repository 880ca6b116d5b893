// Who is acting and for which account. Passed as the first argument of every service method.
import type { FastifyBaseLogger } from 'fastify';
import { AppError } from './app-error';

export const USER_ROLES = ['admin', 'operator', 'reporter'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** N4: what an API key may reach. `ingest`: the ingestion routes only; `read`: GET routes. */
export const API_KEY_SCOPES = ['ingest', 'read'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** API keys act for machines (ingestion); they never pass a user-role check. */
export type ActorRole = UserRole | 'machine' | 'system';

export type Actor =
  | { kind: 'user'; userId: string; role: UserRole; sessionId: string | null }
  | { kind: 'api_key'; apiKeyId: string; role: 'machine'; scopes: readonly ApiKeyScope[] }
  | { kind: 'system'; role: 'system'; reason: string };

export type RequestContext = {
  accountId: string;
  actor: Actor;
  requestId: string;
  log: FastifyBaseLogger;
};

export const actorId = (actor: Actor): string | null =>
  actor.kind === 'user' ? actor.userId : actor.kind === 'api_key' ? actor.apiKeyId : null;

export const requireRole = (ctx: RequestContext, allowed: readonly ActorRole[]): void => {
  if (!allowed.includes(ctx.actor.role)) {
    throw new AppError('forbidden', 'Your role does not allow this action');
  }
};

export const requireUser = (ctx: RequestContext): Extract<Actor, { kind: 'user' }> => {
  if (ctx.actor.kind !== 'user') {
    throw new AppError('forbidden', 'This action needs a signed-in user');
  }
  return ctx.actor;
};

/** The signed-in user acting, for `…_by` columns; null for machines and system jobs. */
export const userIdOf = (ctx: RequestContext): string | null => (ctx.actor.kind === 'user' ? ctx.actor.userId : null);
