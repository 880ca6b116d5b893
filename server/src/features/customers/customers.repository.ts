import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Customers } from '#src/db/schema.generated';
import type { Tx } from '#src/db/tenant';
import { containsPattern } from '#src/lib/like-pattern';

export type CustomerRow = Selectable<Customers>;

export type MappingUpdate = {
  id: string;
  psa_company_name: string | null;
  psa_mapping_status: string;
  psa_sync_message: string | null;
};

export const createCustomersRepository = () => ({
  /** In name order; `after` continues a page (keyset on lower(name), id). */
  listCustomers: (tx: Tx, filter: { search?: string; mapping: string; limit?: number; after?: { name: string; id: string } }) => {
    let query = tx.selectFrom('customers').selectAll().orderBy(sql`lower(name)`).orderBy('id');
    if (filter.limit) {
      query = query.limit(filter.limit);
    }
    if (filter.after) {
      query = query.where(sql<boolean>`(lower(name), id) > (${filter.after.name}, ${filter.after.id}::uuid)`);
    }
    if (filter.search) {
      query = query.where(sql<boolean>`name ilike ${containsPattern(filter.search)}`);
    }
    if (filter.mapping === 'unmapped') {
      query = query.where('psa_kind', 'is', null);
    } else if (filter.mapping !== 'all') {
      query = query.where('psa_mapping_status', '=', filter.mapping);
    }
    return query.execute();
  },

  findCustomer: (tx: Tx, id: string) => tx.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst(),

  findCustomerByName: (tx: Tx, name: string) =>
    tx.selectFrom('customers').select('id').where(sql<boolean>`lower(name) = lower(${name})`).executeTakeFirst(),

  insertCustomer: (tx: Tx, row: { account_id: string; name: string; notes: string }) =>
    tx.insertInto('customers').values(row).returningAll().executeTakeFirstOrThrow(),

  updateCustomer: (tx: Tx, id: string, changes: { name?: string; notes?: string; active?: boolean }, at: Date) =>
    tx
      .updateTable('customers')
      .set({ ...changes, updated_at: at })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow(),

  setMapping: (
    tx: Tx,
    id: string,
    mapping: { psa_kind: string; psa_company_id: string; psa_company_name: string; mapped_by: string | null } | null,
    at: Date,
  ) =>
    tx
      .updateTable('customers')
      .set(
        mapping
          ? {
              psa_kind: mapping.psa_kind,
              psa_company_id: mapping.psa_company_id,
              psa_company_name: mapping.psa_company_name,
              psa_mapping_status: 'ok',
              psa_last_sync_at: at,
              psa_sync_message: null,
              psa_mapped_at: at,
              psa_mapped_by: mapping.mapped_by,
              updated_at: at,
            }
          : {
              psa_kind: null,
              psa_company_id: null,
              psa_company_name: null,
              psa_mapping_status: null,
              psa_last_sync_at: null,
              psa_sync_message: null,
              psa_mapped_at: null,
              psa_mapped_by: null,
              updated_at: at,
            },
      )
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow(),

  /** Mapped customers of one PSA, optionally limited to some ids. */
  listMappedCustomers: (tx: Tx, kind: string, ids?: readonly string[]) => {
    let query = tx
      .selectFrom('customers')
      .select(['id', 'psa_company_id', 'psa_company_name', 'psa_mapping_status'])
      .where('psa_kind', '=', kind);
    if (ids) {
      query = query.where('id', 'in', ids.length ? [...ids] : ['00000000-0000-0000-0000-000000000000']);
    }
    return query.execute();
  },

  /** Writes sync results in one statement per chunk (a sync touches thousands of rows). */
  async applySyncResults(tx: Tx, updates: readonly MappingUpdate[], at: Date) {
    for (let i = 0; i < updates.length; i += 500) {
      const chunk = updates.slice(i, i + 500);
      const values = sql.join(
        chunk.map((u) => sql`(${u.id}::uuid, ${u.psa_company_name}::text, ${u.psa_mapping_status}::text, ${u.psa_sync_message}::text)`),
      );
      await sql`
        update customers c set
          psa_company_name = v.name,
          psa_mapping_status = v.status,
          psa_sync_message = v.message,
          psa_last_sync_at = ${at}
        from (values ${values}) as v(id, name, status, message)
        where c.id = v.id`.execute(tx);
    }
  },

  acknowledgeRename: (tx: Tx, id: string, at: Date) =>
    tx
      .updateTable('customers')
      .set({ psa_mapping_status: 'ok', psa_sync_message: null, updated_at: at })
      .where('id', '=', id)
      .where('psa_mapping_status', '=', 'renamed')
      .returningAll()
      .executeTakeFirst(),
});

export type CustomersRepository = ReturnType<typeof createCustomersRepository>;
