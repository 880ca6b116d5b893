// Issue 20: SMTP settings (admin) and the target the delivery job sends through.
import type { Database } from '#src/db/connection';
import { withTenant } from '#src/db/tenant';
import type { IntegrationCredentialsService } from '#src/features/credentials/integration-credentials.service';
import type { ExternalCaller } from '#src/features/external-calls/external-caller';
import type { OutboundPolicy } from '#src/features/external-calls/outbound-policy';
import { AppError } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import { type RequestContext, requireRole } from '#src/lib/context';
import { messageMail } from './channel-formats';
import { SMTP_INTEGRATION, type SmtpTarget, sendSmtpMail } from './mail-transport';
import type { SaveSmtpBody, SmtpSettingsView, SmtpTestView } from './smtp.schemas';
import type { SmtpRepository } from './smtp.repository';

export const createSmtpService = (deps: {
  database: Database;
  smtp: SmtpRepository;
  credentials: IntegrationCredentialsService;
  caller: ExternalCaller;
  outbound: OutboundPolicy;
  clock: Clock;
}) => {
  const find = (ctx: RequestContext) => withTenant(deps.database, ctx, (tx) => deps.smtp.find(tx));

  const target = async (ctx: RequestContext): Promise<SmtpTarget | null> => {
    const row = await find(ctx);
    if (!row) {
      return null;
    }
    const secret = await deps.credentials.findSecret(ctx, SMTP_INTEGRATION);
    return {
      host: row.host,
      port: row.port,
      security: row.security as SmtpTarget['security'],
      username: row.username ?? '',
      password: secret?.password ?? '',
      fromAddress: row.from_address,
      fromName: row.from_name,
    };
  };

  return {
    target,

    async getSmtp(ctx: RequestContext): Promise<SmtpSettingsView> {
      requireRole(ctx, ['admin']);
      const [row, secret] = await Promise.all([find(ctx), deps.credentials.findSecret(ctx, SMTP_INTEGRATION)]);
      return {
        configured: row !== undefined,
        host: row?.host ?? '',
        port: row?.port ?? 587,
        security: (row?.security as SmtpSettingsView['security']) ?? 'starttls',
        username: row?.username ?? '',
        passwordSet: Boolean(secret?.password),
        fromAddress: row?.from_address ?? '',
        fromName: row?.from_name ?? 'Flightdeck',
        lastTest: row?.last_test_at
          ? { at: row.last_test_at.toISOString(), ok: row.last_test_ok === true, message: row.last_test_message ?? '' }
          : null,
      };
    },

    async saveSmtp(ctx: RequestContext, body: SaveSmtpBody): Promise<SmtpSettingsView> {
      requireRole(ctx, ['admin']);
      const previous = await find(ctx);
      // N4: a password entered for one server is never sent to another.
      const moved =
        previous !== undefined &&
        (previous.host !== body.host || previous.port !== body.port || (previous.username ?? '') !== body.username);
      if (body.password === '' || (moved && body.password === undefined)) {
        await deps.credentials.deleteCredentials(ctx, SMTP_INTEGRATION);
      }
      if (body.password) {
        await deps.credentials.saveCredentials(ctx, SMTP_INTEGRATION, 'basic_auth', { password: body.password });
      }
      await withTenant(deps.database, ctx, (tx) =>
        deps.smtp.upsert(tx, {
          account_id: ctx.accountId,
          host: body.host,
          port: body.port,
          security: body.security,
          username: body.username || null,
          from_address: body.fromAddress,
          from_name: body.fromName,
          updated_at: deps.clock.now(),
        }),
      );
      return this.getSmtp(ctx);
    },

    /** Sends a test mail now (the admin waits for the answer); the result is kept with the settings. */
    async testSmtp(ctx: RequestContext, to: string): Promise<SmtpTestView> {
      requireRole(ctx, ['admin']);
      const smtp = await target(ctx);
      if (!smtp) {
        throw new AppError('invalid_state', 'Save the SMTP settings first.');
      }
      const mail = messageMail(
        {
          event: 'test',
          title: 'Flightdeck test mail',
          summary: `If you can read this, Flightdeck can send mail through ${smtp.host}:${smtp.port}.`,
          severity: 'info',
          facts: [{ label: 'Sent', value: deps.clock.now().toISOString() }],
          link: null,
          condition: null,
          occurredAt: deps.clock.now().toISOString(),
        },
        [to],
        smtp.fromName,
      );
      const result = await sendSmtpMail(deps, ctx, smtp, mail).then(
        (info) => ({ ok: true, message: `Accepted by ${smtp.host}: ${info.response}` }),
        (error: Error & { responseCode?: number }) => ({ ok: false, message: `${smtp.host}:${smtp.port}: ${error.message}` }),
      );
      await withTenant(deps.database, ctx, (tx) => deps.smtp.recordTest(tx, { at: deps.clock.now(), ...result }));
      return result;
    },
  };
};

export type SmtpService = ReturnType<typeof createSmtpService>;
