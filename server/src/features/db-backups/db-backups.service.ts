// Issue 21: backups as the installation's admins see them — the log, Back up now (in the
// background, with the step it is at), downloads, the schedule's daily / weekly / monthly runs and
// the "last verified backup is too old" warning. A backup holds every account's data, so only the
// admins of the installation's own account (the first one created) may see, take or download one.
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '#src/db/connection';
import { withoutTenantIsolation } from '#src/db/tenant';
import type { Keyring } from '#src/features/credentials/master-key';
import { AppError, notFound } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import { type RequestContext, requireRole } from '#src/lib/context';
import { DEFAULT_RETENTION, takeBackup } from './backup.service';
import { type BackupKind, createBackupLogRepository } from './backup-log.repository';

export type BackupSettings = { dir: string; cron: string; retention: { daily: number; weekly: number; monthly: number } };

export const DEFAULT_BACKUP_CRON = '30 2 * * *';

/** Grandfather-father-son: the 1st of a month is its monthly backup, a Sunday its week's, any other day a daily one. */
export const scheduledKindOf = (at: Date): { kind: BackupKind; period: string } => {
  const day = at.toISOString().slice(0, 10);
  if (at.getUTCDate() === 1) {
    return { kind: 'monthly', period: day.slice(0, 7) };
  }
  if (at.getUTCDay() === 0) {
    return { kind: 'weekly', period: day };
  }
  return { kind: 'daily', period: day };
};

export const createDatabaseBackupsService = (deps: { database: Database; keyring: Keyring; settings: BackupSettings; clock: Clock }) => {
  const log = createBackupLogRepository(deps.database);
  // The step the running manual backup is at, shown on its (unfinished) log row.
  let currentStep: string | null = null;
  let running: Promise<unknown> | null = null;
  const options = (onProgress?: (step: string) => void) => ({
    database: deps.database,
    dir: deps.settings.dir,
    keyring: deps.keyring,
    now: () => deps.clock.now(),
    retention: { ...DEFAULT_RETENTION, ...deps.settings.retention },
    onProgress,
  });

  const requireInstallationAdmin = async (ctx: RequestContext) => {
    requireRole(ctx, ['admin']);
    const owner = await withoutTenantIsolation(deps.database, 'backups belong to the installation, not one tenant', (tx) =>
      tx.selectFrom('accounts').select('id').orderBy('created_at').orderBy('id').limit(1).executeTakeFirst(),
    );
    if (owner?.id !== ctx.accountId) {
      throw new AppError('forbidden', "Database backups hold every account's data: only the installation's own account manages them");
    }
  };

  return {
    async list(ctx: RequestContext) {
      await requireInstallationAdmin(ctx);
      const rows = await log.list(100);
      const last = await log.lastVerified();
      const lastAt = last?.finished_at ?? null;
      return {
        backups: rows.map((r) => ({
          id: r.id,
          kind: r.kind as BackupKind,
          startedAt: r.started_at.toISOString(),
          finishedAt: r.finished_at?.toISOString() ?? null,
          durationSeconds: r.duration_seconds === null ? null : Math.round(Number(r.duration_seconds) * 10) / 10,
          sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes),
          method: r.method,
          fileName: r.file ? path.basename(r.file) : null,
          sha256: r.sha256,
          encrypted: r.encrypted,
          verification: r.verification as 'passed' | 'failed' | 'not_verified',
          reason: r.reason,
          migration: r.migration,
          available: Boolean(r.file && !r.file_deleted_at && fs.existsSync(r.file)),
          progress: r.finished_at ? null : currentStep,
        })),
        schedule: { cron: deps.settings.cron, retention: deps.settings.retention },
        directory: deps.settings.dir,
        lastVerifiedAt: lastAt?.toISOString() ?? null,
        overdue: !lastAt || deps.clock.now().getTime() - lastAt.getTime() > 36 * 3_600_000,
      };
    },

    /** The scheduled backup's cron (UTC), from the configuration. */
    cron: deps.settings.cron,

    /** Starts a manual backup in the background; the log shows its progress. One at a time. */
    async backupNow(ctx: RequestContext) {
      await requireInstallationAdmin(ctx);
      if (running !== null) {
        return { started: false, message: 'A backup is running already; it shows in the log.' };
      }
      currentStep = 'starting';
      running = takeBackup(
        options((step) => {
          currentStep = step;
        }),
        'manual',
      )
        .then((result) => ctx.log.info({ file: result?.file, verification: result?.verification }, 'manual backup finished'))
        .catch((error: unknown) => ctx.log.error({ err: error }, 'manual backup failed'))
        .finally(() => {
          running = null;
          currentStep = null;
        });
      return { started: true, message: 'The backup started; it is verified by a restore before it shows as passed.' };
    },

    async fileOf(ctx: RequestContext, backupId: string) {
      await requireInstallationAdmin(ctx);
      const row = (await log.list(1000)).find((r) => r.id === backupId);
      if (!row?.file || row.file_deleted_at || !fs.existsSync(row.file)) {
        throw notFound('Backup file');
      }
      return { file: row.file, name: path.basename(row.file), size: fs.statSync(row.file).size };
    },

    /** The schedule's run: the day's kind, once per period across every node. */
    runScheduled: async () => {
      const { kind, period } = scheduledKindOf(deps.clock.now());
      return takeBackup(options(), kind, { period });
    },

    /** For Home: whether admins should be told the last verified backup is too old. */
    async warning(ctx: RequestContext) {
      try {
        await requireInstallationAdmin(ctx);
      } catch {
        return null;
      }
      const last = await log.lastVerified();
      const lastAt = last?.finished_at ?? null;
      const stale = !lastAt || deps.clock.now().getTime() - lastAt.getTime() > 36 * 3_600_000;
      return stale ? { lastVerifiedAt: lastAt?.toISOString() ?? null } : null;
    },

    /** Waits for a background backup (tests, shutdown). */
    settle: () => running ?? Promise.resolve(),
  };
};

export type DatabaseBackupsService = ReturnType<typeof createDatabaseBackupsService>;
