// Removes expired login sessions. Sessions are tiny and expire for every account alike, so this is
// one system-wide sweep rather than one job per tenant.
import { z } from 'zod';
import { defineJob } from './job';

export const cleanupExpiredSessions = defineJob({
  name: 'auth.cleanup-expired-sessions',
  payload: z.object({}).strict(),
  schedule: { cron: '*/15 * * * *', payload: {} },
  async handle(_payload, { services, log }) {
    const removed = await services.auth.deleteExpiredSessions();
    if (removed > 0) {
      log.info({ removed }, 'expired sessions removed');
    }
  },
});
