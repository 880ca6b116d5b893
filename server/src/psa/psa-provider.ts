// The one interface services use to talk to a PSA. Autotask and ConnectWise differences stay in
// their implementations; ids are strings so both fit. Methods named find… return null (or an
// empty list) when the PSA says something does not exist; everything else throws AppError.
import type { RequestContext } from '#src/lib/context';

export const PSA_KINDS = ['autotask', 'connectwise'] as const;
export type PsaKind = (typeof PSA_KINDS)[number];

export const PSA_LABELS: Record<PsaKind, string> = { autotask: 'Autotask', connectwise: 'ConnectWise' };

/**
 * Issue 14: most ids one Autotask query carries — its page holds 500 records and a query at most
 * 500 OR conditions (autotask-api.md, "Page size and MaxRecords"). ConnectWise packs ids by the
 * length of the URL instead (connectwise-provider.ts).
 */
export const PSA_BATCH_SIZE = 500;

export type PsaCompany = { id: string; name: string; active: boolean };

export type PsaReferenceItem = { id: string; name: string; active: boolean; isDefault: boolean };
export type PsaStatus = PsaReferenceItem & { isClosed: boolean };

export type PsaReferenceData = {
  /** Autotask queues; ConnectWise service boards. */
  queues: PsaReferenceItem[];
  sources: PsaReferenceItem[];
  /** Statuses of the chosen board on ConnectWise. */
  statuses: PsaStatus[];
  priorities: PsaReferenceItem[];
  /** Autotask: the ticket note types of the live picklist (issue 15: tenants deactivate some). */
  noteTypes?: PsaReferenceItem[];
};

export type PsaTicket = {
  id: string;
  number: string;
  title: string;
  companyId: string;
  statusId: string;
  statusName: string | null;
  /** Autotask queue; ConnectWise service board (null when the PSA has none on the ticket). */
  queueId: string | null;
  isClosed: boolean;
  /** The key Flightdeck stamped on the ticket (Autotask externalID, ConnectWise externalXRef). */
  externalKey: string | null;
  url: string;
};

export type TicketDraft = {
  companyId: string;
  title: string;
  description: string;
  queueId: string | null;
  sourceId: string | null;
  statusId: string | null;
  priorityId: string | null;
  externalKey: string;
};

/**
 * `internal`: technicians only. `resolution`: visible to the customer as the resolution.
 * `update`: visible to the customer as a progress note (no resolution, no status change).
 */
export type NoteDraft = { kind: 'internal' | 'resolution' | 'update'; title: string; text: string };

/** What the ticket says, for the pilot: its title, its description and its latest notes (newest first). */
export type PsaTicketContext = {
  title: string;
  description: string | null;
  notes: { text: string; createdAt: string | null; internal: boolean }[];
};

/** Issue 15: one right Flightdeck needs in the PSA, checked by the least intrusive call for it. */
export type PsaRightCheck = {
  id: 'read_companies' | 'read_tickets' | 'create_tickets' | 'add_notes' | 'read_time_entries' | 'change_status';
  label: string;
  /** null: the PSA offers no way to check it without writing (said in the message). */
  ok: boolean | null;
  message: string;
};

/** Something about the connection an admin should look at, shown as its own failed check in Validate. */
export type PsaConnectionWarning = { id: string; label: string; message: string };

export type PsaProvider = {
  readonly kind: PsaKind;
  /** Proves the credentials work; returns a line for the admin (and warnings). Throws AppError otherwise. */
  testConnection(ctx: RequestContext): Promise<{ message: string; warnings?: PsaConnectionWarning[] }>;
  /** Issue 15: every right Flightdeck needs, each named in words an admin can act on when missing. */
  checkRights(ctx: RequestContext): Promise<PsaRightCheck[]>;
  /** Live typeahead by name, one page at a time. */
  searchCompanies(
    ctx: RequestContext,
    search: { query: string; page: number; pageSize: number },
  ): Promise<{ items: PsaCompany[]; hasMore: boolean }>;
  /** The companies that still exist among `ids`, in as few calls as possible (≤ PSA_BATCH_SIZE ids each). */
  findCompanies(ctx: RequestContext, ids: readonly string[]): Promise<PsaCompany[]>;
  findCompany(ctx: RequestContext, id: string): Promise<PsaCompany | null>;
  referenceData(ctx: RequestContext, options: { boardId: string | null }): Promise<PsaReferenceData>;
  createTicket(ctx: RequestContext, draft: TicketDraft): Promise<PsaTicket>;
  findTicket(ctx: RequestContext, id: string): Promise<PsaTicket | null>;
  findTicketByNumber(ctx: RequestContext, number: string): Promise<PsaTicket | null>;
  findTicketsByExternalKey(ctx: RequestContext, key: string): Promise<PsaTicket[]>;
  /** The tickets that still exist among `ids` (≤ PSA_BATCH_SIZE ids per call). */
  findTickets(ctx: RequestContext, ids: readonly string[]): Promise<PsaTicket[]>;
  addNote(ctx: RequestContext, ticketId: string, note: NoteDraft): Promise<{ id: string }>;
  listTimeEntries(ctx: RequestContext, ticketId: string): Promise<{ id: string; hours: number }[]>;
  /** Sends the status change; callers verify it by reading the ticket back. */
  setStatus(ctx: RequestContext, ticketId: string, statusId: string): Promise<void>;
  /**
   * Moves a ticket to another queue (ConnectWise: board) and a status there, in one write; callers
   * verify both by reading the ticket back. On ConnectWise the status must belong to that board.
   */
  routeTicket(ctx: RequestContext, ticketId: string, target: { queueId: string; statusId: string }): Promise<void>;
  /** The ticket's title, description and latest `limit` notes; null when it does not exist. */
  ticketContext(ctx: RequestContext, ticketId: string, options: { limit: number }): Promise<PsaTicketContext | null>;
  /** The statuses a ticket can take in a queue: Autotask's are global, ConnectWise's belong to a board. */
  listStatuses(ctx: RequestContext, options: { queueId: string | null }): Promise<PsaStatus[]>;
};

export const chunk = <T>(items: readonly T[], size = PSA_BATCH_SIZE): T[][] => {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    chunks.push(items.slice(i, i + size));
  }
  return chunks;
};

/** Numeric PSA ids only; anything else cannot exist in the PSA. */
export const numericIds = (ids: readonly string[]) => [...new Set(ids)].filter((id) => /^\d{1,15}$/.test(id)).map(Number);
