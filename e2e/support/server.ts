// Runs `npm start`'s code path in a child process with its own data dir and port, and reads the
// URL and the demo logins from what it prints, exactly as a person would.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createScratchDatabase } from '../../server/test/scratch-database';

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

export const startFlightdeck = ({ dataDir, env }: Instance): Promise<Started> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      env: { ...process.env, FLIGHTDECK_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Flightdeck did not start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /running at (http:\/\/\S+)/.exec(output)?.[1];
      if (!url || !output.includes('Stop: Ctrl+C')) {
        return;
      }
      clearTimeout(timer);
      const logins = [...output.matchAll(/^\s+(admin|operator|reporter)\s+(\S+@\S+)(?:\s+(\S+))?$/gm)].map((m) => ({
        role: m[1] as Login['role'],
        email: m[2] as string,
        password: m[3],
      }));
      resolve({
        url,
        logins,
        output,
        process: child,
        stop: () =>
          new Promise((done) => {
            child.once('exit', (code) => done(code));
            child.kill('SIGINT');
          }),
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`Flightdeck exited with ${code}:\n${output}`)));
  });
