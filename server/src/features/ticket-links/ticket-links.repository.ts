// I3: SQL for ticket links (a Flightdeck subject — a backup run or a FlowPilot session — → a PSA
// ticket) and for the claims that keep ticket creation to one per run (B4.2).
import { sql } from 'kysely';
import type { Tx } from '#src/db/tenant';
import type { PsaTicket } from '#src/psa/psa-provider';

export type LinkState = 'active' | 'deleted_external' | 'replaced' | 'unlinked';
export type LinkOrigin = 'created' | 'adopted' | 'linked' | 'manual';

export type NewTicketLink = {
  account_id: string;
  /** The subject: exactly one of a backup run or a FlowPilot session. */
  backup_run_id: string | null;
  ai_session_id?: string | null;
  link_type?: 'related' | 'resolves' | 'documents';
  psa_kind: string | null;
  ticket_id: string | null;
  ticket_number: string;
  ticket_url: string | null;
  origin: LinkOrigin;
  external_key: string | null;
  last_status_id: string | null;
  last_status_name: string | null;
  last_status_closed: boolean | null;
  status_read_at: Date | null;
  created_by: string | null;
  created_at: Date;
};

/** B4.6: a link's snapshot of the ticket's status, from a ticket as just read from the PSA. */
export const statusColumnsOf = (ticket: Pick<PsaTicket, 'statusId' | 'statusName' | 'isClosed'>, readAt: Date) => ({
  last_status_id: ticket.statusId,
  last_status_name: ticket.statusName,
  last_status_closed: ticket.isClosed,
  status_read_at: readAt,
});

const linkColumns = [
  'l.id',
  'l.backup_run_id',
  'l.psa_kind',
  'l.ticket_id',
  'l.ticket_number',
  'l.ticket_url',
  'l.link_type',
  'l.origin',
  'l.state',
  'l.external_key',
  'l.last_status_id',
  'l.last_status_name',
  'l.last_status_closed',
  'l.status_read_at',
  'l.resolution',
  'l.resolved_at',
  'l.resolve_note_external_id',
  'l.created_at',
  'l.state_changed_at',
  'u.display_name as created_by_name',
] as const;

export const createTicketLinksRepository = () => {
  const selectLinks = (tx: Tx) => tx.selectFrom('ticket_links as l').leftJoin('users as u', 'u.id', 'l.created_by').select(linkColumns);

  return {
    findLink: (tx: Tx, id: string) => selectLinks(tx).where('l.id', '=', id).executeTakeFirst(),

    findActiveRunLink: (tx: Tx, runId: string) =>
      selectLinks(tx).where('l.backup_run_id', '=', runId).where('l.state', '=', 'active').executeTakeFirst(),

    /** Every link the run ever had, newest first: the active one and the history. */
    listRunLinks: (tx: Tx, runId: string) =>
      selectLinks(tx).where('l.backup_run_id', '=', runId).orderBy('l.created_at', 'desc').orderBy('l.id', 'desc').execute(),

    countRunLinks: async (tx: Tx, runId: string) =>
      Number(
        (
          await tx
            .selectFrom('ticket_links')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('backup_run_id', '=', runId)
            .executeTakeFirstOrThrow()
        ).n,
      ),

    /** Inserts an active link; the unique index refuses a second active link for the run. */
    insertLink: async (tx: Tx, link: NewTicketLink) =>
      (await tx.insertInto('ticket_links').values(link).returning('id').executeTakeFirstOrThrow()).id,

    setLinkState: (tx: Tx, id: string, state: LinkState, at: Date) =>
      tx.updateTable('ticket_links').set({ state, state_changed_at: at }).where('id', '=', id).where('state', '=', 'active').execute(),

    /** An operator removed the link; it stays as history. False when it was no longer active. */
    unlink: async (tx: Tx, id: string, by: string | null, at: Date) =>
      Number(
        (
          await tx
            .updateTable('ticket_links')
            .set({ state: 'unlinked', state_changed_at: at, unlinked_by: by })
            .where('id', '=', id)
            .where('state', '=', 'active')
            .executeTakeFirst()
        ).numUpdatedRows,
      ) === 1,

    saveStatusSnapshot: (tx: Tx, id: string, ticket: PsaTicket, readAt: Date) =>
      tx.updateTable('ticket_links').set(statusColumnsOf(ticket, readAt)).where('id', '=', id).execute(),

    /** Starts a resolve: only one at a time per link; returns false when one ran or runs already. */
    startResolving: async (tx: Tx, id: string, by: string | null, at: Date) =>
      Number(
        (
          await tx
            .updateTable('ticket_links')
            .set({ resolved_at: at, resolved_by: by })
            .where('id', '=', id)
            .where('resolved_at', 'is', null)
            .executeTakeFirst()
        ).numUpdatedRows,
      ) === 1,

    abandonResolving: (tx: Tx, id: string) =>
      tx
        .updateTable('ticket_links')
        .set({ resolved_at: null, resolved_by: null })
        .where('id', '=', id)
        .where('resolution', 'is', null)
        .execute(),

    saveResolveNote: (tx: Tx, id: string, noteId: string) =>
      tx.updateTable('ticket_links').set({ resolve_note_external_id: noteId }).where('id', '=', id).execute(),

    /**
     * Issue 19: the other runs on the same ticket (added to the job's open ticket) are settled by
     * the same Resolve; answers with their runs.
     */
    resolveSharedLinks: async (
      tx: Tx,
      link: { id: string; psaKind: string; ticketId: string },
      outcome: { resolution: 'completed' | 'left_open_time_entries'; by: string | null; at: Date },
    ) =>
      (
        await tx
          .updateTable('ticket_links')
          .set({ resolution: outcome.resolution, resolved_at: outcome.at, resolved_by: outcome.by })
          .where('state', '=', 'active')
          .where('psa_kind', '=', link.psaKind)
          .where('ticket_id', '=', link.ticketId)
          .where('id', '<>', link.id)
          .where('resolution', 'is', null)
          .where('backup_run_id', 'is not', null)
          .returning('backup_run_id')
          .execute()
      ).map((r) => r.backup_run_id as string),

    finishResolving: (tx: Tx, id: string, resolution: 'completed' | 'left_open_time_entries') =>
      tx.updateTable('ticket_links').set({ resolution }).where('id', '=', id).execute(),

    /** Active links with a validated ticket id on one PSA, a page at a time (keyset on id). */
    listActiveValidatedLinks: (tx: Tx, kind: string, afterId: string | null, limit: number) => {
      let query = tx
        .selectFrom('ticket_links')
        .select(['id', 'ticket_id'])
        .where('state', '=', 'active')
        .where('psa_kind', '=', kind)
        .where('ticket_id', 'is not', null)
        .orderBy('id')
        .limit(limit);
      if (afterId) {
        query = query.where('id', '>', afterId);
      }
      return query.execute() as Promise<{ id: string; ticket_id: string }[]>;
    },

    /** Serialises ticket work on one run across requests and nodes for the rest of the transaction. */
    lockRun: async (tx: Tx, runId: string) =>
      (await sql<{ id: string }>`select id from backup_runs where id = ${runId} for update`.execute(tx)).rows.length === 1,

    findClaim: (tx: Tx, runId: string) =>
      tx.selectFrom('run_ticket_claims').selectAll().where('backup_run_id', '=', runId).executeTakeFirst(),

    insertClaim: (
      tx: Tx,
      claim: { account_id: string; backup_run_id: string; external_key: string; claimed_by: string | null; claimed_at: Date },
    ) => tx.insertInto('run_ticket_claims').values(claim).execute(),

    /** Takes over a stale or uncertain claim; false when someone else took it first. */
    takeOverClaim: async (tx: Tx, runId: string, staleAt: Date, by: string | null, at: Date) =>
      Number(
        (
          await tx
            .updateTable('run_ticket_claims')
            .set({ claimed_by: by, claimed_at: at, state: 'pending' })
            .where('backup_run_id', '=', runId)
            .where('claimed_at', '=', staleAt)
            .executeTakeFirst()
        ).numUpdatedRows,
      ) === 1,

    /** The create's outcome is unknown: keep the key; `since` is when the uncertain attempt ended. */
    markClaimUncertain: (tx: Tx, runId: string, since: Date, error: string) =>
      tx
        .updateTable('run_ticket_claims')
        .set({ state: 'uncertain', claimed_at: since, last_error: error })
        .where('backup_run_id', '=', runId)
        .execute(),

    deleteClaim: (tx: Tx, runId: string) => tx.deleteFrom('run_ticket_claims').where('backup_run_id', '=', runId).execute(),
  };
};

export type TicketLinksRepository = ReturnType<typeof createTicketLinksRepository>;
export type TicketLinkRow = NonNullable<Awaited<ReturnType<TicketLinksRepository['findLink']>>>;
