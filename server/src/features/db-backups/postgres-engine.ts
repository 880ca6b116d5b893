// Issue 21: backups of a PostgreSQL server with pg_dump (custom format), from a snapshot this
// process exports and holds open: the row counts are read in that snapshot and pg_dump dumps
// exactly it (`--snapshot`), so the two describe the same moment while the server keeps serving.
// Verification restores into a temporary database on the same server and compares; restore
// loads into an empty database. pg_dump and pg_restore come from Debian's postgresql-client.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Inventory, takeInventory } from './inventory';

export class PgToolMissingError extends Error {}

const tool = (name: 'pg_dump' | 'pg_restore') => {
  const found = spawnSync(name, ['--version'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) {
    throw new PgToolMissingError(
      `${name} is not installed: install PostgreSQL's client tools (Debian: apt-get install postgresql-client, matching the server's major version)`,
    );
  }
  return name;
};

const run = (command: string, args: string[], input?: Buffer): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(Buffer.concat(out))
        : reject(new Error(`${command} failed (exit ${code}): ${Buffer.concat(err).toString('utf8').trim().slice(0, 1000)}`)),
    );
    child.stdin.end(input ?? Buffer.alloc(0));
  });

const queryOf =
  (client: pg.Client) =>
  async <T>(text: string) =>
    (await client.query(text)).rows as T[];

const withClient = async <T>(connectionString: string, work: (client: pg.Client) => Promise<T>) => {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

export const snapshotPostgres = async (connectionString: string): Promise<{ inventory: Inventory; payload: Buffer }> => {
  const pgDump = tool('pg_dump');
  return withClient(connectionString, async (client) => {
    await client.query('begin isolation level repeatable read read only');
    try {
      const snapshot = (await client.query<{ id: string }>('select pg_export_snapshot() as id')).rows[0]?.id as string;
      const inventory = await takeInventory(queryOf(client));
      const payload = await run(pgDump, ['--format=custom', '--no-owner', `--snapshot=${snapshot}`, `--dbname=${connectionString}`]);
      return { inventory, payload };
    } finally {
      await client.query('commit');
    }
  });
};

const withDatabase = (connectionString: string, database: string) => {
  const url = new URL(connectionString);
  url.pathname = `/${database}`;
  return url.toString();
};

export const restorePostgresInto = async (payload: Buffer, connectionString: string): Promise<Inventory> => {
  const pgRestore = tool('pg_restore');
  await withClient(connectionString, (client) =>
    // Grants in the dump name the tenant role; a new server gets it first (as the first migration would).
    client.query(
      `do $$ begin if not exists (select 1 from pg_roles where rolname = 'flightdeck_app') then create role flightdeck_app nologin; end if; end $$`,
    ),
  );
  await run(pgRestore, ['--no-owner', '--exit-on-error', '--single-transaction', `--dbname=${connectionString}`], payload);
  return withClient(connectionString, (client) => takeInventory(queryOf(client)));
};

/** Restores into a temporary database on the same server, reads it, and drops it again. */
export const inventoryOfPgDump = async (payload: Buffer, connectionString: string): Promise<Inventory> => {
  const scratch = `flightdeck_verify_${randomBytes(6).toString('hex')}`;
  await withClient(connectionString, (client) => client.query(`create database ${scratch}`));
  try {
    return await restorePostgresInto(payload, withDatabase(connectionString, scratch));
  } finally {
    await withClient(connectionString, (client) => client.query(`drop database if exists ${scratch} with (force)`));
  }
};

/** Whether the target holds tables already, and how many other sessions are connected to it. */
export const describeTarget = (connectionString: string) =>
  withClient(connectionString, async (client) => {
    const tables = Number(
      (await client.query<{ n: string }>(`select count(*) as n from pg_tables where schemaname = 'public'`)).rows[0]?.n ?? 0,
    );
    const others = Number(
      (
        await client.query<{ n: string }>(
          'select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
        )
      ).rows[0]?.n ?? 0,
    );
    return { tables, others };
  });

export const emptyPublicSchema = (connectionString: string) =>
  withClient(connectionString, async (client) => {
    await client.query('drop schema public cascade');
    await client.query('create schema public');
  });
