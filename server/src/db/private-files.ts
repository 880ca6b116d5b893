// N4: the embedded database's files hold password hashes, sessions and mails; only the user
// Flightdeck runs as may read or change them, whatever umask it was started with.
import fs from 'node:fs';
import path from 'node:path';

/** New files of this process get 0600 and directories 0700. */
export const restrictNewFiles = () => {
  try {
    process.umask(0o077);
  } catch {
    // Worker threads cannot set the umask; the chmod sweep below still applies.
  }
};

/** Directories 0700 and files 0600 under `dir`, the directory itself included. */
export const makePrivate = (dir: string) => {
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) {
        fs.chmodSync(full, 0o700);
        walk(full);
      } else if (entry.isFile()) {
        fs.chmodSync(full, 0o600);
      }
    }
  };
  fs.chmodSync(dir, 0o700);
  walk(dir);
};
