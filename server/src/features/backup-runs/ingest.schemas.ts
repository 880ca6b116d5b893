// B2.3 (a): the ingestion API's shapes. The batch is checked loosely so that every item can be
// validated on its own and answered `accepted | duplicate | rejected` with a reason.
import { z } from 'zod';
import { SaneDateTime } from '#src/lib/boundary-text';

export const MAX_BATCH = 1000;
/** Issue 14: 1,000 runs of 25 objects take ~4 MiB; the largest batch the limits admit is far more. */
export const INGEST_BODY_LIMIT = 32 * 1024 * 1024;
const Text = (max: number) => z.string().trim().min(1).max(max);
const ByteCount = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const RunObjectInput = z.strictObject({
  name: Text(300),
  type: z.string().trim().max(100).default(''),
  status: z.enum(['success', 'warning', 'error']),
  messages: z.array(z.string().max(2000)).max(50).default([]),
});

export const RunInput = z
  .strictObject({
    /** Unique per source: the same key again is a duplicate, never a second run. */
    sourceKey: Text(300),
    job: z.strictObject({
      name: Text(300),
      software: Text(100),
      type: z.string().trim().max(100).default(''),
      /** The machine the job ran on; same-named jobs on two hosts are two jobs (issue 19). */
      host: z.string().trim().max(255).optional(),
    }),
    /**
     * The sender's own reference for the customer (an RMM's client or site id). Once an admin maps
     * it for this source, new jobs route to that customer without waiting in the Inbox.
     */
    customerRef: Text(200).optional(),
    status: z.enum(['success', 'warning', 'error']),
    startedAt: SaneDateTime.optional(),
    endedAt: SaneDateTime.optional(),
    remark: z.string().max(4000).default(''),
    objects: z.array(RunObjectInput).max(500).default([]),
    /** What the product reports as the protected size and the bytes sent, when it does. */
    sizeBytes: ByteCount.optional(),
    transferredBytes: ByteCount.optional(),
  })
  .refine((r) => r.startedAt !== undefined || r.endedAt !== undefined, { message: 'Give startedAt, endedAt or both', path: ['startedAt'] })
  .refine((r) => !r.startedAt || !r.endedAt || Date.parse(r.endedAt) >= Date.parse(r.startedAt), {
    message: 'endedAt is before startedAt',
    path: ['endedAt'],
  });
export type RunInput = z.infer<typeof RunInput>;

export const IngestBody = z.strictObject({
  /** Names the system sending the runs (e.g. "rmm-export"); keys are unique within it. */
  source: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'Letters, digits and . _ : - only')
    .default('api'),
  runs: z.array(z.unknown()).min(1).max(MAX_BATCH, `At most ${MAX_BATCH} runs per batch`),
  // The source's pattern admits no NUL or surrogate; the items are checked one by one in the service.
});

export const IngestItemResult = z.object({
  index: z.number(),
  sourceKey: z.string().nullable(),
  result: z.enum(['accepted', 'duplicate', 'rejected']),
  runId: z.uuid().nullable(),
  /** `inbox` when the job is not approved yet; `job` when it was matched to a known job. */
  routedTo: z.enum(['job', 'inbox']).nullable(),
  reason: z.string().nullable(),
});
export type IngestItemResult = z.infer<typeof IngestItemResult>;

export const IngestResponse = z.object({
  accepted: z.number(),
  duplicate: z.number(),
  rejected: z.number(),
  items: z.array(IngestItemResult),
});
