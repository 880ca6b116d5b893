// Issue 21: backups of the embedded database. PGlite's own dump of its data directory, taken
// inside a transaction: PGlite runs one statement at a time and a transaction holds every other
// caller off, so the row counts read in it and the tarball written from it are one moment, and the
// server keeps running (its requests wait for the few seconds the dump takes). Verification loads
// the tarball into an in-memory PGlite; restore loads it into an empty data directory.
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { type Inventory, takeInventory } from './inventory';

const queryOf =
  (db: { query: <T>(text: string) => Promise<{ rows: T[] }> }) =>
  async <T>(text: string) =>
    (await db.query<T>(text)).rows;

export const snapshotPglite = async (pglite: PGlite): Promise<{ inventory: Inventory; payload: Buffer }> => {
  let inventory: Inventory | null = null;
  let payload: Buffer | null = null;
  await pglite.transaction(async (tx) => {
    inventory = await takeInventory(queryOf(tx));
    payload = Buffer.from(await (await pglite.dumpDataDir('gzip')).arrayBuffer());
  });
  return { inventory: inventory as unknown as Inventory, payload: payload as unknown as Buffer };
};

/** The tarball opened in memory: its inventory, or the reason it cannot be opened. */
export const inventoryOfPgliteDump = async (payload: Buffer): Promise<Inventory> => {
  const scratch = await PGlite.create({ loadDataDir: new Blob([new Uint8Array(payload)]) });
  try {
    return await takeInventory(queryOf(scratch));
  } finally {
    await scratch.close();
  }
};

export const isEmptyDir = (dir: string) => !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;

/** Unpacks the tarball into an empty data directory and answers with what is there now. */
export const restorePglite = async (payload: Buffer, dataDir: string): Promise<Inventory> => {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const restored = await PGlite.create(dataDir, { loadDataDir: new Blob([new Uint8Array(payload)]) });
  try {
    return await takeInventory(queryOf(restored));
  } finally {
    await restored.close();
  }
};
