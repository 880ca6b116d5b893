// P1.3 / N3: tenancy is enforced by the database. Part (a) discovers tenant tables itself, so a
// table added by a later migration is covered without touching this file.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app';
import { APP_ROLE, withTenant } from './tenant';

describe('row-level security', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<TestApp['newAccount']>>;
  let b: Awaited<ReturnType<TestApp['newAccount']>>;

  beforeAll(async () => {
    t = await createTestApp();
    a = await t.newAccount();
    b = await t.newAccount();
  });
  afterAll(() => t.close());

  it('protects every table that has an account_id column, with RLS enabled, forced and one tenant policy', async () => {
    const { rows } = await sql<{
      table_name: string;
      rls: boolean;
      forced: boolean;
      owner: string;
      policies: { cmd: string; qual: string | null; with_check: string | null }[] | null;
    }>`
      select c.relname as table_name, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
             pg_get_userbyid(c.relowner) as owner,
             (select json_agg(json_build_object('cmd', p.cmd, 'qual', p.qual, 'with_check', p.with_check))
                from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname) as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
        and exists (select 1 from information_schema.columns col
                    where col.table_schema = 'public' and col.table_name = c.relname and col.column_name = 'account_id')
      order by c.relname`.execute(t.database.db);

    expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['users', 'user_sessions', 'api_keys', 'account_settings']));
    for (const table of rows) {
      expect(table.rls, `${table.table_name}: RLS enabled`).toBe(true);
      expect(table.forced, `${table.table_name}: RLS forced`).toBe(true);
      expect(table.owner, `${table.table_name}: not owned by the app role`).not.toBe(APP_ROLE);
      const policy = table.policies?.find((p) => p.cmd === 'ALL');
      expect(policy?.qual, `${table.table_name}: USING`).toMatch(/account_id = app_current_account_id\(\)/);
      expect(policy?.with_check, `${table.table_name}: WITH CHECK`).toMatch(/account_id = app_current_account_id\(\)/);
    }
  });

  it('runs tenant work as a role that cannot bypass RLS', async () => {
    const role = await withTenant(
      t.database,
      { accountId: a.account.id },
      async (tx) =>
        (
          await sql<{ user: string; bypass: boolean }>`
        select current_user as user, (rolsuper or rolbypassrls) as bypass from pg_roles where rolname = current_user`.execute(tx)
        ).rows[0],
    );
    expect(role).toEqual({ user: APP_ROLE, bypass: false });
  });

  it("reads only the current account's rows, even with no filter", async () => {
    const emails = await withTenant(t.database, { accountId: a.account.id }, async (tx) =>
      (await sql<{ email: string }>`select email from users`.execute(tx)).rows.map((r) => r.email),
    );
    expect(emails).toHaveLength(3);
    expect(emails.every((e) => e.includes(a.account.slug))).toBe(true);
  });

  it("cannot update or delete another account's rows", async () => {
    const bUserId = b.users.admin.id;
    const outcome = await withTenant(t.database, { accountId: a.account.id }, async (tx) => ({
      updated: (await sql`update users set display_name = 'hijacked' where id = ${bUserId}`.execute(tx)).numAffectedRows,
      deleted: (await sql`delete from users where id = ${bUserId}`.execute(tx)).numAffectedRows,
      everything: (await sql`delete from account_settings`.execute(tx)).numAffectedRows,
    }));
    expect(outcome).toEqual({ updated: 0n, deleted: 0n, everything: 0n });
    const still = await withTenant(
      t.database,
      { accountId: b.account.id },
      async (tx) => (await sql<{ display_name: string }>`select display_name from users where id = ${bUserId}`.execute(tx)).rows,
    );
    expect(still).toEqual([{ display_name: b.users.admin.display_name }]);
  });

  it('cannot insert rows for another account', async () => {
    await expect(
      withTenant(t.database, { accountId: a.account.id }, (tx) =>
        sql`insert into account_settings (account_id, preferences) values (${b.account.id}, '{}')`.execute(tx),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      withTenant(t.database, { accountId: a.account.id }, (tx) =>
        sql`update users set account_id = ${b.account.id} where id = ${a.users.reporter.id}`.execute(tx),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('sees nothing at all without an account in context', async () => {
    const count = await t.database.db.transaction().execute(async (tx) => {
      await sql.raw(`set local role ${APP_ROLE}`).execute(tx);
      return (await sql<{ n: number }>`select count(*)::int as n from users`.execute(tx)).rows[0]?.n;
    });
    expect(count).toBe(0);
  });
});
