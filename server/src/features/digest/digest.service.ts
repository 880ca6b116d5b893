// Issue 20 (B15.1): the daily digest. A user opts in with a time of day and a time zone; the
// sweep (every 15 minutes) finds subscribers whose time has come and who have not had today's
// digest, and queues one mail each. The digest covers the day before the moment it is made.
import type { Database } from '#src/db/connection';
import { withoutTenantIsolation, withTenant } from '#src/db/tenant';
import type { AlertConditionsRepository } from '#src/features/notifications/alert-conditions.repository';
import type { DeliveriesService } from '#src/features/notifications/deliveries.service';
import { localDate } from '#src/features/schedules/schedule';
import type { UsersRepository } from '#src/features/users/users.repository';
import { AppError } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import { type RequestContext, requireUser } from '#src/lib/context';
import type { DigestRepository } from './digest.repository';
import { type DigestContent, renderDigest } from './digest-render';
import type { DigestSubscriptionView, SaveDigestBody } from './digest.schemas';

const DAY_MS = 86_400_000;
/** "Failing night after night": this many failed runs in a row. */
export const DIGEST_FAILING_RUNS = 3;

export const createDigestService = (deps: {
  database: Database;
  digest: DigestRepository;
  conditions: AlertConditionsRepository;
  users: UsersRepository;
  deliveries: DeliveriesService;
  clock: Clock;
  link: (path: string) => string;
}) => {
  /** What the digest says for this account at `at` (the day before it). */
  const content = (ctx: RequestContext, at: Date, timezone: string): Promise<DigestContent> =>
    withTenant(deps.database, ctx, async (tx) => {
      const window = { from: new Date(at.getTime() - DAY_MS), to: at };
      const [account, waiting, missed, failing, tickets, mappings, psa, mailbox] = await Promise.all([
        tx.selectFrom('accounts').select('name').executeTakeFirstOrThrow(),
        deps.digest.waitingByCustomer(tx),
        deps.digest.missed(tx, window),
        deps.conditions.jobsFailing(tx, DIGEST_FAILING_RUNS),
        deps.digest.tickets(tx, window),
        deps.digest.brokenMappings(tx),
        deps.conditions.psaAuthFailing(tx),
        deps.conditions.mailboxFailing(tx),
      ]);
      return {
        accountName: account.name,
        localDate: localDate(at, timezone),
        waiting: waiting.map((w) => ({ customerId: w.customer_id, customer: w.customer, waiting: w.waiting, errors: w.errors })),
        missed: missed.map((m) => ({ jobId: m.job_id, job: m.job, customer: m.customer, runAt: m.run_at })),
        failing,
        tickets: { opened: tickets.opened, resolved: tickets.resolved, openNow: tickets.open_now },
        brokenMappings: mappings.map((m) => ({ id: m.id, name: m.name, status: m.psa_mapping_status ?? '', message: m.psa_sync_message })),
        brokenIntegrations: [...psa, ...mailbox],
      };
    });

  const userOf = async (ctx: RequestContext, userId: string) => {
    const user = await withTenant(deps.database, ctx, (tx) => deps.users.findUser(tx, userId));
    if (!user || user.deactivated_at) {
      throw new AppError('not_found', 'No such user');
    }
    return user;
  };

  const defaultZone = (ctx: RequestContext, userZone: string | null) =>
    userZone ??
    withTenant(deps.database, ctx, (tx) => tx.selectFrom('accounts').select('timezone').executeTakeFirstOrThrow()).then((a) => a.timezone);

  return {
    content,
    render: (c: DigestContent) => renderDigest(c, deps.link),

    async getSubscription(ctx: RequestContext): Promise<DigestSubscriptionView> {
      const { userId } = requireUser(ctx);
      const [user, row] = await Promise.all([
        userOf(ctx, userId),
        withTenant(deps.database, ctx, (tx) => deps.digest.subscription(tx, userId)),
      ]);
      return {
        enabled: row?.enabled ?? false,
        sendAt: row?.send_at ?? '07:30',
        timezone: row?.timezone ?? (await defaultZone(ctx, user.timezone)),
        lastSentOn: row?.last_sent_on ?? null,
        email: user.email,
      };
    },

    async saveSubscription(ctx: RequestContext, body: SaveDigestBody) {
      const { userId } = requireUser(ctx);
      await withTenant(deps.database, ctx, (tx) =>
        deps.digest.upsertSubscription(tx, {
          user_id: userId,
          account_id: ctx.accountId,
          enabled: body.enabled,
          send_at: body.sendAt,
          timezone: body.timezone,
          at: deps.clock.now(),
        }),
      );
      return this.getSubscription(ctx);
    },

    /** Builds and queues one user's digest; `markSentOn` records it as that local day's. */
    async sendDigest(ctx: RequestContext, userId: string, markSentOn?: string) {
      const user = await userOf(ctx, userId);
      const row = await withTenant(deps.database, ctx, (tx) => deps.digest.subscription(tx, userId));
      const timezone = row?.timezone ?? (await defaultZone(ctx, user.timezone));
      const mail = renderDigest(await content(ctx, deps.clock.now(), timezone), deps.link);
      await deps.deliveries.enqueue(ctx, [
        { channel: null, recipients: [user.email], event: 'digest', subject: mail.subject, message: { mail } },
      ]);
      if (markSentOn) {
        await withTenant(deps.database, ctx, (tx) => deps.digest.markSent(tx, userId, markSentOn));
      }
      return { queued: true, subject: mail.subject };
    },

    /** Sends the signed-in user their digest now (to see what it looks like). */
    sendMine(ctx: RequestContext) {
      return this.sendDigest(ctx, requireUser(ctx).userId);
    },

    /** Subscribers due now, across accounts (the sweep). */
    due: () =>
      withoutTenantIsolation(deps.database, 'the digest sweep finds subscribers whose hour has come', (tx) =>
        deps.digest.due(tx, deps.clock.now()),
      ),
  };
};

export type DigestService = ReturnType<typeof createDigestService>;
