// B1.4: the periodic PSA company sync. The hourly sweep finds accounts with an enabled PSA
// integration (the one cross-tenant read) and sends one job per account; each account job
// re-reads its mapped companies in batches of ≤ 200 ids.
import { z } from 'zod';
import { systemContext } from '#src/lib/system-context';
import { defineJob } from './job';

export const syncAccountPsaMappings = defineJob({
  name: 'customers.sync-psa-mappings',
  payload: z.object({ accountId: z.uuid(), hour: z.string() }).strict(),
  dedupeKey: (p) => `${p.accountId}:${p.hour}`,
  async handle(payload, { services, log }) {
    const ctx = systemContext(payload.accountId, 'customers.sync-psa-mappings', log);
    const summary = await services.customers.syncPsaMappings(ctx);
    ctx.log.info({ summary }, 'PSA company mappings synced');
  },
});

export const scheduleAccountPsaMappingSync = defineJob({
  name: 'customers.schedule-psa-mapping-sync',
  payload: z.object({}).strict(),
  schedule: { cron: '17 * * * *', payload: {} },
  async handle(_payload, { services, queue }) {
    const hour = services.clock.now().toISOString().slice(0, 13);
    for (const accountId of await services.integrations.listAccountsWithEnabledIntegrations()) {
      await queue.send(syncAccountPsaMappings, { accountId, hour });
    }
  },
});
