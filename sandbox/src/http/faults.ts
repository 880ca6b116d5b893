// Fault injection rules for the simulators: which requests they hit and what they do.
import { z } from 'zod';

export const FAULT_MODES = ['drop_after_commit', 'rate_limit', 'server_error', 'latency'] as const;

export const FaultRuleInput = z
  .object({
    mode: z.enum(FAULT_MODES),
    /** Only requests with this method (any when absent). */
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).optional(),
    /** A regular expression tested against the lower-cased request path (any when absent). */
    path: z.string().max(500).optional(),
    /** How many matching requests it affects; unlimited when absent. */
    times: z.number().int().min(1).optional(),
    retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
    latencyMs: z.number().int().min(0).max(120_000).optional(),
    status: z.number().int().min(500).max(599).optional(),
  })
  .strict();
export type FaultRuleInput = z.infer<typeof FaultRuleInput>;

export type FaultRule = FaultRuleInput & { id: number; remaining: number | null };

/** Provider-shaped error bodies for injected failures. */
export type FaultShape = {
  rateLimited: () => unknown;
  serverError: (status: number, detail?: string) => unknown;
};

export const matchFault = (rules: readonly FaultRule[], request: { method: string; path: string }) =>
  rules.find(
    (rule) =>
      (rule.method === undefined || rule.method === request.method) &&
      (rule.path === undefined || new RegExp(rule.path).test(request.path.toLowerCase())),
  );
