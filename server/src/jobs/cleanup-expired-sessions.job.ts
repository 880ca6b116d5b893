// Removes expired login sessions. Sessions are tiny and expire for every account alike, so this is
// one system-wide sweep rather than one job per tenant.
import { z } from 'zod';
import { defineJob } from './job';
import { createJobClaims } from './job-claims';

export const cleanupExpiredSessions = defineJob({
  name: 'auth.cleanup-expired-sessions',
  payload: z.object({}).strict(),
  schedule: { cron: '*/15 * * * *', payload: {} },
  async handle(_payload, { services, log }) {
    const removed = await services.auth.deleteExpiredSessions();
    // Job claims carry their period (an hour, a five-minute slot); two days covers every retry.
    await createJobClaims(services.database).prune(new Date(services.clock.now().getTime() - 2 * 86_400_000));
    if (removed > 0) {
      log.info({ removed }, 'expired sessions removed');
    }
  },
});
