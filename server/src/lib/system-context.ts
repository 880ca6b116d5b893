// The context a background job acts in: one account, the system as actor.
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { RequestContext } from './context';

export const systemContext = (accountId: string, reason: string, log: FastifyBaseLogger): RequestContext => {
  const requestId = `job-${randomUUID()}`;
  return { accountId, actor: { kind: 'system', role: 'system', reason }, requestId, log: log.child({ accountId, requestId, job: reason }) };
};
