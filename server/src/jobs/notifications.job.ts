// Issue 20 (B15): the notification jobs. One job per delivery (retried with back-off: 30 s, 1 min,
// 2 min, 4 min); alert rules checked every five minutes per account; deliveries whose job was
// lost (a node stopped between queueing and sending) sent again by a sweep; digests looked for
// every quarter hour; last month's customer reports mailed on the first of the month.
import { z } from 'zod';
import { systemContext } from '#src/lib/system-context';
import { defineJob } from './job';

export const deliverNotification = defineJob({
  name: 'notifications.deliver',
  payload: z.object({ accountId: z.uuid(), deliveryId: z.uuid() }).strict(),
  // No key: a delivery that is no longer queued is skipped by the service, and a retry must run.
  retry: { limit: 4, delaySeconds: 30 },
  async handle(payload, { services, log }) {
    const ctx = systemContext(payload.accountId, 'notifications.deliver', log);
    await services.notifications.deliveries.deliver(ctx, payload.deliveryId);
  },
});

export const checkAccountAlerts = defineJob({
  name: 'notifications.check-alerts',
  payload: z.object({ accountId: z.uuid(), slot: z.string() }).strict(),
  dedupeKey: (p) => `${p.accountId}:${p.slot}`,
  async handle(payload, { services, log }) {
    await services.notifications.alerts.evaluate(systemContext(payload.accountId, 'notifications.check-alerts', log));
  },
});

export const scheduleAlertChecks = defineJob({
  name: 'notifications.schedule-alert-checks',
  payload: z.object({}).strict(),
  schedule: { cron: '*/5 * * * *', payload: {} },
  async handle(_payload, { services, queue, log }) {
    const now = services.clock.now();
    // The five-minute slot: one check per account and slot, whichever node sends it.
    const slot = new Date(Math.floor(now.getTime() / 300_000) * 300_000).toISOString();
    for (const accountId of await services.notifications.alerts.accountsWithRules()) {
      await queue.send(checkAccountAlerts, { accountId, slot });
    }
    for (const accountId of await services.notifications.deliveries.accountsWithStale()) {
      const sent = await services.notifications.deliveries.redispatchStale(systemContext(accountId, 'notifications.redispatch', log));
      log.info({ accountId, sent }, 'queued notifications sent again');
    }
  },
});

export const sendDigest = defineJob({
  name: 'notifications.send-digest',
  payload: z.object({ accountId: z.uuid(), userId: z.uuid(), localDate: z.string() }).strict(),
  dedupeKey: (p) => `${p.userId}:${p.localDate}`,
  async handle(payload, { services, log }) {
    const ctx = systemContext(payload.accountId, 'notifications.send-digest', log);
    await services.digest.sendDigest(ctx, payload.userId, payload.localDate);
  },
});

export const scheduleDigests = defineJob({
  name: 'notifications.schedule-digests',
  payload: z.object({}).strict(),
  schedule: { cron: '*/15 * * * *', payload: {} },
  async handle(_payload, { services, queue }) {
    for (const due of await services.digest.due()) {
      await queue.send(sendDigest, { accountId: due.account_id, userId: due.user_id, localDate: due.local_date });
    }
  },
});

export const mailMonthlyReport = defineJob({
  name: 'reports.mail-monthly',
  payload: z.object({ accountId: z.uuid(), customerId: z.uuid(), month: z.string().regex(/^\d{4}-\d{2}$/) }).strict(),
  dedupeKey: (p) => `${p.customerId}:${p.month}`,
  async handle(payload, { services, log }) {
    const ctx = systemContext(payload.accountId, 'reports.mail-monthly', log);
    await services.customerReports.mailReport(ctx, payload.customerId, payload.month);
  },
});

export const scheduleMonthlyReports = defineJob({
  name: 'reports.schedule-monthly',
  payload: z.object({}).strict(),
  // 12:00 UTC on the 1st: the month before has ended in every time zone (UTC−12 reaches the
  // 1st at noon UTC; UTC+14 is on the 2nd by then).
  schedule: { cron: '0 12 1 * *', payload: {} },
  async handle(_payload, { services, queue }) {
    const now = services.clock.now();
    const previous = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    for (const customer of await services.customerReports.monthlyRecipients()) {
      await queue.send(mailMonthlyReport, { accountId: customer.account_id, customerId: customer.id, month: previous });
    }
  },
});
