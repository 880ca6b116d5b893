// Typed job definitions and the queue interface with two drivers: pg-boss (production, on the
// same PostgreSQL or PGlite) and inline (small and medium tests).
import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import type { Services } from '#src/services';

export type JobDeps = { services: Services; log: FastifyBaseLogger };
/** What a handler receives: the deps plus the queue, so a sweep can fan out one job per tenant. */
export type JobRuntime = JobDeps & { queue: JobQueue };

export type JobDefinition<P extends Record<string, unknown>> = {
  /** Dotted: <feature>.<action>. */
  name: string;
  payload: z.ZodType<P>;
  /** A retried or double-enqueued job with the same key runs once. */
  dedupeKey?: (payload: P) => string;
  /** Retries after a failed run, with exponential back-off from `delaySeconds` (pg-boss). */
  retry?: { limit: number; delaySeconds: number };
  /** Cron (UTC) for recurring jobs; a function when the configuration sets it. */
  schedule?: { cron: string | ((services: Services) => string); payload: P };
  handle(payload: P, runtime: JobRuntime): Promise<void>;
};

export const defineJob = <P extends Record<string, unknown>>(job: JobDefinition<P>) => job;

// biome-ignore lint/suspicious/noExplicitAny: a registry holds jobs of every payload type.
export type AnyJob = JobDefinition<any>;

export type JobQueue = {
  start(): Promise<void>;
  send<P extends Record<string, unknown>>(job: JobDefinition<P>, payload: P): Promise<void>;
  stop(): Promise<void>;
};
