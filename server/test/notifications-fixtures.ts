// Issue 20: the notifications sandbox and a job queue for medium tests. Deliveries are handed to
// an inline queue, so a test sees the whole path — delivery log, job, retry, SMTP or HTTP — run
// before the request that queued it returns.
import { type NotificationsSandbox, startNotificationsSandbox } from '@flightdeck/sandbox/notifications/notifications-sandbox';
import { SMTP_SINK_CREDENTIALS } from '@flightdeck/sandbox/notifications/smtp-sink';
import { createInlineQueue } from '#src/jobs/inline-queue';
import { deliverNotification } from '#src/jobs/notifications.job';
import type { TestApp } from './test-app';

export const bindInlineDeliveries = (t: TestApp) => {
  const queue = createInlineQueue({ services: t.services, log: t.app.log });
  t.services.notifications.dispatch.bind((accountId, deliveryId) => queue.send(deliverNotification, { accountId, deliveryId }));
  return queue;
};

export const startSink = (): Promise<NotificationsSandbox> => startNotificationsSandbox();

/** SMTP settings pointing at the sink, as an admin saves them. */
export const smtpSettingsFor = (sandbox: NotificationsSandbox) => ({
  host: sandbox.smtp.host,
  port: sandbox.smtp.port,
  security: 'none' as const,
  username: SMTP_SINK_CREDENTIALS.user,
  password: SMTP_SINK_CREDENTIALS.password,
  fromAddress: 'flightdeck@msp.example',
  fromName: 'Contoso IT Flightdeck',
});
