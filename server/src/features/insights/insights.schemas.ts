import { z } from 'zod';

export const INSIGHT_CATEGORIES = [
  'command_constraints',
  'service_configuration',
  'version_limitations',
  'network',
  'security',
  'other',
] as const;
export const INSIGHT_CONFIDENCE = ['confirmed', 'likely', 'suspected'] as const;

export const InsightParams = z.strictObject({ insightId: z.uuid() });
export const CustomerInsightParams = z.strictObject({ customerId: z.uuid() });
export const FactInsightParams = z.strictObject({ sessionId: z.uuid(), factId: z.uuid() });

export const InsightBody = z.strictObject({
  category: z.enum(INSIGHT_CATEGORIES),
  confidence: z.enum(INSIGHT_CONFIDENCE).default('confirmed'),
  priority: z.number().int().min(1).max(10).default(5),
  text: z.string().trim().min(1).max(2000),
  infrastructureItemId: z.uuid().nullable().default(null),
});
export type InsightBody = z.infer<typeof InsightBody>;
export const InsightPatch = InsightBody.omit({ infrastructureItemId: true }).partial().strict();
/** From a fact: its text unless the engineer rewrote it. */
export const FactInsightBody = InsightBody.omit({ text: true, infrastructureItemId: true }).extend({
  text: z.string().trim().min(1).max(2000).optional(),
});

export const InsightView = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  category: z.enum(INSIGHT_CATEGORIES),
  confidence: z.enum(INSIGHT_CONFIDENCE),
  priority: z.number(),
  text: z.string(),
  infrastructureItemId: z.uuid().nullable(),
  sourceSessionId: z.uuid().nullable(),
  sourceFactId: z.uuid().nullable(),
  createdByName: z.string().nullable(),
  retiredAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export const InsightList = z.object({ insights: z.array(InsightView) });
export const InsightListQuery = z.strictObject({ retired: z.enum(['include', 'exclude']).default('exclude') });
