// Issue 14: several Flightdeck nodes on one PostgreSQL. Two real server processes start at once on
// an empty database; two job queues (one per node, each with its own pool) send the same periodic
// work; two nodes' Autotask slot pools share one count. PGlite is one process by nature (its data
// directory is locked), so this file runs only on PostgreSQL.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AUTOTASK_CONCURRENT_REQUESTS, createSharedCallSlots } from '#src/clients/autotask/autotask.call-slots';
import { type Database, openDatabase } from '#src/db/connection';
import { loadMigrations, migrateUp } from '#src/db/migrator';
import { buildKeyring } from '#src/features/credentials/master-key';
import { defineJob } from '#src/jobs/job';
import { createPgBossQueue } from '#src/jobs/pg-boss-queue';
import { createLogger } from '#src/logger';
import { createServices } from '#src/services';
import { createScratchDatabase } from './scratch-database';
import { type Spawned, spawnFlightdeck } from './spawn-flightdeck';

const serverUrl = process.env.DATABASE_URL;
const quiet = createLogger({ level: 'silent' });

type Node = Spawned;

/** Starts the server as `npm start` does (API only: no web build needed), on its own data dir. */
const startNode = (databaseUrl: string): Promise<Node> =>
  spawnFlightdeck({
    args: ['--import', 'tsx', 'server/src/cli.ts', 'start'],
    env: {
      DATABASE_URL: databaseUrl,
      FLIGHTDECK_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'fd-node-')),
      // Both nodes open the same sealed data, so they share the master key, as nodes do.
      FLIGHTDECK_MASTER_KEY: sharedKey,
    },
    timeoutMs: 90_000,
  });

const sharedKey = randomBytes(32).toString('base64');

describe.skipIf(!serverUrl)('several nodes on one PostgreSQL', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  const nodes: Node[] = [];
  const databases: Database[] = [];
  const openNodeDatabase = async () => {
    const database = await openDatabase({ engine: 'postgres', connectionString: scratch.url, maxConnections: 4 });
    databases.push(database);
    return database;
  };

  beforeAll(async () => {
    scratch = await createScratchDatabase(serverUrl as string, 'fd_nodes');
  });
  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    await Promise.all(databases.map((d) => d.close()));
    await scratch.drop();
  });

  it('two nodes starting at once on an empty database both come up, with every migration applied once', async () => {
    nodes.push(...(await Promise.all([startNode(scratch.url), startNode(scratch.url)])));
    for (const node of nodes) {
      const health = await fetch(`${node.url}/healthz`);
      expect(health.status, node.output()).toBe(200);
    }
    const database = await openNodeDatabase();
    const applied = await sql<{ version: string; n: number }>`
      select version, count(*)::int as n from schema_migrations group by version`.execute(database.db);
    expect(applied.rows).toHaveLength(loadMigrations().length);
    expect(applied.rows.every((r) => r.n === 1)).toBe(true);
    const demo = await sql<{ n: number }>`select count(*)::int as n from accounts where slug = 'demo'`.execute(database.db);
    expect(demo.rows[0]?.n).toBe(1);
  }, 180_000);

  it('runs a periodic job once per period across nodes, also when a node sends it after the first run ended', async () => {
    const ran: string[] = [];
    const sweep = defineJob({
      name: 'test.periodic-sweep',
      payload: z.object({ slot: z.string(), node: z.string() }).strict(),
      dedupeKey: (p) => p.slot,
      async handle(payload) {
        ran.push(`${payload.slot}@${payload.node}`);
      },
    });
    const queues = await Promise.all(
      ['a', 'b'].map(async () => {
        const database = await openNodeDatabase();
        await migrateUp(database);
        const services = createServices({ database, keyring: buildKeyring(randomBytes(32), [], 'env') });
        const queue = createPgBossQueue(database, [sweep], { services, log: quiet });
        await queue.start();
        return queue;
      }),
    );
    const [a, b] = queues as [(typeof queues)[number], (typeof queues)[number]];
    const waitFor = async (count: number) => {
      const deadline = Date.now() + 30_000;
      while (ran.length < count && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    try {
      // Both nodes' ticks at the same moment.
      await Promise.all([a.send(sweep, { slot: '10:00', node: 'a' }), b.send(sweep, { slot: '10:00', node: 'b' })]);
      await waitFor(1);
      // A late tick on the other node, after the first run has finished.
      await b.send(sweep, { slot: '10:00', node: 'b-late' });
      // The next period runs again.
      await a.send(sweep, { slot: '10:05', node: 'a' });
      await waitFor(2);
      await new Promise((r) => setTimeout(r, 3_000));
      expect(ran.filter((r) => r.startsWith('10:00@'))).toHaveLength(1);
      expect(ran.filter((r) => r.startsWith('10:05@'))).toEqual(['10:05@a']);
    } finally {
      await Promise.all(queues.map((q) => q.stop()));
    }
  }, 120_000);

  it("keeps every node's Autotask calls together within Autotask's concurrent-request limit", async () => {
    const pools = [createSharedCallSlots(await openNodeDatabase()), createSharedCallSlots(await openNodeDatabase())];
    let running = 0;
    let peak = 0;
    const call = async (node: number) => {
      const release = await (pools[node % 2] as (typeof pools)[number]).acquire('https://webservices.example|api-user|tickets');
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 40));
      running -= 1;
      await release();
    };
    await Promise.all(Array.from({ length: 16 }, (_, i) => call(i)));
    expect(peak).toBe(AUTOTASK_CONCURRENT_REQUESTS);
  });

  it('frees the slot of a node that died mid-call once its lease runs out', async () => {
    const database = await openNodeDatabase();
    const key = 'https://webservices.example|dead-node|companies';
    const impatient = createSharedCallSlots(database, { waitMs: 300 });
    await (await impatient.acquire(key))();
    // Another node holds every slot (its leases are live): a caller waits, then gives up.
    await sql`update autotask_call_slots set holder = gen_random_uuid(), expires_at = now() + interval '1 minute'
              where limit_key = ${key}`.execute(database.db);
    await expect(impatient.acquire(key)).rejects.toMatchObject({ code: 'rate_limited' });
    // That node died: nobody renews its leases, and once they run out the slots are free again.
    await sql`update autotask_call_slots set expires_at = now() - interval '1 second' where limit_key = ${key}`.execute(database.db);
    const release = await impatient.acquire(key);
    await release();
  });
});
