// Issue 21: a running Flightdeck on an embedded data directory says so in a pid file, so a
// restore refuses to pull the database from under it. The file is removed at a clean stop; a
// file whose process is gone counts as no lock.
import fs from 'node:fs';
import path from 'node:path';

export const SERVER_LOCK_FILE = 'flightdeck.pid';

export const holdServerLock = (dataDir: string) => {
  const file = path.join(dataDir, SERVER_LOCK_FILE);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, String(process.pid), { mode: 0o600 });
  return () => {
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8').trim() === String(process.pid)) {
      fs.rmSync(file, { force: true });
    }
  };
};
