// Issue 20 (B15.1): what Flightdeck tells people, before it is shaped for a channel. One message
// becomes an HTML mail with a text part, a Teams Adaptive Card, a Slack message or a signed JSON
// webhook (channel-formats.ts); the delivery log keeps it as it was, so a retry sends the same.
import { z } from 'zod';

export const NotificationEvent = z.enum(['alert', 'cleared', 'digest', 'report', 'test']);
export type NotificationEvent = z.infer<typeof NotificationEvent>;

export const NotificationMessage = z.object({
  event: NotificationEvent,
  title: z.string(),
  /** One or two sentences: what happened and what to do. */
  summary: z.string(),
  severity: z.enum(['info', 'warning', 'critical', 'resolved']),
  facts: z.array(z.object({ label: z.string(), value: z.string() })),
  /** Where in Flightdeck to look (absolute when the public URL is known). */
  link: z.string().nullable(),
  /** The condition it is about, for webhooks: rule, condition key. */
  condition: z.object({ ruleId: z.string(), rule: z.string(), kind: z.string(), key: z.string() }).nullable(),
  occurredAt: z.iso.datetime(),
});
export type NotificationMessage = z.infer<typeof NotificationMessage>;

/** A mail as it is handed to the SMTP server: HTML with a text part, attachments optional. */
export type OutgoingMail = {
  to: string[];
  subject: string;
  html: string;
  text: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
};
