// B4–B7 over HTTP: a run's ticket, its history, and what the caller may do with it.
import { z } from 'zod';

export const RunTicketParams = z.strictObject({ runId: z.uuid() });
export const TicketNumberBody = z.strictObject({ ticketNumber: z.string().trim().min(1, 'Enter a ticket number').max(64) });

export const TicketLinkView = z.object({
  id: z.uuid(),
  psaKind: z.enum(['autotask', 'connectwise', 'syncro']).nullable(),
  /** Null for a typed number that was never validated in the PSA (B6.1). */
  ticketId: z.string().nullable(),
  ticketNumber: z.string(),
  ticketUrl: z.string().nullable(),
  origin: z.enum(['created', 'adopted', 'linked', 'manual']),
  state: z.enum(['active', 'deleted_external', 'replaced', 'unlinked']),
  lastStatusName: z.string().nullable(),
  lastStatusClosed: z.boolean().nullable(),
  statusReadAt: z.iso.datetime().nullable(),
  resolution: z.enum(['completed', 'left_open_time_entries']).nullable(),
  resolvedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  createdByName: z.string().nullable(),
});
export type TicketLinkView = z.infer<typeof TicketLinkView>;

export const TicketActions = z.object({
  canCreate: z.boolean(),
  /** B4.3: why Create ticket is blocked, when it is. */
  createBlockedReason: z.string().nullable(),
  canLinkExisting: z.boolean(),
  /** Remove the link without touching the PSA (B6). */
  canUnlink: z.boolean(),
  canEnterManualNumber: z.boolean(),
  /** Issue 19: another run of the job has this open ticket; Add to open ticket links this run to it. */
  openTicketOfJob: z.object({ ticketNumber: z.string(), psaKind: z.enum(['autotask', 'connectwise']) }).nullable(),
  canAddToOpenTicket: z.boolean(),
  canResolve: z.boolean(),
  resolveBlockedReason: z.string().nullable(),
  /** What Resolve will write, shown for confirmation: the internal note and the target status. */
  resolvePreview: z
    .object({
      /** B14.5: the later successful run that verifies the fix; null: Resolve needs the engineer's confirmation. */
      verifiedBy: z.object({ runId: z.uuid(), runAt: z.iso.datetime() }).nullable(),
      note: z.string(),
      noteIfTimeEntries: z.string(),
      targetStatusId: z.string(),
      targetStatusName: z.string().nullable(),
    })
    .nullable(),
});
export type TicketActions = z.infer<typeof TicketActions>;

export const RunTicketView = z.object({
  runId: z.uuid(),
  active: TicketLinkView.nullable(),
  /** Earlier links (deleted in the PSA, or replaced), newest first. */
  history: z.array(TicketLinkView),
  /** B4.2: a create under way, or one whose outcome is not known yet (ADR 6). */
  pendingCreate: z.object({ state: z.enum(['pending', 'uncertain']), since: z.iso.datetime() }).nullable(),
  actions: TicketActions,
});
export type RunTicketView = z.infer<typeof RunTicketView>;

export const AddToOpenTicketResult = z.object({ ticketNumber: z.string(), ticket: RunTicketView });

export const CreateTicketResult = z.object({
  /** `adopted`: a ticket with this run's key already existed in the PSA (an earlier attempt got through). */
  outcome: z.enum(['created', 'adopted', 'existing']),
  ticket: RunTicketView,
});

export const ResolveTicketResult = z.object({
  outcome: z.enum(['completed', 'left_open_time_entries']),
  /** Issue 19: other runs on the same ticket, settled by this Resolve too. */
  alsoResolvedRuns: z.number(),
  ticket: RunTicketView,
});
