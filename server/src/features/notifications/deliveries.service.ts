// Issue 20 (B15.1): sends what is queued in the delivery log — to an SMTP server, a Teams
// workflow, a Slack hook or a signed webhook. Each delivery is one job (retried with back-off by
// the queue): a temporary failure (no connection, a timeout, a 5xx or 429, an SMTP 4xx) keeps it
// queued and throws so the queue tries again; a permanent one (a 4xx, an SMTP 5xx) or the last
// attempt marks it failed. A channel sends at most `max_per_hour` messages an hour; the rest are
// logged as rate_limited and not sent. Nothing here runs inside a request.
import { createHmac } from 'node:crypto';
import type { Database } from '#src/db/connection';
import type { NotificationChannels, NotificationDeliveries } from '#src/db/schema.generated';
import { withoutTenantIsolation, withTenant } from '#src/db/tenant';
import type { IntegrationCredentialsService } from '#src/features/credentials/integration-credentials.service';
import type { ExternalCaller } from '#src/features/external-calls/external-caller';
import type { OutboundPolicy } from '#src/features/external-calls/outbound-policy';
import type { Clock } from '#src/lib/clock';
import { type RequestContext, requireRole } from '#src/lib/context';
import type { Selectable } from 'kysely';
import { messageMail, slackMessage, teamsCard, webhookBody } from './channel-formats';
import type { DeliveriesRepository } from './deliveries.repository';
import type { DeliveryLogView } from './deliveries.schemas';
import type { DeliveryDispatch } from './delivery-dispatch';
import { sendSmtpMail } from './mail-transport';
import type { NotificationEvent, NotificationMessage, OutgoingMail } from './message';
import type { SmtpService } from './smtp.service';
import type { ChannelsRepository } from './channels.repository';

/** Attempts before a delivery is given up (the queue retries the job in between). */
export const MAX_DELIVERY_ATTEMPTS = 5;

export const channelSecretKey = (channelId: string) => `channel_${channelId.replace(/-/g, '')}`;

/** A mail-only message (digest, report) is stored rendered; a report's files are made when sent. */
export type StoredMail = { mail: { subject: string; html: string; text: string }; report?: { customerId: string; month: string } };
type Stored = NotificationMessage | StoredMail;

export type QueueItem = {
  channel: Selectable<NotificationChannels> | null;
  recipients?: string[];
  ruleId?: string | null;
  event: NotificationEvent;
  subject: string;
  message: Stored;
};

export type SendOutcome = { status: 'sent' | 'failed' | 'rate_limited' | 'queued'; error: string | null };

class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

const isMail = (m: Stored): m is StoredMail => 'mail' in m;

export const createDeliveriesService = (deps: {
  database: Database;
  deliveries: DeliveriesRepository;
  channels: ChannelsRepository;
  credentials: IntegrationCredentialsService;
  smtp: SmtpService;
  caller: ExternalCaller;
  outbound: OutboundPolicy;
  dispatch: DeliveryDispatch;
  clock: Clock;
  /** A report's PDF and CSV, made when the mail is sent (reports are not stored). */
  reportFiles: (ctx: RequestContext, customerId: string, month: string) => Promise<OutgoingMail['attachments']>;
  brand: (ctx: RequestContext) => Promise<string>;
}) => {
  const post = async (
    ctx: RequestContext,
    integration: string,
    url: string,
    body: string,
    headers: Record<string, string>,
    secrets: string[],
    id: string,
  ) => {
    const response = await deps.caller
      .call(ctx, {
        integration,
        action: 'sent',
        method: 'POST',
        url,
        body,
        headers,
        secrets,
        timeoutMs: 15_000,
        related: { type: 'notification_delivery', id },
      })
      .catch((error: Error) => {
        throw new DeliveryError(error.message, false);
      });
    if (response.status >= 200 && response.status < 300) {
      return response;
    }
    const detail = typeof response.body === 'string' ? response.body.slice(0, 200) : JSON.stringify(response.body ?? '').slice(0, 200);
    throw new DeliveryError(
      `HTTP ${response.status}${detail ? `: ${detail}` : ''}`,
      response.status < 500 && response.status !== 429 && response.status !== 408,
    );
  };

  const sendMail = async (ctx: RequestContext, mail: OutgoingMail, id: string) => {
    const target = await deps.smtp.target(ctx);
    if (!target) {
      throw new DeliveryError('Outgoing mail (SMTP) is not set up: Settings → Notifications.', true);
    }
    await sendSmtpMail(deps, ctx, target, mail, { type: 'notification_delivery', id }).catch((error: Error & { responseCode?: number }) => {
      // SMTP 5xx is a refusal for good (bad address, authentication); 4xx and no answer are not.
      throw new DeliveryError(error.message, (error.responseCode ?? 0) >= 500);
    });
  };

  const send = async (
    ctx: RequestContext,
    row: Selectable<NotificationDeliveries>,
    channel: Selectable<NotificationChannels> | undefined,
  ) => {
    const stored = row.message as unknown as Stored;
    if (row.channel_kind === 'email') {
      const to = channel ? channel.email_to : row.recipients;
      const mail: OutgoingMail = isMail(stored)
        ? {
            to,
            ...stored.mail,
            attachments: stored.report ? await deps.reportFiles(ctx, stored.report.customerId, stored.report.month) : undefined,
          }
        : messageMail(stored, to, await deps.brand(ctx));
      return sendMail(ctx, mail, row.id);
    }
    if (!channel || isMail(stored)) {
      throw new DeliveryError('The channel was deleted.', true);
    }
    const secret = await deps.credentials.findSecret(ctx, channelSecretKey(channel.id));
    if (!secret?.url) {
      throw new DeliveryError('The channel has no URL.', true);
    }
    const secrets = [secret.url, ...(secret.signingSecret ? [secret.signingSecret] : [])];
    if (channel.kind === 'teams') {
      return void (await post(ctx, 'teams', secret.url, JSON.stringify(teamsCard(stored)), {}, secrets, row.id));
    }
    if (channel.kind === 'slack') {
      const response = await post(ctx, 'slack', secret.url, JSON.stringify(slackMessage(stored)), {}, secrets, row.id);
      if (response.body !== 'ok') {
        throw new DeliveryError(`Slack answered ${String(response.body).slice(0, 100)}`, true);
      }
      return;
    }
    const body = JSON.stringify(webhookBody(stored, row.id));
    const timestamp = String(Math.floor(deps.clock.now().getTime() / 1000));
    const signature = createHmac('sha256', secret.signingSecret ?? '')
      .update(`${timestamp}.${body}`)
      .digest('hex');
    await post(
      ctx,
      'webhook',
      secret.url,
      body,
      {
        'x-flightdeck-event': stored.event,
        'x-flightdeck-delivery': row.id,
        'x-flightdeck-timestamp': timestamp,
        'x-flightdeck-signature': `sha256=${signature}`,
        'user-agent': 'Flightdeck-Webhooks/1',
      },
      secrets,
      row.id,
    );
  };

  return {
    /** Queues messages and hands them to the job queue; returns the delivery ids. */
    async enqueue(ctx: RequestContext, items: readonly QueueItem[], options: { dispatch?: boolean } = {}): Promise<string[]> {
      const rows = await withTenant(deps.database, ctx, (tx) =>
        deps.deliveries.insert(
          tx,
          items.map((item) => ({
            account_id: ctx.accountId,
            channel_id: item.channel?.id ?? null,
            channel_kind: item.channel?.kind ?? 'email',
            rule_id: item.ruleId ?? null,
            event: item.event,
            subject: item.subject.slice(0, 300),
            message: JSON.stringify(item.message),
            recipients: item.recipients ?? [],
          })),
        ),
      );
      const ids = rows.map((r) => r.id);
      if (options.dispatch !== false) {
        await deps.dispatch.dispatch(ctx.accountId, ids, ctx.log);
      }
      return ids;
    },

    /**
     * Sends one delivery. Throws on a temporary failure before the last attempt, so the job queue
     * retries it with back-off; resolves with the outcome otherwise.
     */
    async deliver(ctx: RequestContext, deliveryId: string): Promise<SendOutcome> {
      // The row, its channel and the channel's sends of the last hour, read together.
      const since = new Date(deps.clock.now().getTime() - 3_600_000);
      const { row, channel, sent } = await withTenant(deps.database, ctx, async (tx) => {
        const found = await deps.deliveries.find(tx, deliveryId);
        const ofChannel = found?.status === 'queued' && found.channel_id ? await deps.channels.find(tx, found.channel_id) : undefined;
        return { row: found, channel: ofChannel, sent: ofChannel ? await deps.deliveries.sentSince(tx, ofChannel.id, since) : 0 };
      });
      if (!row) {
        return { status: 'failed', error: 'no such delivery' };
      }
      if (row.status !== 'queued') {
        return { status: row.status as SendOutcome['status'], error: null };
      }
      if (channel && row.event !== 'test' && sent >= channel.max_per_hour) {
        const reason = `Rate limit: ${channel.name} sent ${sent} messages in the last hour (at most ${channel.max_per_hour}).`;
        await withTenant(deps.database, ctx, (tx) => deps.deliveries.markRateLimited(tx, row.id, reason));
        ctx.log.warn({ deliveryId, channel: channel.id }, 'notification rate-limited');
        return { status: 'rate_limited', error: reason };
      }
      try {
        if (channel && !channel.enabled && row.event !== 'test') {
          throw new DeliveryError('The channel is switched off.', true);
        }
        await send(ctx, row, channel);
        const outcome = { status: 'sent', error: null } as const;
        await withTenant(deps.database, ctx, (tx) => deps.deliveries.finish(tx, row.id, { ...outcome, at: deps.clock.now() }));
        return outcome;
      } catch (error) {
        const permanent = error instanceof DeliveryError ? error.permanent : false;
        const last = permanent || row.attempts + 1 >= MAX_DELIVERY_ATTEMPTS;
        const outcome: SendOutcome = { status: last ? 'failed' : 'queued', error: (error as Error).message };
        await withTenant(deps.database, ctx, (tx) => deps.deliveries.finish(tx, row.id, { ...outcome, at: deps.clock.now() }));
        if (!last) {
          ctx.log.warn({ deliveryId, attempt: row.attempts + 1, err: error }, 'notification not delivered; the queue retries it');
          throw error;
        }
        ctx.log.warn({ deliveryId, err: error }, 'notification failed');
        return outcome;
      }
    },

    /** Deliveries left queued for over two minutes (their job was lost); the sweep dispatches them again. */
    async redispatchStale(ctx: RequestContext) {
      const rows = await withTenant(deps.database, ctx, (tx) => deps.deliveries.stale(tx, new Date(deps.clock.now().getTime() - 120_000)));
      await deps.dispatch.dispatch(
        ctx.accountId,
        rows.map((r) => r.id),
        ctx.log,
      );
      return rows.length;
    },

    accountsWithStale: () =>
      withoutTenantIsolation(deps.database, 'the delivery sweep finds accounts with deliveries whose job was lost', (tx) =>
        deps.deliveries.accountsWithStale(tx, new Date(deps.clock.now().getTime() - 120_000)),
      ).then((rows) => rows.map((r) => r.account_id)),

    /** The delivery log as admins read it, newest first. */
    async recent(ctx: RequestContext, limit = 100): Promise<DeliveryLogView> {
      requireRole(ctx, ['admin']);
      const rows = await withTenant(deps.database, ctx, (tx) => deps.deliveries.recent(tx, limit));
      return {
        deliveries: rows.map((r) => ({
          id: r.id,
          channel: r.channel_name,
          channelKind: r.channel_kind,
          event: r.event,
          subject: r.subject,
          recipients: r.recipients,
          status: r.status as DeliveryLogView['deliveries'][number]['status'],
          attempts: r.attempts,
          lastError: r.last_error,
          createdAt: r.created_at.toISOString(),
          sentAt: r.sent_at?.toISOString() ?? null,
        })),
      };
    },
  };
};

export type DeliveriesService = ReturnType<typeof createDeliveriesService>;
