// Issue 20: the account's outgoing mail server. The password is write-only.
import { z } from 'zod';

export const SmtpSecurity = z.enum(['starttls', 'tls', 'none']);

export const SmtpSettingsView = z.object({
  configured: z.boolean(),
  host: z.string(),
  port: z.number(),
  /** starttls: plain connection upgraded (port 587); tls: TLS from the start (465); none: loopback sinks only. */
  security: SmtpSecurity,
  username: z.string(),
  passwordSet: z.boolean(),
  fromAddress: z.string(),
  fromName: z.string(),
  lastTest: z.object({ at: z.iso.datetime(), ok: z.boolean(), message: z.string() }).nullable(),
});
export type SmtpSettingsView = z.infer<typeof SmtpSettingsView>;

export const SaveSmtpBody = z.strictObject({
  host: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.-]{1,253}$/, 'A host name or address, e.g. smtp.office365.com'),
  port: z.number().int().min(1).max(65535),
  security: SmtpSecurity.default('starttls'),
  username: z.string().trim().max(320).default(''),
  /** Write-only: omit to keep the stored password; an empty string removes it. */
  password: z.string().max(500).optional(),
  fromAddress: z.email('The sender address, e.g. backups@msp.example').max(320),
  fromName: z.string().trim().min(1).max(200).default('Flightdeck'),
});
export type SaveSmtpBody = z.infer<typeof SaveSmtpBody>;

export const SmtpTestBody = z.strictObject({ to: z.email('Where to send the test mail').max(320) });

export const SmtpTestView = z.object({ ok: z.boolean(), message: z.string() });
export type SmtpTestView = z.infer<typeof SmtpTestView>;
