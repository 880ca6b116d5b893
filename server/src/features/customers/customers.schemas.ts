// B1: customers and their mapping to a PSA company.
import { z } from 'zod';
import { PsaKind } from '#src/features/integrations/integrations.schemas';

export const MAPPING_STATUSES = ['ok', 'renamed', 'missing', 'invalid'] as const;
export const MappingStatus = z.enum(MAPPING_STATUSES);
export type MappingStatus = z.infer<typeof MappingStatus>;

const CustomerName = z.string().trim().min(1, 'Enter a name').max(200);
const Notes = z.string().max(4000);

export const PsaMappingView = z.object({
  kind: PsaKind,
  companyId: z.string(),
  companyName: z.string().nullable(),
  status: MappingStatus,
  lastSyncAt: z.iso.datetime().nullable(),
  message: z.string().nullable(),
  mappedAt: z.iso.datetime().nullable(),
});

export const TicketGateView = z.object({ allowed: z.boolean(), reason: z.string().nullable() });

export const CustomerView = z.object({
  id: z.uuid(),
  name: z.string(),
  notes: z.string(),
  active: z.boolean(),
  psaMapping: PsaMappingView.nullable(),
  /** B1.4 / B4.3: whether a ticket could be created for this customer now, and why not. */
  ticketCreation: TicketGateView,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type CustomerView = z.infer<typeof CustomerView>;

export const CustomerParams = z.strictObject({ customerId: z.uuid() });
export const CustomerListQuery = z.strictObject({
  search: z.string().trim().max(200).optional(),
  mapping: z.enum(['all', 'unmapped', ...MAPPING_STATUSES]).default('all'),
  /** Issue 14: a page at a time (100 unless asked for fewer; the pickers ask for a few matches). */
  limit: z.coerce.number().int().min(1).max(100).default(100),
  /** Opaque: the previous page's nextCursor. */
  cursor: z.string().max(700).optional(),
});
export const CustomerList = z.object({ customers: z.array(CustomerView), nextCursor: z.string().nullable() });
export const CreateCustomerBody = z.strictObject({ name: CustomerName, notes: Notes.default('') });
export const UpdateCustomerBody = z
  .strictObject({ name: CustomerName.optional(), notes: Notes.optional(), active: z.boolean().optional() })
  .refine((b) => Object.keys(b).length > 0, 'Change at least one field');
export type UpdateCustomerBody = z.infer<typeof UpdateCustomerBody>;
export const MapCustomerBody = z.strictObject({ kind: PsaKind, companyId: z.string().regex(/^\d{1,15}$/, 'A PSA company id is a number') });

export const SyncSummaryView = z.object({
  checked: z.number(),
  ok: z.number(),
  renamed: z.number(),
  missing: z.number(),
  invalid: z.number(),
  /** Mapped to a disabled integration: left untouched, no PSA call. */
  skipped: z.number(),
  errors: z.array(z.object({ kind: PsaKind, message: z.string() })),
});
export type SyncSummary = z.infer<typeof SyncSummaryView>;
