// I2: the external call log as admins read it (bodies are stored redacted).
import { z } from 'zod';

export const ExternalCallQuery = z.strictObject({
  integration: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{1,40}$/)
    .optional(),
  outcome: z.enum(['ok', 'failed']).optional(),
  action: z
    .string()
    .regex(/^[a-z]{2,20}$/)
    .optional(),
  /** Opaque cursor from the previous page. */
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ExternalCallQuery = z.infer<typeof ExternalCallQuery>;

export const ExternalCallView = z.object({
  id: z.uuid(),
  at: z.iso.datetime(),
  integration: z.string(),
  direction: z.string(),
  action: z.string(),
  method: z.string(),
  url: z.string(),
  httpStatus: z.number().nullable(),
  durationMs: z.number(),
  outcome: z.string(),
  errorMessage: z.string().nullable(),
  externalId: z.string().nullable(),
  actorKind: z.string(),
  actorId: z.string().nullable(),
  correlationId: z.string(),
  related: z.object({ type: z.string(), id: z.string() }).nullable(),
  requestBody: z.unknown(),
  responseBody: z.unknown(),
});
export type ExternalCallView = z.infer<typeof ExternalCallView>;
export const ExternalCallPage = z.object({ calls: z.array(ExternalCallView), nextCursor: z.string().nullable() });
