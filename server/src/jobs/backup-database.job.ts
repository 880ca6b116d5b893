// Issue 21: the scheduled database backup. pg-boss runs a schedule once per tick across nodes, and
// backup_log admits one backup per kind and period, so a node that runs late takes none.
import { z } from 'zod';
import { defineJob } from './job';

export const backupDatabase = defineJob({
  name: 'backups.backup-database',
  payload: z.object({}).strict(),
  // FLIGHTDECK_BACKUP_CRON, read by config.ts like every setting.
  schedule: { cron: (services) => services.databaseBackups.cron, payload: {} },
  async handle(_payload, { services, log }) {
    const result = await services.databaseBackups.runScheduled();
    if (result) {
      log.info({ kind: result.kind, file: result.file, verification: result.verification }, 'scheduled backup taken');
    }
  },
});
