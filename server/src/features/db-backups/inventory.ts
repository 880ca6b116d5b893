// Issue 21: what a backup must give back — every table's row count, a checksum over the rows of a
// few key tables (accounts, users, customers, PSA settings and sealed credentials, ticket links,
// jobs), and the newest migration. Taken in the same snapshot as the dump, and again from the
// restored copy; the two must agree.
export type Query = <T>(text: string) => Promise<T[]>;
export type Inventory = { migration: string; counts: Record<string, number>; checksums: Record<string, string> };

export const KEY_TABLES = [
  'accounts',
  'users',
  'customers',
  'psa_integrations',
  'integration_credentials',
  'ticket_links',
  'backup_jobs',
] as const;

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

export const takeInventory = async (query: Query): Promise<Inventory> => {
  const tables = (
    await query<{ name: string }>(`select tablename as name from pg_tables where schemaname = 'public' order by tablename`)
  ).map((t) => t.name);
  const counts: Record<string, number> = {};
  if (tables.length) {
    const rows = await query<{ name: string; n: string | number }>(
      tables.map((t) => `select '${t.replaceAll("'", "''")}' as name, count(*) as n from ${quoted(t)}`).join(' union all '),
    );
    for (const row of rows) {
      counts[row.name] = Number(row.n);
    }
  }
  const checksums: Record<string, string> = {};
  for (const table of KEY_TABLES.filter((t) => tables.includes(t))) {
    const [row] = await query<{ sum: string }>(
      `select md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as sum from ${quoted(table)} t`,
    );
    checksums[table] = row?.sum ?? '';
  }
  const migration = tables.includes('schema_migrations')
    ? ((await query<{ version: string | null }>('select max(version) as version from schema_migrations'))[0]?.version ?? '')
    : '';
  return { migration, counts, checksums };
};

/** Why a restored copy differs from what was backed up, or null when it is the same. */
export const compareInventories = (expected: Inventory, actual: Inventory): string | null => {
  if (expected.migration !== actual.migration) {
    return `the restored database is at migration ${actual.migration || 'none'}, the backup at ${expected.migration}`;
  }
  for (const [table, n] of Object.entries(expected.counts)) {
    if (actual.counts[table] !== n) {
      return `table ${table} has ${actual.counts[table] ?? 'no'} rows restored, ${n} backed up`;
    }
  }
  for (const [table, sum] of Object.entries(expected.checksums)) {
    if (actual.checksums[table] !== sum) {
      return `the rows of ${table} differ from the ones backed up`;
    }
  }
  return null;
};
