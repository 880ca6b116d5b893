// Issue 20: a user's daily digest subscription (their own; any role).
import { z } from 'zod';
import { TimeZoneName } from '#src/features/auth/auth.schemas';

export const DigestSubscriptionView = z.object({
  enabled: z.boolean(),
  /** Local time of day, HH:MM. */
  sendAt: z.string(),
  timezone: z.string(),
  lastSentOn: z.string().nullable(),
  email: z.string(),
});
export type DigestSubscriptionView = z.infer<typeof DigestSubscriptionView>;

export const SaveDigestBody = z.strictObject({
  enabled: z.boolean(),
  sendAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time of day, e.g. 07:30'),
  timezone: TimeZoneName,
});
export type SaveDigestBody = z.infer<typeof SaveDigestBody>;

export const DigestSentView = z.object({ queued: z.boolean(), subject: z.string() });
