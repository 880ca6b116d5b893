// B2.3 (b): the IMAP mailbox settings; the password is write-only.
import { z } from 'zod';

export const MailboxView = z.object({
  configured: z.boolean(),
  enabled: z.boolean(),
  host: z.string(),
  port: z.number(),
  tls: z.boolean(),
  username: z.string(),
  folder: z.string(),
  processedFolder: z.string(),
  passwordSet: z.boolean(),
  lastPoll: z.object({ at: z.iso.datetime(), ok: z.boolean(), message: z.string() }).nullable(),
});
export type MailboxView = z.infer<typeof MailboxView>;

export const SaveMailboxBody = z.strictObject({
  enabled: z.boolean(),
  host: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.-]{1,253}$/, 'A host name or address, e.g. imap.example.com'),
  port: z.number().int().min(1).max(65535),
  tls: z.boolean(),
  username: z.string().trim().min(1, 'Enter the user name').max(320),
  /** Write-only: omit to keep the stored password. */
  password: z.string().min(1).max(500).optional(),
  folder: z.string().trim().min(1).max(200).default('INBOX'),
  processedFolder: z.string().trim().min(1).max(200).default('Processed'),
});
export type SaveMailboxBody = z.infer<typeof SaveMailboxBody>;

export const PollResultView = z.object({
  ok: z.boolean(),
  message: z.string(),
  fetched: z.number(),
  parsed: z.number(),
  notUnderstood: z.number(),
  alreadyReceived: z.number(),
  moved: z.number(),
});
export type PollResult = z.infer<typeof PollResultView>;
