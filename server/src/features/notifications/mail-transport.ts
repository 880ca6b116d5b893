// Issue 20: hands a mail to the account's SMTP server through nodemailer. The host is checked
// against the outbound policy and the connection goes to the address that was checked (the name
// kept for TLS), like the IMAP poller; every hand-over is logged in the external-call log.
import nodemailer from 'nodemailer';
import type { ExternalCaller } from '#src/features/external-calls/external-caller';
import { type OutboundPolicy, resolveOutboundHost } from '#src/features/external-calls/outbound-policy';
import type { RequestContext } from '#src/lib/context';
import type { OutgoingMail } from './message';

export const SMTP_INTEGRATION = 'smtp';

export type SmtpTarget = {
  host: string;
  port: number;
  security: 'starttls' | 'tls' | 'none';
  username: string;
  password: string;
  fromAddress: string;
  fromName: string;
};

type SmtpError = Error & { responseCode?: number; code?: string };

const replyCode = (error: unknown) => (error as SmtpError | undefined)?.responseCode ?? null;

export const sendSmtpMail = async (
  deps: { caller: ExternalCaller; outbound: OutboundPolicy },
  ctx: RequestContext,
  target: SmtpTarget,
  mail: OutgoingMail,
  related?: { type: string; id: string },
) => {
  const address = await resolveOutboundHost(deps.outbound, target.host, target.port);
  const transport = nodemailer.createTransport({
    host: address,
    port: target.port,
    secure: target.security === 'tls',
    requireTLS: target.security === 'starttls',
    ignoreTLS: target.security === 'none',
    tls: { servername: target.host },
    ...(target.username && { auth: { user: target.username, pass: target.password } }),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  try {
    return await deps.caller.track(
      ctx,
      {
        integration: SMTP_INTEGRATION,
        action: 'sent',
        method: 'SMTP',
        url: `smtp://${target.host}:${target.port}`,
        timeoutMs: 60_000,
        secrets: target.password ? [target.password] : [],
        related,
        body: { to: mail.to, subject: mail.subject, attachments: (mail.attachments ?? []).map((a) => a.filename) },
        status: ({ result, error }) =>
          error ? replyCode(error) : Number(/^(\d{3})/.exec((result as { response?: string })?.response ?? '')?.[1] ?? 250),
      },
      () =>
        transport.sendMail({
          from: { name: target.fromName, address: target.fromAddress },
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          attachments: mail.attachments,
        }),
    );
  } finally {
    transport.close();
  }
};
