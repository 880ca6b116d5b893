// Issue 20: where alerts go. A URL (Slack and Teams URLs carry their secret) and a webhook's
// signing secret are write-only; the view shows the URL's host.
import { z } from 'zod';

export const ChannelKind = z.enum(['email', 'teams', 'slack', 'webhook']);
export type ChannelKind = z.infer<typeof ChannelKind>;

export const ChannelView = z.object({
  id: z.uuid(),
  kind: ChannelKind,
  name: z.string(),
  emailTo: z.array(z.string()),
  urlHost: z.string().nullable(),
  enabled: z.boolean(),
  maxPerHour: z.number(),
  lastDelivery: z.object({ at: z.iso.datetime(), status: z.string(), error: z.string().nullable() }).nullable(),
});
export type ChannelView = z.infer<typeof ChannelView>;

export const ChannelListView = z.object({ channels: z.array(ChannelView) });

/**
 * A webhook URL keeps its query: a Teams Workflows URL carries its signature there
 * (`…/triggers/manual/paths/invoke?api-version=…&sig=…`). No credentials, no fragment.
 */
const WebhookUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === 'https:' || url.protocol === 'http:') &&
        Boolean(url.hostname) &&
        !url.username &&
        !url.password &&
        !value.includes('#')
      );
    } catch {
      return false;
    }
  }, 'Enter the absolute http(s) URL the service gave you, e.g. https://hooks.slack.com/services/…');

const Name = z.string().trim().min(1, 'Give the channel a name').max(120);
const MaxPerHour = z.number().int().min(1).max(1000).default(20);
const EmailList = z.array(z.email('An e-mail address')).min(1, 'At least one address').max(20);
const SigningSecret = z.string().min(16, 'At least 16 characters').max(200);

export const SaveChannelBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('email'), name: Name, emailTo: EmailList, enabled: z.boolean().default(true), maxPerHour: MaxPerHour }),
  z.strictObject({
    kind: z.enum(['teams', 'slack']),
    name: Name,
    /** Write-only; required when the channel is created, omit to keep it. */
    url: WebhookUrl.optional(),
    enabled: z.boolean().default(true),
    maxPerHour: MaxPerHour,
  }),
  z.strictObject({
    kind: z.literal('webhook'),
    name: Name,
    url: WebhookUrl.optional(),
    /** Write-only; omit to keep it (or, for a new channel, to have one generated and shown once). */
    signingSecret: SigningSecret.optional(),
    enabled: z.boolean().default(true),
    maxPerHour: MaxPerHour,
  }),
]);
export type SaveChannelBody = z.infer<typeof SaveChannelBody>;

/** A channel as saved; a generated signing secret is returned this once. */
export const SavedChannelView = ChannelView.extend({ signingSecret: z.string().optional() });
export type SavedChannelView = z.infer<typeof SavedChannelView>;

export const ChannelParams = z.object({ id: z.uuid() });

export const ChannelTestView = z.object({ ok: z.boolean(), status: z.string(), message: z.string() });
