// Issue 21: before pending migrations are applied at start, a backup of the database as it is,
// verified by a restore; if it fails, nothing is migrated and the start stops saying why. An empty
// database (a first start) has nothing to lose and is migrated straight away.
import type { Database } from '#src/db/connection';
import { listAppliedVersions, loadMigrations, type Migration, migrateUp } from '#src/db/migrator';
import type { Keyring } from '#src/features/credentials/master-key';
import { type BackupResult, hasBackupLog, takeBackup } from './backup.service';
import { createBackupLogRepository } from './backup-log.repository';

export class PreMigrationBackupFailed extends Error {}

export const migrateWithBackup = async (
  database: Database,
  options: { enabled: boolean; dir: string; keyring: () => Promise<Keyring | null>; migrations?: Migration[]; now?: () => Date },
) => {
  const migrations = options.migrations ?? loadMigrations();
  const applied = await listAppliedVersions(database);
  const pending = migrations.filter((m) => !applied.includes(m.version));
  let backup: BackupResult | null = null;
  let keyring: Keyring | null = null;
  if (options.enabled && pending.length > 0 && applied.length > 0) {
    keyring = await options.keyring();
    try {
      backup = await takeBackup({ database, dir: options.dir, keyring, now: options.now ?? (() => new Date()) }, 'pre-migration');
    } catch (error) {
      throw new PreMigrationBackupFailed(
        `The backup before ${pending.length} pending migration(s) could not be taken (${(error as Error).message}); no migration was applied. ` +
          'Fix the cause, or start with FLIGHTDECK_BACKUP_BEFORE_MIGRATIONS=0 to migrate without one.',
      );
    }
    if (backup && backup.verification !== 'passed') {
      throw new PreMigrationBackupFailed(
        `The backup before ${pending.length} pending migration(s) failed verification (${backup.reason}); no migration was applied. ` +
          `The file is ${backup.file}. Start with FLIGHTDECK_BACKUP_BEFORE_MIGRATIONS=0 to migrate without a backup.`,
      );
    }
  }
  const report = await migrateUp(database, migrations);
  if (backup && backup.id === null && (await hasBackupLog(database))) {
    // Taken before the log table existed (it came with these migrations): recorded now.
    await createBackupLogRepository(database).record({ ...backup, encrypted: keyring !== null, verification: 'passed' });
  }
  return { ...report, backup };
};
