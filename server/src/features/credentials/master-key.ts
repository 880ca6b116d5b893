// The keyring that seals integration credentials (I1). The current key comes from
// FLIGHTDECK_MASTER_KEY, or from a key file created on first start in the data dir (mode 0600).
// Older keys stay readable until `flightdeck rotate-key` has re-encrypted everything.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type MasterKey = { id: string; key: Buffer };
export type Keyring = { current: MasterKey; byId: Map<string, MasterKey>; source: 'env' | 'file'; file?: string };

export const KEY_FILE_NAME = 'master.key';

export const keyIdOf = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 16);

export const decodeMasterKey = (text: string): Buffer => {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new Error('A master key must be 32 bytes, given as base64 or 64 hex characters');
  }
  return key;
};

const toMasterKey = (key: Buffer): MasterKey => ({ id: keyIdOf(key), key });

export const buildKeyring = (current: Buffer, previous: Buffer[], source: Keyring['source'], file?: string): Keyring => {
  const all = [current, ...previous].map(toMasterKey);
  return { current: all[0] as MasterKey, byId: new Map(all.map((k) => [k.id, k])), source, file };
};

type KeyFile = { current: string; previous: string[] };

export const readKeyFile = (file: string): KeyFile => JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;

export const writeKeyFile = (file: string, content: KeyFile) => {
  const temp = `${file}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temp, file);
  fs.chmodSync(file, 0o600);
};

/** The keyring when a key is configured (environment or key file); null instead of creating one. */
export const loadExistingKeyring = (config: { masterKey?: string; previousMasterKeys: string[]; dataDir: string }): Keyring | null =>
  config.masterKey || fs.existsSync(path.join(config.dataDir, KEY_FILE_NAME)) ? loadKeyring(config) : null;

export const loadKeyring = (config: { masterKey?: string; previousMasterKeys: string[]; dataDir: string }): Keyring => {
  if (config.masterKey) {
    return buildKeyring(decodeMasterKey(config.masterKey), config.previousMasterKeys.map(decodeMasterKey), 'env');
  }
  const file = path.join(config.dataDir, KEY_FILE_NAME);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    writeKeyFile(file, { current: randomBytes(32).toString('base64'), previous: [] });
  }
  const mode = fs.statSync(file).mode & 0o777;
  if (mode & 0o077) {
    throw new Error(`${file} is readable by other users (mode ${mode.toString(8)}); run chmod 600 on it`);
  }
  const content = readKeyFile(file);
  return buildKeyring(decodeMasterKey(content.current), content.previous.map(decodeMasterKey), 'file', file);
};
