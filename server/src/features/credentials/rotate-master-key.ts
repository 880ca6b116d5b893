// `flightdeck rotate-key`: re-seal every stored credential with a new master key. With a key file,
// the new key is generated and the file updated in two steps (new key added, then old removed),
// so a crash in between leaves both keys readable. With FLIGHTDECK_MASTER_KEY, the operator sets
// the new key there and lists the old one in FLIGHTDECK_PREVIOUS_MASTER_KEYS before running this.
import { randomBytes } from 'node:crypto';
import type { Database } from '#src/db/connection';
import { systemClock } from '#src/lib/clock';
import { createIntegrationCredentialsRepository } from './integration-credentials.repository';
import { createIntegrationCredentialsService } from './integration-credentials.service';
import { buildKeyring, decodeMasterKey, type Keyring, readKeyFile, writeKeyFile } from './master-key';

const reencrypt = (database: Database, keyring: Keyring) =>
  createIntegrationCredentialsService({
    database,
    keyring,
    clock: systemClock,
    credentials: createIntegrationCredentialsRepository(),
  }).reencryptAll();

export const rotateMasterKey = async (database: Database, keyring: Keyring) => {
  if (keyring.source === 'env') {
    const count = await reencrypt(database, keyring);
    return { reencrypted: count, keyId: keyring.current.id, note: 'Remove FLIGHTDECK_PREVIOUS_MASTER_KEYS now.' };
  }
  const file = keyring.file as string;
  const before = readKeyFile(file);
  const fresh = randomBytes(32).toString('base64');
  writeKeyFile(file, { current: fresh, previous: [before.current, ...before.previous] });
  const rotated = buildKeyring(decodeMasterKey(fresh), [before.current, ...before.previous].map(decodeMasterKey), 'file', file);
  const count = await reencrypt(database, rotated);
  writeKeyFile(file, { current: fresh, previous: [] });
  return { reencrypted: count, keyId: rotated.current.id, note: 'The key file now holds only the new key.' };
};
