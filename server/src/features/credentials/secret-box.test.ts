import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildKeyring } from './master-key';
import { open, seal } from './secret-box';

describe('secret box (AES-256-GCM)', () => {
  const keyring = buildKeyring(randomBytes(32), [], 'env');

  it('opens what it sealed, with a fresh 96-bit nonce each time', () => {
    const a = seal(keyring, 'hello', 'aad');
    const b = seal(keyring, 'hello', 'aad');
    expect(a.nonce).toHaveLength(12);
    expect(a.nonce.equals(b.nonce)).toBe(false);
    expect(open(keyring, a, 'aad')).toBe('hello');
  });

  it('throws instead of returning garbage for a flipped bit, a wrong tag or other additional data', () => {
    const sealed = seal(keyring, 'secret text', 'account-1');
    const flipped = Buffer.from(sealed.ciphertext);
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => open(keyring, { ...sealed, ciphertext: flipped }, 'account-1')).toThrow(/integrity/);
    expect(() => open(keyring, { ...sealed, authTag: Buffer.alloc(16) }, 'account-1')).toThrow(/integrity/);
    expect(() => open(keyring, sealed, 'account-2')).toThrow(/integrity/);
  });

  it('opens values sealed with a previous key, and says so when the key is unknown', () => {
    const old = buildKeyring(randomBytes(32), [], 'env');
    const sealed = seal(old, 'x', 'aad');
    const rotated = buildKeyring(randomBytes(32), [old.current.key], 'env');
    expect(open(rotated, sealed, 'aad')).toBe('x');
    expect(() => open(keyring, sealed, 'aad')).toThrow(/not configured/);
  });
});
