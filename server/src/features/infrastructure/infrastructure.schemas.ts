// I5: a customer's infrastructure items (what backup runs report on) and tags.
import { z } from 'zod';

export const ITEM_KINDS = ['server', 'nas', 'endpoint', 'virtual_machine', 'storage', 'other'] as const;
export const TAG_COLORS = ['cyan', 'green', 'amber', 'red', 'purple', 'slate'] as const;

export const TagView = z.object({ id: z.uuid(), name: z.string(), color: z.enum(TAG_COLORS) });
export const TagList = z.object({ tags: z.array(TagView) });
export const CreateTagBody = z.strictObject({ name: z.string().trim().min(1).max(60), color: z.enum(TAG_COLORS).default('cyan') });
export const TagParams = z.strictObject({ tagId: z.uuid() });

export const InfrastructureItemView = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  name: z.string(),
  kind: z.enum(ITEM_KINDS),
  tags: z.array(TagView),
  /** Run objects (of this customer's jobs) that carry this item's name. */
  linkedObjects: z.number(),
});
export type InfrastructureItemView = z.infer<typeof InfrastructureItemView>;
export const InfrastructureList = z.object({ items: z.array(InfrastructureItemView) });
export const CreateItemBody = z.strictObject({ name: z.string().trim().min(1).max(200), kind: z.enum(ITEM_KINDS).default('other') });
export const CustomerParams = z.strictObject({ customerId: z.uuid() });
export const ItemParams = z.strictObject({ itemId: z.uuid() });
export const ItemTagParams = z.strictObject({ itemId: z.uuid(), tagId: z.uuid() });
