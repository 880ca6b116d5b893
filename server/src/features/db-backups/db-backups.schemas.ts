// Issue 21: the Backups page over HTTP.
import { z } from 'zod';

export const BackupParams = z.strictObject({ backupId: z.uuid() });

export const BackupView = z.object({
  id: z.uuid(),
  kind: z.enum(['daily', 'weekly', 'monthly', 'manual', 'pre-migration']),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  durationSeconds: z.number().nullable(),
  sizeBytes: z.number().nullable(),
  method: z.string(),
  fileName: z.string().nullable(),
  sha256: z.string().nullable(),
  encrypted: z.boolean(),
  verification: z.enum(['passed', 'failed', 'not_verified']),
  reason: z.string().nullable(),
  migration: z.string().nullable(),
  /** Still on disk (not pruned by retention), so it can be downloaded. */
  available: z.boolean(),
  /** While it runs: the step it is at. */
  progress: z.string().nullable(),
});

export const BackupsView = z.object({
  backups: z.array(BackupView),
  schedule: z.object({ cron: z.string(), retention: z.object({ daily: z.number(), weekly: z.number(), monthly: z.number() }) }),
  directory: z.string(),
  lastVerifiedAt: z.iso.datetime().nullable(),
  /** The newest verified backup is older than the schedule allows (a day and a half for daily backups). */
  overdue: z.boolean(),
});

export const BackupWarning = z.object({ warning: z.object({ lastVerifiedAt: z.iso.datetime().nullable() }).nullable() });

export const StartedBackup = z.object({ started: z.boolean(), message: z.string() });
