// B2.3 (b): report mails as the API shows them (never the raw bytes except through the download).
import { z } from 'zod';

export const MAIL_STATUSES = ['parsed', 'unparsed', 'failed'] as const;
export const MAX_MAIL_BYTES = 10 * 1024 * 1024;

export const MailParams = z.strictObject({ mailId: z.uuid() });
export const MailListQuery = z.strictObject({
  status: z.enum(MAIL_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const MailView = z.object({
  id: z.uuid(),
  source: z.enum(['upload', 'imap', 'graph']),
  sender: z.string(),
  subject: z.string(),
  sentAt: z.iso.datetime().nullable(),
  sizeBytes: z.number(),
  status: z.enum(MAIL_STATUSES),
  parserId: z.string().nullable(),
  /** Why the mail was not turned into runs. */
  reason: z.string().nullable(),
  runCount: z.number(),
  receivedAt: z.iso.datetime(),
});
export type MailView = z.infer<typeof MailView>;

export const MailIntakeView = MailView.extend({
  /** True when this exact file had been received before; nothing new was stored. */
  alreadyReceived: z.boolean(),
  runs: z.array(z.object({ runId: z.uuid(), jobId: z.uuid(), routedTo: z.enum(['job', 'inbox']) })),
});
export const MailList = z.object({ mails: z.array(MailView) });

/** Issue 11 item 5: "Try a report mail" — what the parsers read, nothing stored. */
export const TriedMailView = z.object({
  parser: z.object({ id: z.string(), label: z.string() }).nullable(),
  runs: z.array(
    z.object({
      job: z.object({ name: z.string(), software: z.string(), type: z.string() }),
      status: z.enum(['success', 'warning', 'error']),
      startedAt: z.string().optional(),
      endedAt: z.string().optional(),
      remark: z.string(),
      objects: z.array(
        z.object({ name: z.string(), type: z.string(), status: z.enum(['success', 'warning', 'error']), messages: z.array(z.string()) }),
      ),
    }),
  ),
  error: z.string().nullable(),
});
