// SQL for the posted resolution note / escalation package of a session.
import { sql } from 'kysely';
import type { Tx } from '#src/db/tenant';

export const createPilotNotesRepository = () => ({
  /** Claims the session for one post; false when it is settled or another post is under way (and not stale). */
  startPosting: async (tx: Tx, sessionId: string, at: Date, staleBefore: Date) =>
    Number(
      (
        await tx
          .updateTable('ai_sessions')
          .set({ posting_started_at: at })
          .where('id', '=', sessionId)
          .where('state', 'in', ['active', 'paused'])
          .where((eb) => eb.or([eb('posting_started_at', 'is', null), eb('posting_started_at', '<', staleBefore)]))
          .executeTakeFirst()
      ).numUpdatedRows,
    ) === 1,

  finishPosting: (tx: Tx, sessionId: string) =>
    tx.updateTable('ai_sessions').set({ posting_started_at: null }).where('id', '=', sessionId).execute(),

  /** Stores the document (and, once settled, the session's final state) for the given kind. */
  recordDocument: (
    tx: Tx,
    sessionId: string,
    kind: 'resolution_note' | 'escalation_package',
    doc: { markdown: string; externalId: string | null; at: Date; state: 'resolved' | 'escalated' | null; skippedReason: string | null },
  ) =>
    tx
      .updateTable('ai_sessions')
      .set({
        ...(kind === 'resolution_note'
          ? { resolution_note_markdown: doc.markdown, resolution_note_external_id: doc.externalId, resolution_note_posted_at: doc.at }
          : {
              escalation_package_markdown: doc.markdown,
              escalation_package_external_id: doc.externalId,
              escalation_package_posted_at: doc.at,
            }),
        ...(doc.state && { state: doc.state, status_transition_skipped_reason: doc.skippedReason }),
        updated_at: sql`now()`,
        last_activity_at: sql`now()`,
      })
      .where('id', '=', sessionId)
      .execute(),
});

export type PilotNotesRepository = ReturnType<typeof createPilotNotesRepository>;
