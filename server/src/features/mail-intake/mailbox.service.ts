// B2.3 (b): polls the account's report mailbox over IMAP. Every message is stored (raw) and
// parsed through the same intake as an upload, and only then moved to the processed folder, so a
// failure half-way loses nothing: what was not moved is simply fetched again next time (and
// recognised by its hash).

import { ImapFlow } from 'imapflow';
import type { Database } from '#src/db/connection';
import { withoutTenantIsolation, withTenant } from '#src/db/tenant';
import type { IntegrationCredentialsService } from '#src/features/credentials/integration-credentials.service';
import { type OutboundPolicy, resolveOutboundHost } from '#src/features/external-calls/outbound-policy';
import { AppError } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import { type RequestContext, requireRole } from '#src/lib/context';
import type { MailIntakeService } from './mail-intake.service';
import type { MailboxRepository } from './mailbox.repository';
import type { MailboxView, PollResult, SaveMailboxBody } from './mailbox.schemas';

const INTEGRATION = 'imap';
/** Messages handled per poll; the rest wait for the next one. */
const BATCH = 200;
const TIMEOUT_MS = 20_000;

export const createMailboxService = (deps: {
  database: Database;
  mailbox: MailboxRepository;
  credentials: IntegrationCredentialsService;
  intake: MailIntakeService;
  outbound: OutboundPolicy;
  clock: Clock;
}) => {
  const find = (ctx: RequestContext) => withTenant(deps.database, ctx, (tx) => deps.mailbox.findMailbox(tx));

  const record = async (ctx: RequestContext, result: PollResult) => {
    await withTenant(deps.database, ctx, (tx) =>
      deps.mailbox.recordPoll(tx, { at: deps.clock.now(), ok: result.ok, message: result.message }),
    );
    return result;
  };

  return {
    async getMailbox(ctx: RequestContext): Promise<MailboxView> {
      requireRole(ctx, ['admin']);
      const [row, secret] = await Promise.all([find(ctx), deps.credentials.findSecret(ctx, INTEGRATION)]);
      return {
        configured: row !== undefined,
        enabled: row?.enabled ?? false,
        host: row?.host ?? '',
        port: row?.port ?? 993,
        tls: row?.tls ?? true,
        username: row?.username ?? '',
        folder: row?.folder ?? 'INBOX',
        processedFolder: row?.processed_folder ?? 'Processed',
        passwordSet: Boolean(secret?.password),
        lastPoll: row?.last_poll_at
          ? { at: row.last_poll_at.toISOString(), ok: row.last_poll_ok === true, message: row.last_poll_message ?? '' }
          : null,
      };
    },

    async saveMailbox(ctx: RequestContext, body: SaveMailboxBody): Promise<MailboxView> {
      requireRole(ctx, ['admin']);
      const previous = await find(ctx);
      // N4: a new host or user never receives the password entered for the old one.
      const moved =
        Boolean(previous) && (previous?.host !== body.host || previous?.username !== body.username || previous?.port !== body.port);
      const stored = moved ? null : await deps.credentials.findSecret(ctx, INTEGRATION);
      if (moved && !body.password) {
        await deps.credentials.deleteCredentials(ctx, INTEGRATION);
      }
      if (body.enabled && !body.password && !stored?.password) {
        throw new AppError('invalid_input', 'The configuration is not valid', {
          fieldErrors: [{ path: 'password', message: 'Required to enable polling' }],
        });
      }
      if (body.folder === body.processedFolder) {
        throw new AppError('invalid_input', 'The configuration is not valid', {
          fieldErrors: [{ path: 'processedFolder', message: 'Must differ from the source folder' }],
        });
      }
      if (body.password) {
        await deps.credentials.saveCredentials(ctx, INTEGRATION, 'basic_auth', { password: body.password });
      }
      await withTenant(deps.database, ctx, (tx) =>
        deps.mailbox.upsertMailbox(tx, {
          account_id: ctx.accountId,
          enabled: body.enabled,
          host: body.host,
          port: body.port,
          tls: body.tls,
          username: body.username,
          folder: body.folder,
          processed_folder: body.processedFolder,
          updated_at: deps.clock.now(),
        }),
      );
      return this.getMailbox(ctx);
    },

    /** Fetches, stores, parses and moves the waiting report mails. Never throws for mailbox trouble. */
    async pollMailbox(ctx: RequestContext): Promise<PollResult> {
      requireRole(ctx, ['admin', 'operator', 'system']);
      const row = await find(ctx);
      const empty = { fetched: 0, parsed: 0, notUnderstood: 0, alreadyReceived: 0, moved: 0 };
      if (!row?.enabled) {
        throw new AppError(
          'invalid_state',
          'Mailbox polling is not enabled. An admin can set it up in Settings → Extensions & Integrations.',
        );
      }
      // N4: the password goes to this host only if the host is one we may reach.
      const target = await resolveOutboundHost(deps.outbound, row.host, row.port).then(
        (address) => ({ address, refused: null }),
        (error: Error) => ({ address: null, refused: error.message }),
      );
      if (!target.address) {
        return record(ctx, { ok: false, message: `Mailbox ${row.username}@${row.host}: ${target.refused}`, ...empty });
      }
      const secret = await deps.credentials.findSecret(ctx, INTEGRATION);
      const client = new ImapFlow({
        host: target.address,
        // TLS still checks the certificate against the name the admin entered.
        ...(target.address !== row.host && { servername: row.host }),
        port: row.port,
        secure: row.tls,
        auth: { user: row.username, pass: secret?.password ?? '' },
        logger: false,
        connectionTimeout: TIMEOUT_MS,
        greetingTimeout: TIMEOUT_MS,
        socketTimeout: TIMEOUT_MS,
      });
      client.on('error', (error) => ctx.log.warn({ err: error }, 'IMAP connection error'));
      const counts = { ...empty };
      try {
        await client.connect();
        const existing = await client.list();
        if (!existing.some((box) => box.path === row.processed_folder)) {
          await client.mailboxCreate(row.processed_folder);
        }
        const lock = await client.getMailboxLock(row.folder);
        try {
          const messages: { uid: number; source: Buffer }[] = [];
          for await (const message of client.fetch('1:*', { uid: true, source: true })) {
            if (message.source && messages.length < BATCH) {
              messages.push({ uid: message.uid, source: message.source });
            }
          }
          counts.fetched = messages.length;
          const done: number[] = [];
          for (const message of messages) {
            // One mail that cannot be taken in (the database refusing it, say) stays in the
            // folder for the next poll; it never holds back the mails after it.
            const result = await deps.intake.intakeMail(ctx, message.source, 'imap').catch((error: unknown) => {
              ctx.log.warn({ err: error, uid: message.uid }, 'report mail not taken in; left in the mailbox');
              return null;
            });
            if (!result) {
              continue;
            }
            if (result.alreadyReceived) {
              counts.alreadyReceived += 1;
            } else if (result.status === 'parsed') {
              counts.parsed += 1;
            } else {
              counts.notUnderstood += 1;
            }
            done.push(message.uid);
          }
          if (done.length) {
            await client.messageMove(done.join(','), row.processed_folder, { uid: true });
            counts.moved = done.length;
          }
        } finally {
          lock.release();
        }
        await client.logout();
        const message = `${counts.fetched} mail(s): ${counts.parsed} parsed, ${counts.notUnderstood} kept unparsed, ${counts.alreadyReceived} already received; ${counts.moved} moved to ${row.processed_folder}.`;
        return record(ctx, { ok: true, message, ...counts });
      } catch (error) {
        client.close();
        const detail = (error as { responseText?: string }).responseText ?? (error as Error).message;
        return record(ctx, { ok: false, message: `Mailbox ${row.username}@${row.host}: ${detail}`, ...counts });
      }
    },

    /** Accounts whose mailbox is polled (the sweep; cross-tenant). */
    listAccountsToPoll: () =>
      withoutTenantIsolation(deps.database, 'the mailbox sweep lists accounts with polling enabled', (tx) =>
        deps.mailbox.listAccountsWithEnabledMailbox(tx),
      ).then((rows) => rows.map((r) => r.account_id)),
  };
};

export type MailboxService = ReturnType<typeof createMailboxService>;
