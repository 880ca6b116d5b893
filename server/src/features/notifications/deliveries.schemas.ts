// Issue 20: the delivery log as admins read it.
import { z } from 'zod';

export const DeliveryLogView = z.object({
  deliveries: z.array(
    z.object({
      id: z.uuid(),
      channel: z.string().nullable(),
      channelKind: z.string(),
      event: z.string(),
      subject: z.string(),
      recipients: z.array(z.string()),
      status: z.enum(['queued', 'sent', 'failed', 'rate_limited']),
      attempts: z.number(),
      lastError: z.string().nullable(),
      createdAt: z.iso.datetime(),
      sentAt: z.iso.datetime().nullable(),
    }),
  ),
});
export type DeliveryLogView = z.infer<typeof DeliveryLogView>;
