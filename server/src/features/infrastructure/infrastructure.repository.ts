import { sql } from 'kysely';
import type { Tx } from '#src/db/tenant';

export const createInfrastructureRepository = () => ({
  listItems: (tx: Tx, customerId: string) =>
    tx
      .selectFrom('infrastructure_items as i')
      .select([
        'i.id',
        'i.customer_id',
        'i.name',
        'i.kind',
        sql<number>`(select count(*)::int from backup_run_objects o where o.infrastructure_item_id = i.id)`.as('linked_objects'),
      ])
      .where('i.customer_id', '=', customerId)
      .orderBy(sql`lower(i.name)`)
      .execute(),

  tagsOfItems: (tx: Tx, itemIds: readonly string[]) =>
    itemIds.length
      ? tx
          .selectFrom('tag_links as l')
          .innerJoin('tags as t', 't.id', 'l.tag_id')
          .select(['l.infrastructure_item_id', 't.id', 't.name', 't.color'])
          .where('l.infrastructure_item_id', 'in', [...itemIds])
          .orderBy('t.name')
          .execute()
      : Promise.resolve([]),

  findItemByName: (tx: Tx, customerId: string, name: string) =>
    tx
      .selectFrom('infrastructure_items')
      .select('id')
      .where('customer_id', '=', customerId)
      .where(sql<boolean>`lower(name) = lower(${name})`)
      .executeTakeFirst(),

  insertItem: (tx: Tx, row: { account_id: string; customer_id: string; name: string; kind: string }) =>
    tx.insertInto('infrastructure_items').values(row).returning(['id', 'customer_id']).executeTakeFirstOrThrow(),

  /** Links run objects of the customer's jobs that carry the item's name. */
  linkRunObjects: (tx: Tx, itemId: string, customerId: string, name: string) =>
    sql`
      update backup_run_objects o set infrastructure_item_id = ${itemId}
      from backup_runs r join backup_jobs j on j.id = r.job_id
      where r.id = o.run_id and j.customer_id = ${customerId} and lower(o.name) = lower(${name})`.execute(tx),

  findItem: (tx: Tx, id: string) =>
    tx.selectFrom('infrastructure_items').select(['id', 'customer_id']).where('id', '=', id).executeTakeFirst(),
  deleteItem: (tx: Tx, id: string) => tx.deleteFrom('infrastructure_items').where('id', '=', id).executeTakeFirst(),

  listTags: (tx: Tx) => tx.selectFrom('tags').select(['id', 'name', 'color']).orderBy(sql`lower(name)`).execute(),
  findTag: (tx: Tx, id: string) => tx.selectFrom('tags').select('id').where('id', '=', id).executeTakeFirst(),
  findTagByName: (tx: Tx, name: string) =>
    tx.selectFrom('tags').select('id').where(sql<boolean>`lower(name) = lower(${name})`).executeTakeFirst(),
  insertTag: (tx: Tx, row: { account_id: string; name: string; color: string }) =>
    tx.insertInto('tags').values(row).returning(['id', 'name', 'color']).executeTakeFirstOrThrow(),
  deleteTag: (tx: Tx, id: string) => tx.deleteFrom('tags').where('id', '=', id).executeTakeFirst(),

  linkTag: (tx: Tx, row: { account_id: string; tag_id: string; infrastructure_item_id: string }) =>
    sql`insert into tag_links (account_id, tag_id, infrastructure_item_id) values (${row.account_id}, ${row.tag_id}, ${row.infrastructure_item_id})
        on conflict do nothing`.execute(tx),
  unlinkTag: (tx: Tx, tagId: string, itemId: string) =>
    tx.deleteFrom('tag_links').where('tag_id', '=', tagId).where('infrastructure_item_id', '=', itemId).execute(),
});

export type InfrastructureRepository = ReturnType<typeof createInfrastructureRepository>;
