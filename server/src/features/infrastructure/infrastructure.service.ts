// I5: infrastructure items per customer (matched to run objects by name) and tags on them.
import type { Database } from '#src/db/connection';
import { withTenant } from '#src/db/tenant';
import type { CustomersService } from '#src/features/customers/customers.service';
import { AppError, notFound } from '#src/lib/app-error';
import { type RequestContext, requireRole } from '#src/lib/context';
import type { InfrastructureRepository } from './infrastructure.repository';
import type { InfrastructureItemView } from './infrastructure.schemas';

const EDITORS = ['admin', 'operator'] as const;
type Color = InfrastructureItemView['tags'][number]['color'];
type Kind = InfrastructureItemView['kind'];

export const createInfrastructureService = (deps: {
  database: Database;
  infrastructure: InfrastructureRepository;
  customers: CustomersService;
}) => {
  const inTenant = <T>(ctx: RequestContext, work: Parameters<typeof withTenant<T>>[2]) => withTenant(deps.database, ctx, work);
  const repo = deps.infrastructure;

  return {
    async listItems(ctx: RequestContext, customerId: string): Promise<InfrastructureItemView[]> {
      await deps.customers.getCustomer(ctx, customerId);
      return inTenant(ctx, async (tx) => {
        const items = await repo.listItems(tx, customerId);
        const tags = await repo.tagsOfItems(
          tx,
          items.map((i) => i.id),
        );
        return items.map((i) => ({
          id: i.id,
          customerId: i.customer_id,
          name: i.name,
          kind: i.kind as Kind,
          linkedObjects: i.linked_objects,
          tags: tags.filter((t) => t.infrastructure_item_id === i.id).map((t) => ({ id: t.id, name: t.name, color: t.color as Color })),
        }));
      });
    },

    /** Adds an item and links the run objects that already carry its name. */
    async createItem(ctx: RequestContext, customerId: string, body: { name: string; kind: string }) {
      requireRole(ctx, EDITORS);
      await deps.customers.getCustomer(ctx, customerId);
      await inTenant(ctx, async (tx) => {
        if (await repo.findItemByName(tx, customerId, body.name)) {
          throw new AppError('conflict', `"${body.name}" is already an item of this customer`, {
            fieldErrors: [{ path: 'name', message: 'Already in use' }],
          });
        }
        const item = await repo.insertItem(tx, { account_id: ctx.accountId, customer_id: customerId, name: body.name, kind: body.kind });
        await repo.linkRunObjects(tx, item.id, customerId, body.name);
      });
      return (await this.listItems(ctx, customerId)).find(
        (i) => i.name.toLowerCase() === body.name.toLowerCase(),
      ) as InfrastructureItemView;
    },

    async deleteItem(ctx: RequestContext, itemId: string) {
      requireRole(ctx, EDITORS);
      const deleted = await inTenant(ctx, (tx) => repo.deleteItem(tx, itemId));
      if (Number(deleted.numDeletedRows) === 0) {
        throw notFound('Infrastructure item');
      }
    },

    listTags: (ctx: RequestContext) =>
      inTenant(ctx, (tx) => repo.listTags(tx)).then((tags) => tags.map((t) => ({ ...t, color: t.color as Color }))),

    async createTag(ctx: RequestContext, body: { name: string; color: string }) {
      requireRole(ctx, EDITORS);
      return inTenant(ctx, async (tx) => {
        if (await repo.findTagByName(tx, body.name)) {
          throw new AppError('conflict', `A tag "${body.name}" exists`, { fieldErrors: [{ path: 'name', message: 'Already in use' }] });
        }
        const tag = await repo.insertTag(tx, { account_id: ctx.accountId, name: body.name, color: body.color });
        return { ...tag, color: tag.color as Color };
      });
    },

    /** Deletes the tag and, with it, every link to it. */
    async deleteTag(ctx: RequestContext, tagId: string) {
      requireRole(ctx, ['admin']);
      const deleted = await inTenant(ctx, (tx) => repo.deleteTag(tx, tagId));
      if (Number(deleted.numDeletedRows) === 0) {
        throw notFound('Tag');
      }
    },

    async tagItem(ctx: RequestContext, itemId: string, tagId: string, on: boolean) {
      requireRole(ctx, EDITORS);
      await inTenant(ctx, async (tx) => {
        if (!(await repo.findItem(tx, itemId)) || !(await repo.findTag(tx, tagId))) {
          throw notFound('Infrastructure item or tag');
        }
        if (on) {
          await repo.linkTag(tx, { account_id: ctx.accountId, tag_id: tagId, infrastructure_item_id: itemId });
        } else {
          await repo.unlinkTag(tx, tagId, itemId);
        }
      });
    },
  };
};

export type InfrastructureService = ReturnType<typeof createInfrastructureService>;
