// SQL for backup_log (issue 21). Owner connection only: a system table without tenant data.
import { sql } from 'kysely';
import type { Database } from '#src/db/connection';

export type BackupKind = 'daily' | 'weekly' | 'monthly' | 'manual' | 'pre-migration';

export const createBackupLogRepository = (database: Database) => ({
  /** Starts a log row; for a scheduled kind, null when that period has its backup already. */
  start: async (row: { kind: BackupKind; method: string; encrypted: boolean; period: string | null; at: Date }) => {
    const inserted = await database.db
      .insertInto('backup_log')
      .values({ kind: row.kind, method: row.method, encrypted: row.encrypted, period: row.period, started_at: row.at })
      .onConflict((oc) => oc.columns(['kind', 'period']).where('period', 'is not', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted?.id ?? null;
  },

  finish: (
    id: string,
    result: {
      at: Date;
      file: string | null;
      size: number | null;
      sha256: string | null;
      migration: string | null;
      verification: 'passed' | 'failed' | 'not_verified';
      reason: string | null;
    },
  ) =>
    database.db
      .updateTable('backup_log')
      .set({
        finished_at: result.at,
        file: result.file,
        size_bytes: result.size,
        sha256: result.sha256,
        migration: result.migration,
        verification: result.verification,
        reason: result.reason?.slice(0, 2000) ?? null,
      })
      .where('id', '=', id)
      .execute(),

  /** A backup taken before the log existed (the pre-migration one), recorded once it does. */
  record: (row: {
    kind: BackupKind;
    method: string;
    encrypted: boolean;
    startedAt: Date;
    finishedAt: Date;
    file: string;
    size: number;
    sha256: string;
    migration: string;
    verification: 'passed' | 'failed';
    reason: string | null;
  }) =>
    database.db
      .insertInto('backup_log')
      .values({
        kind: row.kind,
        method: row.method,
        encrypted: row.encrypted,
        started_at: row.startedAt,
        finished_at: row.finishedAt,
        file: row.file,
        size_bytes: row.size,
        sha256: row.sha256,
        migration: row.migration,
        verification: row.verification,
        reason: row.reason,
      })
      .execute(),

  list: (limit: number) =>
    database.db
      .selectFrom('backup_log')
      .selectAll()
      .select(sql<number | null>`extract(epoch from finished_at - started_at)::float8`.as('duration_seconds'))
      .orderBy('started_at', 'desc')
      .limit(limit)
      .execute(),

  /** Files of this kind beyond the newest `keep` that still exist. */
  beyondRetention: (kind: BackupKind, keep: number) =>
    database.db
      .selectFrom('backup_log')
      .select(['id', 'file'])
      .where('kind', '=', kind)
      .where('file', 'is not', null)
      .where('file_deleted_at', 'is', null)
      .orderBy('started_at', 'desc')
      .offset(keep)
      .limit(10_000)
      .execute(),

  markFileDeleted: (id: string, at: Date) =>
    database.db.updateTable('backup_log').set({ file_deleted_at: at }).where('id', '=', id).execute(),

  lastVerified: () =>
    database.db
      .selectFrom('backup_log')
      .select(['kind', 'finished_at'])
      .where('verification', '=', 'passed')
      .orderBy('finished_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
});

export type BackupLogRepository = ReturnType<typeof createBackupLogRepository>;
