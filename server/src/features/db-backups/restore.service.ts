// Issue 21: `flightdeck restore <file>`. Checks the file (checksum, seal, format), refuses a target
// that holds data unless forced and one that a running Flightdeck uses, restores, and compares
// every table's row count and the key-table checksums with the ones the backup recorded.
import fs from 'node:fs';
import type { Keyring } from '#src/features/credentials/master-key';
import { type BackupHeader, readBackupFile } from './backup-file';
import { compareInventories, type Inventory } from './inventory';
import { isEmptyDir, restorePglite } from './pglite-engine';
import { describeTarget, emptyPublicSchema, restorePostgresInto } from './postgres-engine';

export class RestoreRefused extends Error {}

export type RestoreTarget = { engine: 'pglite'; dataDir: string; lockFile: string } | { engine: 'postgres'; connectionString: string };

const running = (lockFile: string) => {
  if (!fs.existsSync(lockFile)) {
    return null;
  }
  const pid = Number(fs.readFileSync(lockFile, 'utf8').trim());
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null; // A lock left by a process that is gone.
  }
};

export const restoreBackup = async (
  file: string,
  keyring: Keyring | null,
  target: RestoreTarget,
  options: { force: boolean; now?: () => Date },
): Promise<{ header: BackupHeader; restored: Inventory; setAside: string | null }> => {
  const { header, payload } = readBackupFile(file, keyring);
  if ((header.method === 'pglite-datadir') !== (target.engine === 'pglite')) {
    throw new RestoreRefused(
      header.method === 'pglite-datadir'
        ? 'This is a backup of an embedded (PGlite) install; it restores into a data directory, not into PostgreSQL. Moving to a server is not supported yet (README, Operations).'
        : 'This is a pg_dump backup of a PostgreSQL server; restore it with DATABASE_URL set to an empty database.',
    );
  }
  let setAside: string | null = null;
  if (target.engine === 'pglite') {
    const pid = running(target.lockFile);
    if (pid !== null) {
      throw new RestoreRefused(`Flightdeck (process ${pid}) is running on ${target.dataDir}; stop it before restoring.`);
    }
    if (!isEmptyDir(target.dataDir)) {
      if (!options.force) {
        throw new RestoreRefused(
          `${target.dataDir} holds a database already; restore into an empty data directory, or pass --force to set it aside.`,
        );
      }
      setAside = `${target.dataDir}.before-restore-${(options.now?.() ?? new Date()).toISOString().replace(/[-:.]/g, '')}`;
      fs.renameSync(target.dataDir, setAside);
    }
    const restored = await restorePglite(payload, target.dataDir);
    return check(header, restored, setAside);
  }
  const state = await describeTarget(target.connectionString);
  if (state.others > 0) {
    throw new RestoreRefused(`${state.others} other session(s) are connected to the target database; stop the Flightdeck nodes first.`);
  }
  if (state.tables > 0) {
    if (!options.force) {
      throw new RestoreRefused(
        `The target database holds ${state.tables} table(s); restore into an empty database, or pass --force to replace them.`,
      );
    }
    await emptyPublicSchema(target.connectionString);
  }
  return check(header, await restorePostgresInto(payload, target.connectionString), null);
};

const check = (header: BackupHeader, restored: Inventory, setAside: string | null) => {
  const difference = compareInventories(header, restored);
  if (difference) {
    throw new Error(`The restore finished but does not match the backup: ${difference}`);
  }
  return { header, restored, setAside };
};
