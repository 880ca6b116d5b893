// B7.3: the periodic ticket-link validation. The hourly sweep finds accounts with an enabled PSA
// integration and sends one job per account; each re-reads its active links in batches of ≤ 200.
import { z } from 'zod';
import { systemContext } from '#src/lib/system-context';
import { defineJob } from './job';

export const validateAccountTicketLinks = defineJob({
  name: 'run-tickets.validate-links',
  payload: z.object({ accountId: z.uuid(), hour: z.string() }).strict(),
  dedupeKey: (p) => `${p.accountId}:${p.hour}`,
  async handle(payload, { services, log }) {
    await services.runTickets.validateTicketLinks(systemContext(payload.accountId, 'run-tickets.validate-links', log));
  },
});

export const scheduleTicketLinkValidation = defineJob({
  name: 'run-tickets.schedule-link-validation',
  payload: z.object({}).strict(),
  schedule: { cron: '41 * * * *', payload: {} },
  async handle(_payload, { services, queue }) {
    const hour = services.clock.now().toISOString().slice(0, 13);
    for (const accountId of await services.integrations.listAccountsWithEnabledIntegrations()) {
      await queue.send(validateAccountTicketLinks, { accountId, hour });
    }
  },
});
