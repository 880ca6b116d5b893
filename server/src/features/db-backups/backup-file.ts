// Issue 21 (I6): the backup file. One text line naming the format, one JSON header line (what the
// backup holds: engine, method, migration version, per-table row counts and key-table checksums,
// how it is encrypted), then the payload — PGlite's data-directory tarball or pg_dump's custom
// format — sealed with AES-256-GCM under a backup key derived from the master key, the header as
// additional data (so a header edited to match a tampered payload fails too). Written atomically
// (a .partial file, fsync, rename) with a SHA-256 sidecar, so a crash never leaves a file that
// looks whole.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Keyring, MasterKey } from '#src/features/credentials/master-key';

const MAGIC = 'FLIGHTDECK-BACKUP 1\n';

export type BackupHeader = {
  engine: 'pglite' | 'postgres';
  method: 'pglite-datadir' | 'pg_dump-custom';
  createdAt: string;
  /** The newest migration applied when the backup was taken. */
  migration: string;
  counts: Record<string, number>;
  checksums: Record<string, string>;
  encryption: { algorithm: 'aes-256-gcm'; keyId: string; iv: string } | null;
};

export class BackupFileError extends Error {}

/** The backup key: HKDF over the master key, so a leaked backup key opens no credential. */
const backupKey = (master: MasterKey) => Buffer.from(hkdfSync('sha256', master.key, 'flightdeck-backup', master.id, 32));

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

export const writeBackupFile = (
  file: string,
  content: { header: Omit<BackupHeader, 'encryption'>; payload: Buffer },
  keyring: Keyring | null,
): { size: number; sha256: string } => {
  const iv = randomBytes(12);
  const header: BackupHeader = {
    ...content.header,
    encryption: keyring ? { algorithm: 'aes-256-gcm', keyId: keyring.current.id, iv: iv.toString('base64') } : null,
  };
  const headerLine = Buffer.from(`${JSON.stringify(header)}\n`);
  let body: Buffer[];
  if (keyring) {
    const cipher = createCipheriv('aes-256-gcm', backupKey(keyring.current), iv);
    cipher.setAAD(headerLine);
    body = [cipher.update(content.payload), cipher.final(), cipher.getAuthTag()];
  } else {
    body = [content.payload];
  }
  const bytes = Buffer.concat([Buffer.from(MAGIC), headerLine, ...body]);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const partial = `${file}.partial`;
  const fd = fs.openSync(partial, 'w', 0o600);
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(partial, file);
  const digest = sha256(bytes);
  fs.writeFileSync(`${file}.sha256`, `${digest}  ${path.basename(file)}\n`, { mode: 0o600 });
  return { size: bytes.length, sha256: digest };
};

/** Reads and checks a backup file: its checksum (when the sidecar is there), format, header and seal. */
export const readBackupFile = (file: string, keyring: Keyring | null): { header: BackupHeader; payload: Buffer; sha256: string } => {
  if (!fs.existsSync(file)) {
    throw new BackupFileError(`No backup file at ${file}`);
  }
  const bytes = fs.readFileSync(file);
  const digest = sha256(bytes);
  const sidecar = `${file}.sha256`;
  if (fs.existsSync(sidecar)) {
    const expected = fs.readFileSync(sidecar, 'utf8').split(/\s+/)[0];
    if (expected !== digest) {
      throw new BackupFileError(
        `The file's SHA-256 (${digest.slice(0, 12)}…) is not the one recorded (${expected?.slice(0, 12)}…): it changed or was cut short`,
      );
    }
  }
  if (bytes.subarray(0, MAGIC.length).toString() !== MAGIC) {
    throw new BackupFileError('Not a Flightdeck backup (the first line is not FLIGHTDECK-BACKUP 1)');
  }
  const headerEnd = bytes.indexOf(0x0a, MAGIC.length);
  if (headerEnd < 0) {
    throw new BackupFileError('The backup header is cut short');
  }
  const headerLine = bytes.subarray(MAGIC.length, headerEnd + 1);
  let header: BackupHeader;
  try {
    header = JSON.parse(headerLine.toString('utf8')) as BackupHeader;
  } catch {
    throw new BackupFileError('The backup header is not readable JSON');
  }
  const body = bytes.subarray(headerEnd + 1);
  if (!header.encryption) {
    return { header, payload: body, sha256: digest };
  }
  const master = keyring?.byId.get(header.encryption.keyId);
  if (!master) {
    throw new BackupFileError(`The backup was sealed with master key ${header.encryption.keyId}, which is not configured here`);
  }
  if (body.length < 16) {
    throw new BackupFileError('The sealed payload is cut short');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', backupKey(master), Buffer.from(header.encryption.iv, 'base64'));
    decipher.setAAD(headerLine);
    decipher.setAuthTag(body.subarray(body.length - 16));
    const payload = Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
    return { header, payload, sha256: digest };
  } catch {
    throw new BackupFileError('The sealed payload failed its integrity check: the file is corrupt, cut short or was altered');
  }
};
