// Issue 20 (B15.1): alert rules and their evaluation. Each run of `evaluate` asks every enabled
// rule which conditions hold now and compares with the open alert states: a new condition opens
// and sends one alert to the rule's channels; a condition that holds again sends nothing (one
// alert until it clears); an open condition that no longer holds is cleared and sends one
// "cleared" message. Sending goes through the delivery log and the job queue.
import type { Selectable } from 'kysely';
import type { Database } from '#src/db/connection';
import type { AlertRules } from '#src/db/schema.generated';
import { withoutTenantIsolation, withTenant } from '#src/db/tenant';
import { AppError } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import { type RequestContext, requireRole, userIdOf } from '#src/lib/context';
import type { ActiveCondition, AlertConditionsRepository } from './alert-conditions.repository';
import type { AlertCondition, AlertRuleView, EvaluationView, SaveAlertRuleBody } from './alert-rules.schemas';
import type { AlertRulesRepository } from './alert-rules.repository';
import type { ChannelsService } from './channels.service';
import type { DeliveriesService, QueueItem } from './deliveries.service';
import type { NotificationMessage } from './message';

type Rule = Selectable<AlertRules>;

const DESCRIBE: Record<AlertCondition, (rule: Rule, c: ActiveCondition) => { title: string; summary: string }> = {
  job_failing: (rule, c) => ({
    title: `${c.subject} failed ${rule.threshold === 1 ? 'its last run' : `${rule.threshold} runs in a row`}`,
    summary: `The backup job's last ${rule.threshold === 1 ? 'run' : `${rule.threshold} runs`} failed or did not run. Look at the job's history and open a ticket from the Run Checks board if it needs work.`,
  }),
  customer_without_success: (rule, c) => ({
    title: `${c.subject} has had no good backup for ${rule.threshold} day${rule.threshold === 1 ? '' : 's'}`,
    summary: `None of this customer's backup jobs has left a good backup in the last ${rule.threshold} day${rule.threshold === 1 ? '' : 's'}.`,
  }),
  psa_auth_failing: (_rule, c) => ({
    title: `${c.subject} refuses Flightdeck's credentials`,
    summary:
      'Tickets cannot be opened or followed until the API credentials work again. Check them in Settings → Integrations and run Test connection.',
  }),
  mailbox_poll_failing: (_rule, c) => ({
    title: `${c.subject} cannot be read`,
    summary: 'Report mails are not being taken in. Check the mailbox settings and run Test connection.',
  }),
};

const CLEARED: Record<AlertCondition, (c: { subject: string }) => string> = {
  job_failing: (c) => `${c.subject} ran well again`,
  customer_without_success: (c) => `${c.subject} has a good backup again`,
  psa_auth_failing: (c) => `${c.subject} accepts Flightdeck's credentials again`,
  mailbox_poll_failing: (c) => `${c.subject} is read again`,
};

export const createAlertsService = (deps: {
  database: Database;
  rules: AlertRulesRepository;
  conditions: AlertConditionsRepository;
  channels: ChannelsService;
  deliveries: DeliveriesService;
  clock: Clock;
  link: (path: string) => string;
}) => {
  const activeFor = (ctx: RequestContext, rule: Rule): Promise<ActiveCondition[]> =>
    withTenant(deps.database, ctx, (tx) => {
      switch (rule.condition) {
        case 'job_failing':
          return deps.conditions.jobsFailing(tx, rule.threshold);
        case 'customer_without_success':
          return deps.conditions.customersWithoutSuccess(tx, ctx.accountId, rule.threshold);
        case 'psa_auth_failing':
          return deps.conditions.psaAuthFailing(tx);
        default:
          return deps.conditions.mailboxFailing(tx);
      }
    });

  const assertChannels = async (ctx: RequestContext, ids: readonly string[]) => {
    const found = await deps.channels.findMany(ctx, ids);
    if (found.length !== new Set(ids).size) {
      throw new AppError('invalid_input', 'The configuration is not valid', {
        fieldErrors: [{ path: 'channelIds', message: 'A chosen channel does not exist' }],
      });
    }
  };

  const list = async (ctx: RequestContext): Promise<AlertRuleView[]> => {
    const [rules, open] = await withTenant(deps.database, ctx, (tx) => Promise.all([deps.rules.list(tx), deps.rules.openStates(tx)]));
    return rules.map((rule) => ({
      id: rule.id,
      name: rule.name,
      condition: rule.condition as AlertRuleView['condition'],
      threshold: rule.threshold,
      channelIds: rule.channel_ids,
      enabled: rule.enabled,
      open: open
        .filter((s) => s.rule_id === rule.id)
        .map((s) => ({ key: s.condition_key, subject: s.subject, since: s.opened_at.toISOString() })),
    }));
  };

  return {
    async listRules(ctx: RequestContext) {
      requireRole(ctx, ['admin']);
      return { rules: await list(ctx) };
    },

    async createRule(ctx: RequestContext, body: SaveAlertRuleBody) {
      requireRole(ctx, ['admin']);
      await assertChannels(ctx, body.channelIds);
      const row = await withTenant(deps.database, ctx, (tx) =>
        deps.rules.insert(tx, {
          account_id: ctx.accountId,
          name: body.name,
          condition: body.condition,
          threshold: body.threshold,
          channel_ids: body.channelIds,
          enabled: body.enabled,
          created_by: userIdOf(ctx),
        }),
      );
      return (await list(ctx)).find((r) => r.id === row.id) as AlertRuleView;
    },

    async updateRule(ctx: RequestContext, id: string, body: SaveAlertRuleBody) {
      requireRole(ctx, ['admin']);
      await assertChannels(ctx, body.channelIds);
      const row = await withTenant(deps.database, ctx, (tx) =>
        deps.rules.update(tx, id, {
          name: body.name,
          condition: body.condition,
          threshold: body.threshold,
          channel_ids: body.channelIds,
          enabled: body.enabled,
          updated_at: deps.clock.now(),
        }),
      );
      if (!row) {
        throw new AppError('not_found', 'No such alert rule');
      }
      return (await list(ctx)).find((r) => r.id === id) as AlertRuleView;
    },

    async deleteRule(ctx: RequestContext, id: string) {
      requireRole(ctx, ['admin']);
      await withTenant(deps.database, ctx, (tx) => deps.rules.delete(tx, id));
    },

    /** Checks every enabled rule now; opens, keeps and clears alert states and queues messages. */
    async evaluate(ctx: RequestContext): Promise<EvaluationView> {
      requireRole(ctx, ['admin', 'system']);
      const now = deps.clock.now();
      const [rules, openStates] = await withTenant(deps.database, ctx, (tx) =>
        Promise.all([deps.rules.listEnabled(tx), deps.rules.openStates(tx)]),
      );
      const totals = { rules: rules.length, opened: 0, cleared: 0, stillOpen: 0, queued: 0 };
      for (const rule of rules) {
        const active = await activeFor(ctx, rule);
        const channels = await deps.channels.findMany(ctx, rule.channel_ids);
        const activeKeys = new Set(active.map((c) => c.key));
        const gone = openStates.filter((state) => state.rule_id === rule.id && !activeKeys.has(state.condition_key));
        // The rule's state changes in one transaction: conditions opened now, conditions cleared.
        const opened = await withTenant(deps.database, ctx, async (tx) => {
          const newly: ActiveCondition[] = [];
          for (const condition of active) {
            const row = { account_id: ctx.accountId, rule_id: rule.id, condition_key: condition.key, subject: condition.subject, at: now };
            if (await deps.rules.open(tx, row)) {
              newly.push(condition);
            }
          }
          for (const state of gone) {
            await deps.rules.clear(tx, rule.id, state.condition_key, now);
          }
          return newly;
        });
        totals.opened += opened.length;
        totals.stillOpen += active.length - opened.length;
        totals.cleared += gone.length;
        const kind = rule.condition as AlertCondition;
        const messages: NotificationMessage[] = [
          ...opened.map((condition) => ({
            event: 'alert' as const,
            ...DESCRIBE[kind](rule, condition),
            severity: 'critical' as const,
            facts: [...condition.facts, { label: 'Rule', value: rule.name }],
            link: deps.link(condition.path),
            condition: { ruleId: rule.id, rule: rule.name, kind, key: condition.key },
            occurredAt: now.toISOString(),
          })),
          ...gone.map((state) => ({
            event: 'cleared' as const,
            title: CLEARED[kind](state),
            summary: `The condition "${rule.name}" no longer holds; it was open since ${state.opened_at.toISOString()}.`,
            severity: 'resolved' as const,
            facts: [{ label: 'Rule', value: rule.name }],
            link: null,
            condition: { ruleId: rule.id, rule: rule.name, kind, key: state.condition_key },
            occurredAt: now.toISOString(),
          })),
        ];
        const items: QueueItem[] = messages.flatMap((message) =>
          channels.map((channel) => ({ channel, ruleId: rule.id, event: message.event, subject: message.title, message })),
        );
        totals.queued += (await deps.deliveries.enqueue(ctx, items)).length;
      }
      if (totals.opened || totals.cleared) {
        ctx.log.info(totals, 'alert rules evaluated');
      }
      return totals;
    },

    accountsWithRules: () =>
      withoutTenantIsolation(deps.database, 'the alert sweep lists accounts with enabled rules', (tx) =>
        deps.rules.accountsWithRules(tx),
      ).then((rows) => rows.map((r) => r.account_id)),
  };
};

export type AlertsService = ReturnType<typeof createAlertsService>;
