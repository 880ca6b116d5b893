// B2.3 (b), issue 11 items 6–7: polls the account's report mailbox — IMAP, or Microsoft 365
// through Graph. Every message is stored (raw) and parsed through the same intake as an upload,
// and only then moved: to the processed folder, or to the failed folder when it could not be
// taken in (unreadable, its runs refused, the database refusing it). A mail that fails never
// holds back the mails after it, and a failure half-way loses nothing: what was not moved is
// fetched again next time (and recognised by its hash).

import { DEFAULT_GRAPH_URL, DEFAULT_SIGN_IN_URL, GRAPH_INTEGRATION } from '#src/clients/graph/graph-mail.client';
import type { Database } from '#src/db/connection';
import { withoutTenantIsolation, withTenant } from '#src/db/tenant';
import type { IntegrationCredentialsService } from '#src/features/credentials/integration-credentials.service';
import type { ExternalCaller } from '#src/features/external-calls/external-caller';
import type { OutboundPolicy } from '#src/features/external-calls/outbound-policy';
import { AppError } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import { type RequestContext, requireRole } from '#src/lib/context';
import { type GraphSettings, openGraphSource, testGraph } from './graph-source';
import { type ImapSettings, openImapSource, testImap } from './imap-source';
import type { MailIntakeService } from './mail-intake.service';
import type { MailSource } from './mail-source';
import type { MailboxRepository } from './mailbox.repository';
import type { MailboxTest, MailboxView, PollResult, SaveMailboxBody } from './mailbox.schemas';

const IMAP_INTEGRATION = 'imap';
/** Messages handled per poll; the rest wait for the next one. */
const BATCH = 200;

type MailboxRow = NonNullable<Awaited<ReturnType<MailboxRepository['findMailbox']>>>;

export const createMailboxService = (deps: {
  database: Database;
  mailbox: MailboxRepository;
  credentials: IntegrationCredentialsService;
  intake: MailIntakeService;
  outbound: OutboundPolicy;
  caller: ExternalCaller;
  clock: Clock;
}) => {
  const find = (ctx: RequestContext) => withTenant(deps.database, ctx, (tx) => deps.mailbox.findMailbox(tx));

  const record = async (ctx: RequestContext, result: PollResult) => {
    await withTenant(deps.database, ctx, (tx) =>
      deps.mailbox.recordPoll(tx, { at: deps.clock.now(), ok: result.ok, message: result.message }),
    );
    return result;
  };

  const imapSettings = async (ctx: RequestContext, row: MailboxRow): Promise<ImapSettings> => ({
    host: row.host ?? '',
    port: row.port ?? 993,
    tls: row.tls,
    username: row.username ?? '',
    password: (await deps.credentials.findSecret(ctx, IMAP_INTEGRATION))?.password ?? '',
    folder: row.folder,
    processedFolder: row.processed_folder,
    failedFolder: row.failed_folder,
  });

  const graphSettings = async (ctx: RequestContext, row: MailboxRow): Promise<GraphSettings> => ({
    signInUrl: row.graph_sign_in_url ?? DEFAULT_SIGN_IN_URL,
    graphUrl: row.graph_url ?? DEFAULT_GRAPH_URL,
    tenantId: row.graph_tenant_id ?? '',
    clientId: row.graph_client_id ?? '',
    clientSecret: (await deps.credentials.findSecret(ctx, GRAPH_INTEGRATION))?.clientSecret ?? '',
    mailbox: row.graph_mailbox ?? '',
    folder: row.folder,
    processedFolder: row.processed_folder,
    failedFolder: row.failed_folder,
  });

  const nameOf = (row: MailboxRow) =>
    row.provider === 'graph' ? `Microsoft 365 mailbox ${row.graph_mailbox}` : `Mailbox ${row.username}@${row.host}`;

  const open = async (ctx: RequestContext, row: MailboxRow): Promise<MailSource> =>
    row.provider === 'graph'
      ? openGraphSource(deps.caller, ctx, await graphSettings(ctx, row))
      : openImapSource(ctx, deps.outbound, await imapSettings(ctx, row));

  return {
    async getMailbox(ctx: RequestContext): Promise<MailboxView> {
      requireRole(ctx, ['admin']);
      const [row, password, graphSecret] = await Promise.all([
        find(ctx),
        deps.credentials.findSecret(ctx, IMAP_INTEGRATION),
        deps.credentials.findSecret(ctx, GRAPH_INTEGRATION),
      ]);
      return {
        configured: row !== undefined,
        provider: (row?.provider as MailboxView['provider']) ?? 'imap',
        enabled: row?.enabled ?? false,
        host: row?.host ?? '',
        port: row?.port ?? 993,
        tls: row?.tls ?? true,
        username: row?.username ?? '',
        folder: row?.folder ?? 'INBOX',
        processedFolder: row?.processed_folder ?? 'Processed',
        failedFolder: row?.failed_folder ?? 'Failed',
        passwordSet: Boolean(password?.password),
        graph: {
          tenantId: row?.graph_tenant_id ?? '',
          clientId: row?.graph_client_id ?? '',
          mailbox: row?.graph_mailbox ?? '',
          signInUrl: row?.graph_sign_in_url ?? DEFAULT_SIGN_IN_URL,
          graphUrl: row?.graph_url ?? DEFAULT_GRAPH_URL,
          clientSecretSet: Boolean(graphSecret?.clientSecret),
        },
        lastPoll: row?.last_poll_at
          ? { at: row.last_poll_at.toISOString(), ok: row.last_poll_ok === true, message: row.last_poll_message ?? '' }
          : null,
      };
    },

    async saveMailbox(ctx: RequestContext, body: SaveMailboxBody): Promise<MailboxView> {
      requireRole(ctx, ['admin']);
      const previous = await find(ctx);
      const folders = [body.folder, body.processedFolder, body.failedFolder];
      if (new Set(folders.map((f) => f.toLowerCase())).size < 3) {
        throw new AppError('invalid_input', 'The configuration is not valid', {
          fieldErrors: [
            { path: body.folder === body.processedFolder ? 'processedFolder' : 'failedFolder', message: 'The three folders must differ' },
          ],
        });
      }
      // N4: a new target never receives the secret entered for the old one.
      const imapMoved =
        Boolean(previous) &&
        (previous?.host !== (body.host ?? null) ||
          previous?.username !== (body.username ?? null) ||
          previous?.port !== (body.port ?? null));
      const graphMoved =
        Boolean(previous) &&
        (previous?.graph_tenant_id !== (body.tenantId ?? null) ||
          previous?.graph_client_id !== (body.clientId ?? null) ||
          previous?.graph_sign_in_url !== body.signInUrl ||
          previous?.graph_url !== body.graphUrl);
      const [integration, moved, newSecret, field] =
        body.provider === 'graph'
          ? ([GRAPH_INTEGRATION, graphMoved, body.clientSecret, 'clientSecret'] as const)
          : ([IMAP_INTEGRATION, imapMoved, body.password, 'password'] as const);
      const stored = moved ? null : await deps.credentials.findSecret(ctx, integration);
      if (moved && !newSecret) {
        await deps.credentials.deleteCredentials(ctx, integration);
      }
      const storedSecret = body.provider === 'graph' ? stored?.clientSecret : stored?.password;
      if (body.enabled && !newSecret && !storedSecret) {
        throw new AppError('invalid_input', 'The configuration is not valid', {
          fieldErrors: [{ path: field, message: 'Required to enable polling' }],
        });
      }
      if (newSecret) {
        await deps.credentials.saveCredentials(
          ctx,
          integration,
          body.provider === 'graph' ? 'oauth' : 'basic_auth',
          body.provider === 'graph' ? { clientSecret: newSecret } : { password: newSecret },
        );
      }
      const graph = body.provider === 'graph';
      await withTenant(deps.database, ctx, (tx) =>
        deps.mailbox.upsertMailbox(tx, {
          account_id: ctx.accountId,
          provider: body.provider,
          enabled: body.enabled,
          host: graph ? (previous?.host ?? null) : (body.host ?? null),
          port: graph ? (previous?.port ?? null) : (body.port ?? null),
          tls: body.tls,
          username: graph ? (previous?.username ?? null) : (body.username ?? null),
          graph_tenant_id: graph ? (body.tenantId ?? null) : (previous?.graph_tenant_id ?? null),
          graph_client_id: graph ? (body.clientId ?? null) : (previous?.graph_client_id ?? null),
          graph_mailbox: graph ? (body.mailbox?.toLowerCase() ?? null) : (previous?.graph_mailbox ?? null),
          graph_sign_in_url: graph ? body.signInUrl : (previous?.graph_sign_in_url ?? null),
          graph_url: graph ? body.graphUrl : (previous?.graph_url ?? null),
          folder: body.folder,
          processed_folder: body.processedFolder,
          failed_folder: body.failedFolder,
          updated_at: deps.clock.now(),
        }),
      );
      return this.getMailbox(ctx);
    },

    /** Test connection: each step the poller would take, and which one failed. Nothing is moved. */
    async testMailbox(ctx: RequestContext): Promise<MailboxTest> {
      requireRole(ctx, ['admin']);
      const row = await find(ctx);
      if (!row) {
        throw new AppError('invalid_state', 'Save the mailbox settings first.');
      }
      const steps =
        row.provider === 'graph'
          ? await testGraph(deps.caller, ctx, await graphSettings(ctx, row))
          : await testImap(ctx, deps.outbound, await imapSettings(ctx, row));
      return { ok: steps.every((s) => s.ok), steps };
    },

    /** Fetches, stores, parses and moves the waiting report mails. Never throws for mailbox trouble. */
    async pollMailbox(ctx: RequestContext): Promise<PollResult> {
      requireRole(ctx, ['admin', 'operator', 'system']);
      const row = await find(ctx);
      if (!row?.enabled) {
        throw new AppError(
          'invalid_state',
          'Mailbox polling is not enabled. An admin can set it up in Settings → Extensions & Integrations.',
        );
      }
      const counts = { fetched: 0, parsed: 0, notUnderstood: 0, alreadyReceived: 0, failed: 0, moved: 0 };
      let source: MailSource | null = null;
      try {
        source = await open(ctx, row);
        const waiting = await source.waiting(BATCH);
        counts.fetched = waiting.length;
        const processed: string[] = [];
        const failed: string[] = [];
        for (const mail of waiting) {
          // One mail that cannot be taken in goes to the failed folder; it never holds back the
          // mails after it, and it is not fetched again on every poll.
          const result = await mail
            .raw()
            .then((raw) => deps.intake.intakeMail(ctx, raw, row.provider === 'graph' ? 'graph' : 'imap'))
            .catch((error: unknown) => {
              ctx.log.warn({ err: error, mail: mail.label }, 'report mail not taken in; moved to the failed folder');
              return null;
            });
          if (!result || result.status === 'failed') {
            counts.failed += 1;
            failed.push(mail.key);
            continue;
          }
          if (result.alreadyReceived) {
            counts.alreadyReceived += 1;
          } else if (result.status === 'parsed') {
            counts.parsed += 1;
          } else {
            counts.notUnderstood += 1;
          }
          processed.push(mail.key);
        }
        await source.moveTo(processed, 'processed');
        await source.moveTo(failed, 'failed');
        counts.moved = processed.length + failed.length;
        await source.close();
        const message = `${counts.fetched} mail(s): ${counts.parsed} parsed, ${counts.notUnderstood} kept unparsed, ${counts.alreadyReceived} already received, ${counts.failed} failed; ${processed.length} moved to ${row.processed_folder}${failed.length ? `, ${failed.length} to ${row.failed_folder}` : ''}.`;
        return record(ctx, { ok: true, message, ...counts });
      } catch (error) {
        await source?.close().catch(() => {});
        const detail = (error as { responseText?: string }).responseText ?? (error as Error).message;
        return record(ctx, { ok: false, message: `${nameOf(row)}: ${detail}`, ...counts });
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
