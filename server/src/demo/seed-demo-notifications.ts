// Issue 20: points the demo account's outgoing mail at the in-process SMTP sink on every start
// (its port changes), unless an admin has set up another server. Digests, alert mails and
// customer reports of the demo land on the notifications sandbox's page.
import { SMTP_SINK_CREDENTIALS } from '@flightdeck/sandbox/notifications/smtp-sink';
import type { RequestContext } from '#src/lib/context';
import type { Services } from '#src/services';
import { demoAdminContext } from './seed-demo-integrations';

export const seedDemoNotifications = async (
  services: Services,
  accountId: string,
  options: { smtp: { host: string; port: number }; log: RequestContext['log'] },
) => {
  const ctx = await demoAdminContext(services, accountId, options.log);
  if (!ctx) {
    return;
  }
  const current = await services.notifications.smtp.getSmtp(ctx);
  const isTheSink = current.host === options.smtp.host && current.username === SMTP_SINK_CREDENTIALS.user;
  if (current.configured && !isTheSink) {
    return;
  }
  await services.notifications.smtp.saveSmtp(ctx, {
    host: options.smtp.host,
    port: options.smtp.port,
    security: 'none',
    username: SMTP_SINK_CREDENTIALS.user,
    password: SMTP_SINK_CREDENTIALS.password,
    fromAddress: 'flightdeck@demo.flightdeck.local',
    fromName: 'Flightdeck demo',
  });
};
