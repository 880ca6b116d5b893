// Issue 21 (I6): backups verified by a real restore, on the engine the suite runs on (PGlite, or
// PostgreSQL with DATABASE_URL): backup → passed; restore into an empty target with every table's
// rows; a corrupted or cut file fails with its reason; the backup before a migration; retention;
// one scheduled backup per period however many nodes try.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAppliedVersions, loadMigrations, migrateDown } from '#src/db/migrator';
import { buildKeyring } from '#src/features/credentials/master-key';
import { createScratchDatabase } from '../../../test/scratch-database';
import { createTestApp, type TestApp } from '../../../test/test-app';
import { type BackupOptions, takeBackup, verifyBackupFile } from './backup.service';
import { readBackupFile } from './backup-file';
import { migrateWithBackup, PreMigrationBackupFailed } from './pre-migration-backup';
import { RestoreRefused, type RestoreTarget, restoreBackup } from './restore.service';

let t: TestApp;
let dir: string;
let owner: Record<string, string>;
const keyring = buildKeyring(randomBytes(32), [], 'env');
const options = (extra: Partial<BackupOptions> = {}): BackupOptions => ({
  database: t.database,
  dir,
  keyring,
  now: () => new Date(),
  ...extra,
});

beforeAll(async () => {
  t = await createTestApp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-backups-'));
  const { users } = await t.newAccount(['admin']);
  owner = await t.login(users.admin.email);
  await t.app.inject({ method: 'POST', url: '/api/v1/customers', headers: owner, payload: { name: 'Wingtip Backup Test Co' } });
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

const logRows = async () =>
  (
    await sql<{ kind: string; verification: string; file_deleted_at: Date | null }>`select * from backup_log order by started_at`.execute(
      t.database.db,
    )
  ).rows;

describe('database backups', () => {
  it('backs up the whole database, sealed, and verifies it by restoring it', async () => {
    const result = await takeBackup(options(), 'manual');
    expect(result).toMatchObject({ kind: 'manual', verification: 'passed', reason: null });
    const file = result?.file as string;
    const { header } = readBackupFile(file, keyring);
    expect(header.encryption?.algorithm).toBe('aes-256-gcm');
    expect(header.counts.customers).toBeGreaterThanOrEqual(1);
    expect(header.migration).toBe(loadMigrations().at(-1)?.version);
    // Sealed: no customer name in the file, and no other key opens it.
    expect(fs.readFileSync(file).includes(Buffer.from('Wingtip Backup Test Co'))).toBe(false);
    expect(() => readBackupFile(file, buildKeyring(randomBytes(32), [], 'env'))).toThrow(/not configured here/);
    expect(fs.readFileSync(`${file}.sha256`, 'utf8')).toContain(result?.sha256 as string);
    const [row] = (await logRows()).filter((r) => r.kind === 'manual');
    expect(row).toMatchObject({ verification: 'passed' });
  });

  it('restores into an empty target with every table and its rows, and refuses one that holds data', async () => {
    const result = await takeBackup(options(), 'manual');
    const file = result?.file as string;
    const { header } = readBackupFile(file, keyring);
    let target: RestoreTarget;
    let drop = async () => {};
    if (t.database.engine === 'pglite') {
      const dataDir = path.join(dir, `restored-${randomBytes(3).toString('hex')}`);
      target = { engine: 'pglite', dataDir, lockFile: path.join(dir, 'no-such.pid') };
    } else {
      const scratch = await createScratchDatabase(process.env.DATABASE_URL as string, 'fd_restore');
      target = { engine: 'postgres', connectionString: scratch.url };
      drop = scratch.drop;
    }
    try {
      const restored = await restoreBackup(file, keyring, target, { force: false });
      expect(restored.restored.counts).toEqual(header.counts);
      expect(Object.keys(restored.restored.counts)).toContain('backup_runs');
      await expect(restoreBackup(file, keyring, target, { force: false })).rejects.toThrow(RestoreRefused);
      const again = await restoreBackup(file, keyring, target, { force: true });
      expect(again.restored.counts).toEqual(header.counts);
    } finally {
      await drop();
    }
  });

  it('fails verification of a corrupted or cut file, with the reason', async () => {
    const result = await takeBackup(options(), 'manual');
    const file = result?.file as string;
    const bytes = fs.readFileSync(file);
    const flipped = Buffer.from(bytes);
    const at = Math.floor(bytes.length * 0.6);
    flipped[at] = (flipped[at] as number) ^ 0xff;
    fs.writeFileSync(file, flipped);
    const corrupt = await verifyBackupFile(file, keyring, t.database);
    expect(corrupt).toMatchObject({ verification: 'failed', reason: expect.stringContaining('SHA-256') });
    // Without the checksum sidecar, the seal still catches it; a cut file too.
    fs.rmSync(`${file}.sha256`);
    expect((await verifyBackupFile(file, keyring, t.database)).reason).toContain('integrity check');
    fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect((await verifyBackupFile(file, keyring, t.database)).verification).toBe('failed');
  });

  it('takes a verified backup before pending migrations, and stops them when it cannot', async () => {
    const testMigration = {
      version: '299912312359',
      name: 'create_backup_probe',
      up: 'create table backup_probe (id int primary key);',
      down: 'drop table backup_probe;',
    };
    const migrations = [...loadMigrations(), testMigration];
    // A directory that cannot be created (a file is in the way): no backup, no migration.
    fs.writeFileSync(path.join(dir, 'in-the-way'), '');
    await expect(
      migrateWithBackup(t.database, { enabled: true, dir: path.join(dir, 'in-the-way', 'sub'), keyring: async () => keyring, migrations }),
    ).rejects.toThrow(PreMigrationBackupFailed);
    expect(await listAppliedVersions(t.database)).not.toContain(testMigration.version);

    const done = await migrateWithBackup(t.database, { enabled: true, dir, keyring: async () => keyring, migrations });
    expect(done.applied).toEqual(['299912312359_create_backup_probe']);
    expect(done.backup).toMatchObject({ kind: 'pre-migration', verification: 'passed' });
    expect(readBackupFile(done.backup?.file as string, keyring).header.counts).not.toHaveProperty('backup_probe');
    expect((await logRows()).some((r) => r.kind === 'pre-migration' && r.verification === 'passed')).toBe(true);
    // Nothing pending: no backup.
    expect((await migrateWithBackup(t.database, { enabled: true, dir, keyring: async () => keyring, migrations })).backup).toBeNull();
    await migrateDown(t.database, loadMigrations().at(-1)?.version as string, migrations);
  });

  it('keeps exactly the configured number of backups of a kind', async () => {
    for (let i = 0; i < 3; i += 1) {
      await takeBackup(options({ retention: { weekly: 2 } }), 'weekly');
    }
    const weekly = (await logRows()).filter((r) => r.kind === 'weekly');
    expect(weekly).toHaveLength(3);
    expect(weekly.filter((r) => r.file_deleted_at === null)).toHaveLength(2);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('flightdeck-weekly-') && f.endsWith('.fdbackup'))).toHaveLength(2);
  });

  it('takes one scheduled backup per period, however many nodes try at once', async () => {
    const results = await Promise.all([0, 1].map(() => takeBackup(options(), 'monthly', { period: '2026-12' })));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect((await logRows()).filter((r) => r.kind === 'monthly')).toHaveLength(1);
  });

  it("lets the installation's admins back up now, follow it and download the file; nobody else", async () => {
    const started = await t.app.inject({ method: 'POST', url: '/api/v1/backups', headers: owner });
    expect(started.statusCode).toBe(202);
    await t.services.databaseBackups.settle();
    const view = (await t.app.inject({ method: 'GET', url: '/api/v1/backups', headers: owner })).json();
    const manual = view.backups.find((b: { kind: string; available: boolean }) => b.kind === 'manual' && b.available);
    expect(manual).toMatchObject({ verification: 'passed', encrypted: true });
    expect(manual.durationSeconds).toBeGreaterThanOrEqual(0);
    expect(view.overdue).toBe(false);
    const download = await t.app.inject({ method: 'GET', url: `/api/v1/backups/${manual.id}/file`, headers: owner });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="flightdeck-manual-/);
    expect(download.rawPayload.subarray(0, 19).toString()).toBe('FLIGHTDECK-BACKUP 1');

    // Another account's admin, and an operator of the installation's own account: refused.
    const other = await t.newAccount(['admin']);
    const otherAdmin = await t.login(other.users.admin.email);
    for (const headers of [otherAdmin]) {
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/backups', headers })).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/backups/${manual.id}/file`, headers })).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/backups', headers })).statusCode).toBe(403);
    }
  });
});
