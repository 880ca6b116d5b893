// Starts Flightdeck in a child process and waits for the banner, reading the URL from what it
// prints, as a person would. The browser tests start it as `npm start` does; the several-nodes
// test starts the server alone (`cli.ts start`, no web build) on a shared PostgreSQL.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export type Spawned = {
  url: string;
  process: ChildProcess;
  /** Everything printed so far, stdout and stderr. */
  output: () => string;
  /** SIGINT, then the exit code. */
  stop: () => Promise<number | null>;
};

const ROOT = path.resolve(import.meta.dirname, '../..');

export const spawnFlightdeck = (options: { args: string[]; env: Record<string, string>; timeoutMs?: number }): Promise<Spawned> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, options.args, {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timeoutMs = options.timeoutMs ?? 60_000;
    const timer = setTimeout(() => reject(new Error(`Flightdeck did not start within ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /running at (http:\/\/\S+)/.exec(output)?.[1];
      if (!url || !output.includes('Stop: Ctrl+C')) {
        return;
      }
      clearTimeout(timer);
      resolve({
        url,
        process: child,
        output: () => output,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) {
              return done(child.exitCode);
            }
            child.once('exit', (code) => done(code));
            child.kill('SIGINT');
          }),
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Flightdeck exited with ${code}:\n${output}`));
    });
  });
