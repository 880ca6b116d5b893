// B2.4: the hourly missed-run check. The sweep lists accounts with watched jobs and sends one job
// per account and hour; each adds `missed` runs for slots that passed their grace window.
import { z } from 'zod';
import { systemContext } from '#src/lib/system-context';
import { defineJob } from './job';

export const checkAccountMissedRuns = defineJob({
  name: 'backup-runs.check-missed',
  payload: z.object({ accountId: z.uuid(), hour: z.string() }).strict(),
  dedupeKey: (p) => `${p.accountId}:${p.hour}`,
  async handle(payload, { services, log }) {
    const ctx = systemContext(payload.accountId, 'backup-runs.check-missed', log);
    const result = await services.missedRuns.detectMissedRuns(ctx);
    if (result.added > 0) {
      ctx.log.info(result, 'missed runs added');
    }
  },
});

export const scheduleMissedRunChecks = defineJob({
  name: 'backup-runs.schedule-missed-checks',
  payload: z.object({}).strict(),
  schedule: { cron: '7 * * * *', payload: {} },
  async handle(_payload, { services, queue }) {
    const hour = services.clock.now().toISOString().slice(0, 13);
    for (const accountId of await services.missedRuns.listAccountsToCheck()) {
      await queue.send(checkAccountMissedRuns, { accountId, hour });
    }
  },
});
