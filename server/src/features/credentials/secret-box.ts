// AES-256-GCM sealing with a fresh 96-bit nonce per write. The additional data binds a ciphertext
// to its account and integration, so a sealed value moved to another row fails to open.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '#src/lib/app-error';
import type { Keyring } from './master-key';

export type Sealed = { keyId: string; nonce: Buffer; ciphertext: Buffer; authTag: Buffer };

export const seal = (keyring: Keyring, plaintext: string, additionalData: string): Sealed => {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyring.current.key, nonce);
  cipher.setAAD(Buffer.from(additionalData));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { keyId: keyring.current.id, nonce, ciphertext, authTag: cipher.getAuthTag() };
};

export const open = (keyring: Keyring, sealed: Sealed, additionalData: string): string => {
  const key = keyring.byId.get(sealed.keyId);
  if (!key) {
    throw new AppError('invalid_state', 'Stored credentials were sealed with a master key that is not configured', {
      keyId: sealed.keyId,
    });
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, sealed.nonce);
    decipher.setAAD(Buffer.from(additionalData));
    decipher.setAuthTag(sealed.authTag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
  } catch {
    // GCM authentication failed: tampered or corrupted. Never return partial plaintext.
    throw new AppError('invalid_state', 'Stored credentials failed their integrity check and cannot be used');
  }
};
