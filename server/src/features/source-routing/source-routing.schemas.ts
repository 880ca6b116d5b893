// Issue 19 (B2.3): customer references of machine senders, over HTTP.
import { z } from 'zod';

export const MappingParams = z.strictObject({ mappingId: z.uuid() });

export const CreateMappingBody = z.strictObject({
  /** The ingestion source as the sender names it in its batches. */
  source: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'Letters, digits and . _ : - only'),
  customerRef: z.string().trim().min(1).max(200),
  customerId: z.uuid(),
});
export type CreateMappingBody = z.infer<typeof CreateMappingBody>;

export const MappingView = z.object({
  id: z.uuid(),
  source: z.string(),
  customerRef: z.string(),
  customerId: z.uuid(),
  customerName: z.string(),
  createdAt: z.iso.datetime(),
});

export const UnmappedRefView = z.object({
  source: z.string(),
  customerRef: z.string(),
  waitingJobs: z.number(),
  waitingRuns: z.number(),
  lastRunAt: z.iso.datetime().nullable(),
});

export const SourceRoutingView = z.object({ mappings: z.array(MappingView), unmapped: z.array(UnmappedRefView) });
export const CreatedMapping = z.object({
  mapping: MappingView,
  /** Jobs that were waiting in the Inbox with this reference and are now approved for the customer. */
  approvedJobs: z.number(),
});
