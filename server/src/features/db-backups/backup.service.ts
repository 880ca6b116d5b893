// Issue 21 (I6): one backup — a consistent snapshot of the whole database (PGlite's data
// directory, or pg_dump from an exported snapshot), sealed into a file, verified by a real restore
// into a scratch database whose row counts and key-table checksums must match the ones taken with
// the snapshot, recorded in backup_log, and older files pruned past the kind's retention.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Database } from '#src/db/connection';
import type { Keyring } from '#src/features/credentials/master-key';
import { BackupFileError, type BackupHeader, readBackupFile, writeBackupFile } from './backup-file';
import { type BackupKind, createBackupLogRepository } from './backup-log.repository';
import { compareInventories, type Inventory } from './inventory';
import { inventoryOfPgliteDump, snapshotPglite } from './pglite-engine';
import { inventoryOfPgDump, snapshotPostgres } from './postgres-engine';

export const DEFAULT_RETENTION: Record<BackupKind, number> = { daily: 7, weekly: 4, monthly: 12, manual: 10, 'pre-migration': 5 };

export type BackupOptions = {
  database: Database;
  dir: string;
  /** null: --no-encrypt. */
  keyring: Keyring | null;
  now: () => Date;
  retention?: Partial<Record<BackupKind, number>>;
  onProgress?: (step: string) => void;
};

export type BackupResult = {
  id: string | null;
  kind: BackupKind;
  file: string;
  size: number;
  sha256: string;
  migration: string;
  method: BackupHeader['method'];
  startedAt: Date;
  finishedAt: Date;
  verification: 'passed' | 'failed';
  reason: string | null;
};

const methodOf = (database: Database): BackupHeader['method'] => (database.engine === 'pglite' ? 'pglite-datadir' : 'pg_dump-custom');

export const hasBackupLog = async (database: Database) =>
  Boolean(
    (await sql<{ present: boolean }>`select to_regclass('public.backup_log') is not null as present`.execute(database.db)).rows[0]?.present,
  );

const snapshotOf = (database: Database) =>
  database.engine === 'pglite'
    ? snapshotPglite(database.pglite as NonNullable<Database['pglite']>)
    : snapshotPostgres(database.connectionString as string);

/** Reads the file back and restores it into a scratch database; `passed` only when it matches. */
export const verifyBackupFile = async (
  file: string,
  keyring: Keyring | null,
  database: Pick<Database, 'engine' | 'connectionString'>,
): Promise<{ verification: 'passed' | 'failed'; reason: string | null; header: BackupHeader | null }> => {
  let header: BackupHeader | null = null;
  try {
    const read = readBackupFile(file, keyring);
    header = read.header;
    const restored: Inventory =
      read.header.method === 'pglite-datadir'
        ? await inventoryOfPgliteDump(read.payload)
        : await inventoryOfPgDump(read.payload, database.connectionString as string);
    const difference = compareInventories(read.header, restored);
    return { verification: difference ? 'failed' : 'passed', reason: difference, header };
  } catch (error) {
    const reason = error instanceof BackupFileError ? error.message : `the restore failed: ${(error as Error).message}`;
    return { verification: 'failed', reason, header };
  }
};

const stampOf = (at: Date) => at.toISOString().replace(/[-:]/g, '').replace(/\..*$/, 'Z');

export const takeBackup = async (
  options: BackupOptions,
  kind: BackupKind,
  schedule: { period: string | null } = { period: null },
): Promise<BackupResult | null> => {
  const { database } = options;
  const log = (await hasBackupLog(database)) ? createBackupLogRepository(database) : null;
  const startedAt = options.now();
  const id = log
    ? await log.start({ kind, method: methodOf(database), encrypted: options.keyring !== null, period: schedule.period, at: startedAt })
    : null;
  if (log && id === null) {
    return null; // This period's backup was taken already (by this node or another).
  }
  const file = path.join(options.dir, `flightdeck-${kind}-${stampOf(startedAt)}-${Math.random().toString(36).slice(2, 6)}.fdbackup`);
  try {
    options.onProgress?.('taking a consistent snapshot');
    const snapshot = await snapshotOf(database);
    options.onProgress?.('writing the backup file');
    const written = writeBackupFile(
      file,
      {
        header: { engine: database.engine, method: methodOf(database), createdAt: startedAt.toISOString(), ...snapshot.inventory },
        payload: snapshot.payload,
      },
      options.keyring,
    );
    options.onProgress?.('verifying by restoring into a scratch database');
    const verified = await verifyBackupFile(file, options.keyring, database);
    const result: BackupResult = {
      id,
      kind,
      file,
      size: written.size,
      sha256: written.sha256,
      migration: snapshot.inventory.migration,
      method: methodOf(database),
      startedAt,
      finishedAt: options.now(),
      verification: verified.verification,
      reason: verified.reason,
    };
    if (log && id) {
      await log.finish(id, {
        at: result.finishedAt,
        file,
        size: result.size,
        sha256: result.sha256,
        migration: result.migration,
        verification: result.verification,
        reason: result.reason,
      });
      await pruneBackups(options, kind);
    }
    return result;
  } catch (error) {
    if (log && id) {
      await log.finish(id, {
        at: options.now(),
        file: fs.existsSync(file) ? file : null,
        size: null,
        sha256: null,
        migration: null,
        verification: 'failed',
        reason: (error as Error).message,
      });
    }
    throw error;
  }
};

/** Deletes the files of this kind past its retention count, newest kept; their log rows stay. */
export const pruneBackups = async (options: BackupOptions, kind: BackupKind) => {
  const log = createBackupLogRepository(options.database);
  const keep = options.retention?.[kind] ?? DEFAULT_RETENTION[kind];
  for (const old of await log.beyondRetention(kind, keep)) {
    for (const name of [old.file as string, `${old.file}.sha256`]) {
      fs.rmSync(name, { force: true });
    }
    await log.markFileDeleted(old.id, options.now());
  }
};
