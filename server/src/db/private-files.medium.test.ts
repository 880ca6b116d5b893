// Issue 13 finding 12 (N4): the embedded data dir is private to the user Flightdeck runs as.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './connection';

const modesUnder = (dir: string): { file: string; mode: number; isDir: boolean }[] =>
  fs.readdirSync(dir, { withFileTypes: true, recursive: true }).map((entry) => {
    const full = path.join(entry.parentPath, entry.name);
    return { file: full, mode: fs.statSync(full).mode & 0o777, isDir: entry.isDirectory() };
  });

describe('the PGlite data dir', () => {
  const started = process.umask();
  afterEach(() => {
    process.umask(started);
  });

  it('is 0700 with 0600 files even when started with umask 022, and an old world-readable dir is tightened', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-pgdata-'));
    try {
      // A data dir left by an older version: world-readable.
      fs.chmodSync(dir, 0o755);
      fs.writeFileSync(path.join(dir, 'left-over'), 'x', { mode: 0o666 });
      fs.chmodSync(path.join(dir, 'left-over'), 0o666);
      process.umask(0o022);
      const database = await openDatabase({ engine: 'pglite', dataDir: dir });
      await sql`create table t (v text)`.execute(database.db);
      await sql`insert into t select repeat('x', 1000) from generate_series(1, 2000)`.execute(database.db);
      await sql`checkpoint`.execute(database.db);
      await database.close();

      expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
      const entries = modesUnder(dir);
      expect(entries.length).toBeGreaterThan(100);
      const open = entries.filter((e) => (e.isDir ? e.mode !== 0o700 : e.mode !== 0o600));
      expect(open).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
