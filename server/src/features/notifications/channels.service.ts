// Issue 20: alert channels (admin). URLs are checked against the outbound policy when saved (a
// clear error now rather than a failed alert later) and again on every send; they are sealed,
// since Slack and Teams URLs are their own credential, and only their host is shown.
import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Database } from '#src/db/connection';
import type { NotificationChannels } from '#src/db/schema.generated';
import { withTenant } from '#src/db/tenant';
import type { IntegrationCredentialsService } from '#src/features/credentials/integration-credentials.service';
import { checkOutboundUrl, type OutboundPolicy } from '#src/features/external-calls/outbound-policy';
import { AppError } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import { type RequestContext, requireRole } from '#src/lib/context';
import type { ChannelsRepository } from './channels.repository';
import type { ChannelView, SaveChannelBody, SavedChannelView } from './channels.schemas';
import { channelSecretKey, type DeliveriesService } from './deliveries.service';

type Row = Selectable<NotificationChannels>;

const viewOf = (row: Row, last?: { created_at: Date; status: string; last_error: string | null }): ChannelView => ({
  id: row.id,
  kind: row.kind as ChannelView['kind'],
  name: row.name,
  emailTo: row.email_to,
  urlHost: row.url_host,
  enabled: row.enabled,
  maxPerHour: row.max_per_hour,
  lastDelivery: last ? { at: last.created_at.toISOString(), status: last.status, error: last.last_error } : null,
});

const uniqueName = (error: unknown) => {
  if ((error as { code?: string }).code === '23505') {
    throw new AppError('conflict', 'A channel with this name exists', { fieldErrors: [{ path: 'name', message: 'Choose another name' }] });
  }
  throw error;
};

export const createChannelsService = (deps: {
  database: Database;
  channels: ChannelsRepository;
  credentials: IntegrationCredentialsService;
  deliveries: DeliveriesService;
  outbound: OutboundPolicy;
  clock: Clock;
}) => {
  const checkUrl = async (url: string) => {
    await checkOutboundUrl(deps.outbound, url).catch((error: AppError) => {
      throw new AppError('invalid_input', 'The configuration is not valid', { fieldErrors: [{ path: 'url', message: error.message }] });
    });
    return new URL(url).host;
  };

  const storeSecret = async (ctx: RequestContext, id: string, body: SaveChannelBody, previous: Record<string, string> | null) => {
    if (body.kind === 'email') {
      return undefined;
    }
    const url = body.url ?? previous?.url;
    if (!url) {
      throw new AppError('invalid_input', 'The configuration is not valid', {
        fieldErrors: [{ path: 'url', message: 'Paste the URL the service gave you' }],
      });
    }
    let generated: string | undefined;
    const fields: Record<string, string> = { url };
    if (body.kind === 'webhook') {
      // A new URL never receives the secret entered for the old one (N4): a moved webhook keeps
      // its secret only when it is entered again, or gets a new one.
      const keep = body.url === undefined || body.url === previous?.url ? previous?.signingSecret : undefined;
      if (!body.signingSecret && !keep) {
        generated = randomBytes(24).toString('base64url');
      }
      fields.signingSecret = body.signingSecret ?? keep ?? (generated as string);
    }
    await deps.credentials.saveCredentials(ctx, channelSecretKey(id), 'api_key', fields);
    return generated;
  };

  const find = async (ctx: RequestContext, id: string) => {
    const row = await withTenant(deps.database, ctx, (tx) => deps.channels.find(tx, id));
    if (!row) {
      throw new AppError('not_found', 'No such channel');
    }
    return row;
  };

  return {
    async listChannels(ctx: RequestContext) {
      requireRole(ctx, ['admin']);
      const [rows, last] = await withTenant(deps.database, ctx, (tx) =>
        Promise.all([deps.channels.list(tx), deps.channels.lastDeliveries(tx)]),
      );
      const byChannel = new Map(last.map((l) => [l.channel_id, l]));
      return { channels: rows.map((row) => viewOf(row, byChannel.get(row.id))) };
    },

    async createChannel(ctx: RequestContext, body: SaveChannelBody): Promise<SavedChannelView> {
      requireRole(ctx, ['admin']);
      if (body.kind !== 'email' && !body.url) {
        throw new AppError('invalid_input', 'The configuration is not valid', {
          fieldErrors: [{ path: 'url', message: 'Paste the URL the service gave you' }],
        });
      }
      const urlHost = body.kind === 'email' ? null : await checkUrl(body.url as string);
      const row = await withTenant(deps.database, ctx, (tx) =>
        deps.channels.insert(tx, {
          account_id: ctx.accountId,
          kind: body.kind,
          name: body.name,
          email_to: body.kind === 'email' ? body.emailTo.map((a) => a.toLowerCase()) : [],
          url_host: urlHost,
          enabled: body.enabled,
          max_per_hour: body.maxPerHour,
        }),
      ).catch(uniqueName);
      const signingSecret = await storeSecret(ctx, row.id, body, null);
      return { ...viewOf(row), ...(signingSecret && { signingSecret }) };
    },

    async updateChannel(ctx: RequestContext, id: string, body: SaveChannelBody): Promise<SavedChannelView> {
      requireRole(ctx, ['admin']);
      const previous = await find(ctx, id);
      if (previous.kind !== body.kind) {
        throw new AppError('invalid_input', 'A channel keeps its kind; create a new channel instead.');
      }
      const urlHost = body.kind === 'email' ? null : body.url ? await checkUrl(body.url) : previous.url_host;
      const secret = body.kind === 'email' ? null : await deps.credentials.findSecret(ctx, channelSecretKey(id));
      const signingSecret = await storeSecret(ctx, id, body, secret);
      const row = await withTenant(deps.database, ctx, (tx) =>
        deps.channels.update(tx, id, {
          name: body.name,
          email_to: body.kind === 'email' ? body.emailTo.map((a) => a.toLowerCase()) : [],
          url_host: urlHost,
          enabled: body.enabled,
          max_per_hour: body.maxPerHour,
          updated_at: deps.clock.now(),
        }),
      ).catch(uniqueName);
      return { ...viewOf(row as Row), ...(signingSecret && { signingSecret }) };
    },

    async deleteChannel(ctx: RequestContext, id: string) {
      requireRole(ctx, ['admin']);
      await find(ctx, id);
      await withTenant(deps.database, ctx, (tx) => deps.channels.delete(tx, id));
      await deps.credentials.deleteCredentials(ctx, channelSecretKey(id));
    },

    /** Sends a test message now and says how it went (the admin waits for it). */
    async testChannel(ctx: RequestContext, id: string) {
      requireRole(ctx, ['admin']);
      const channel = await find(ctx, id);
      const now = deps.clock.now().toISOString();
      const [deliveryId] = await deps.deliveries.enqueue(
        ctx,
        [
          {
            channel,
            event: 'test',
            subject: `Test message to ${channel.name}`,
            message: {
              event: 'test',
              title: `Test message to ${channel.name}`,
              summary: 'Flightdeck can reach this channel. Alerts set up in Settings → Notifications will arrive here.',
              severity: 'info',
              facts: [{ label: 'Sent', value: now }],
              link: null,
              condition: null,
              occurredAt: now,
            },
          },
        ],
        { dispatch: false },
      );
      // Sent here, not through the queue: the admin is waiting for the answer. A temporary
      // failure stays queued and the sweep retries it.
      const outcome = await deps.deliveries
        .deliver(ctx, deliveryId as string)
        .catch((error: Error) => ({ status: 'queued' as const, error: error.message }));
      return {
        ok: outcome.status === 'sent',
        status: outcome.status,
        message: outcome.status === 'sent' ? `Delivered to ${channel.name}.` : (outcome.error ?? outcome.status),
      };
    },

    findMany: (ctx: RequestContext, ids: readonly string[]) => withTenant(deps.database, ctx, (tx) => deps.channels.findMany(tx, ids)),
  };
};

export type ChannelsService = ReturnType<typeof createChannelsService>;
