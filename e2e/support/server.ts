// Runs `npm start`'s code path in a child process with its own data dir and port, and reads the
// URL and the demo logins from what it prints, exactly as a person would.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createScratchDatabase } from '../../server/test/scratch-database';
import { spawnFlightdeck } from '../../server/test/spawn-flightdeck';

export type Login = { role: 'admin' | 'operator' | 'reporter'; email: string; password?: string };
export type Started = { url: string; logins: Login[]; output: string; process: ChildProcess; stop(): Promise<number | null> };

export type Instance = { dataDir: string; env: Record<string, string>; drop(): Promise<void> };

/** A fresh place for one Flightdeck: its own data dir and, when DATABASE_URL is set, its own database. */
export const newInstance = async (): Promise<Instance> => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-e2e-'));
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    return { dataDir, env: {}, drop: async () => {} };
  }
  const scratch = await createScratchDatabase(serverUrl, 'fd_e2e');
  return { dataDir, env: { DATABASE_URL: scratch.url }, drop: scratch.drop };
};

export const startFlightdeck = async ({ dataDir, env }: Instance): Promise<Started> => {
  const spawned = await spawnFlightdeck({ args: ['scripts/start.mjs'], env: { FLIGHTDECK_DATA_DIR: dataDir, ...env } });
  const printed = spawned.output();
  const logins = [...printed.matchAll(/^\s+(admin|operator|reporter)\s+(\S+@\S+)(?:\s+(\S+))?$/gm)].map((m) => ({
    role: m[1] as Login['role'],
    email: m[2] as string,
    password: m[3],
  }));
  return {
    url: spawned.url,
    logins,
    // Everything printed until now: later log lines included.
    get output() {
      return spawned.output();
    },
    process: spawned.process,
    stop: spawned.stop,
  };
};
