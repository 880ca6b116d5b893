// Issue 13 finding 13 (I1): Flightdeck with the demo account, restarted with a wrong key or with
// its key file gone, refuses to start (it never listens and then crashes), naming the key.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#src/config';
import { startFlightdeck } from '#src/main';
import { KEY_FILE_NAME, keyIdOf } from './master-key';

describe('starting with a lost or wrong master key', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-lost-key-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  // Embedded PGlite in its own dir on both CI passes: this is about the start, not the engine.
  const configWith = (masterKey?: string) =>
    loadConfig({
      FLIGHTDECK_DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'silent',
      FLIGHTDECK_JOBS: '0',
      ...(masterKey && { FLIGHTDECK_MASTER_KEY: masterKey }),
    });

  it('refuses a wrong key and a missing key file, naming the key that sealed the secrets', async () => {
    const right = randomBytes(32);
    const running = await startFlightdeck(configWith(right.toString('base64')));
    await running.stop();

    const wrong = await startFlightdeck(configWith(randomBytes(32).toString('base64'))).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(Error);
    expect((wrong as Error).message).toContain(keyIdOf(right));
    expect((wrong as Error).message).toContain('clear-unreadable-secrets');

    const none = await startFlightdeck(configWith()).catch((e: unknown) => e);
    expect((none as Error).message).toContain('will not generate a new key');
    expect(fs.existsSync(path.join(dataDir, KEY_FILE_NAME))).toBe(false);

    // The right key starts it again, with nothing lost.
    const again = await startFlightdeck(configWith(right.toString('base64')));
    expect(again.demo?.created).toBe(false);
    await again.stop();
  }, 120_000);
});
