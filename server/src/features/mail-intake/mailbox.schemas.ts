// B2.3 (b), issue 11 item 7: the report mailbox settings — IMAP (host, user, password) or
// Microsoft 365 through Graph (tenant, app registration, mailbox). Secrets are write-only.
import { z } from 'zod';
import { DEFAULT_GRAPH_URL, DEFAULT_SIGN_IN_URL } from '#src/clients/graph/graph-mail.client';
import { HttpUrl } from '#src/features/integrations/integrations.schemas';

export const MailboxProvider = z.enum(['imap', 'graph']);

export const MailboxView = z.object({
  configured: z.boolean(),
  provider: MailboxProvider,
  enabled: z.boolean(),
  host: z.string(),
  port: z.number(),
  tls: z.boolean(),
  username: z.string(),
  folder: z.string(),
  processedFolder: z.string(),
  failedFolder: z.string(),
  passwordSet: z.boolean(),
  graph: z.object({
    tenantId: z.string(),
    clientId: z.string(),
    mailbox: z.string(),
    signInUrl: z.string(),
    graphUrl: z.string(),
    clientSecretSet: z.boolean(),
  }),
  lastPoll: z.object({ at: z.iso.datetime(), ok: z.boolean(), message: z.string() }).nullable(),
});
export type MailboxView = z.infer<typeof MailboxView>;

const Folder = z.string().trim().min(1).max(200);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const SaveMailboxBody = z
  .strictObject({
    provider: MailboxProvider.default('imap'),
    enabled: z.boolean(),
    // IMAP
    host: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9.-]{1,253}$/, 'A host name or address, e.g. imap.example.com')
      .optional(),
    port: z.number().int().min(1).max(65535).optional(),
    tls: z.boolean().default(true),
    username: z.string().trim().min(1, 'Enter the user name').max(320).optional(),
    /** Write-only: omit to keep the stored password. */
    password: z.string().min(1).max(500).optional(),
    // Microsoft Graph
    tenantId: z
      .string()
      .trim()
      .regex(/^(?:[0-9a-f-]{36}|[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,4})$/i, 'The directory (tenant) id, or the tenant domain')
      .optional(),
    clientId: z.string().trim().regex(GUID, 'The application (client) id, a GUID').optional(),
    /** Write-only: omit to keep the stored client secret. */
    clientSecret: z.string().min(1).max(500).optional(),
    mailbox: z.email('The mailbox address, e.g. backups@contoso.com').max(320).optional(),
    signInUrl: HttpUrl.default(DEFAULT_SIGN_IN_URL),
    graphUrl: HttpUrl.default(DEFAULT_GRAPH_URL),
    folder: Folder.default('INBOX'),
    processedFolder: Folder.default('Processed'),
    failedFolder: Folder.default('Failed'),
  })
  .superRefine((body, ctx) => {
    const required = body.provider === 'imap' ? (['host', 'port', 'username'] as const) : (['tenantId', 'clientId', 'mailbox'] as const);
    for (const key of required) {
      if (body[key] === undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'Required' });
      }
    }
  });
export type SaveMailboxBody = z.infer<typeof SaveMailboxBody>;

export const PollResultView = z.object({
  ok: z.boolean(),
  message: z.string(),
  fetched: z.number(),
  parsed: z.number(),
  notUnderstood: z.number(),
  alreadyReceived: z.number(),
  /** Mails that could not be taken in: stored with the reason where possible, moved to the failed folder. */
  failed: z.number(),
  moved: z.number(),
});
export type PollResult = z.infer<typeof PollResultView>;

/** Test connection: each step the poller takes, with what failed. */
export const MailboxTestView = z.object({
  ok: z.boolean(),
  steps: z.array(
    z.object({
      step: z.enum(['connect', 'sign_in', 'token', 'mailbox', 'folder', 'permission']),
      ok: z.boolean(),
      message: z.string(),
    }),
  ),
});
export type MailboxTest = z.infer<typeof MailboxTestView>;
