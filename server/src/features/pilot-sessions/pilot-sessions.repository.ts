// SQL for FlowPilot sessions, their chat messages and their task lane. Every write that changes
// what the pilot knows bumps `state_version` in the caller's transaction (P3.3).
import { sql } from 'kysely';
import type { Tx } from '#src/db/tenant';

export type NewSession = {
  account_id: string;
  title: string;
  customer_id: string | null;
  contact: string;
  priority: string;
  playbook_id: string | null;
  created_by: string;
};

export type NewMessage = {
  account_id: string;
  session_id: string;
  role: 'user' | 'assistant';
  content: string;
  raw_content: string | null;
  model: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cache_creation_tokens: number | null;
  cache_read_tokens: number | null;
  /** P0.5: whether tools were offered on this turn. */
  tools_available?: boolean | null;
  /** P0.5: the tools this turn called, whether it was answered again without tools, and the calls (JSON). */
  tools_used?: string[];
  tool_fallback?: boolean;
  tool_calls?: string;
  /** Issue 18: the attachments a technician's message carried. */
  attachment_ids?: string[];
  created_by: string | null;
};

const sessionColumns = [
  's.id',
  's.title',
  's.customer_id',
  'c.name as customer_name',
  's.contact',
  's.priority',
  's.state',
  's.session_type',
  's.pending_task_lane',
  's.state_version',
  's.playbook_id',
  's.resolution_note_markdown',
  's.resolution_note_posted_at',
  's.resolution_note_external_id',
  's.escalation_package_markdown',
  's.escalation_package_posted_at',
  's.escalation_package_external_id',
  's.status_transition_skipped_reason',
  's.created_at',
  's.last_activity_at',
  'l.id as link_id',
  'l.psa_kind',
  'l.ticket_id',
  'l.ticket_number',
  'l.ticket_url',
  'l.state as link_state',
  'l.last_status_name',
] as const;

export const createPilotSessionsRepository = () => {
  const selectSessions = (tx: Tx) =>
    tx
      .selectFrom('ai_sessions as s')
      .leftJoin('customers as c', 'c.id', 's.customer_id')
      .leftJoin('ticket_links as l', (join) => join.onRef('l.ai_session_id', '=', 's.id').on('l.state', '=', 'active'))
      .select(sessionColumns);

  return {
    insertSession: async (tx: Tx, session: NewSession) =>
      (await tx.insertInto('ai_sessions').values(session).returning('id').executeTakeFirstOrThrow()).id,

    findSession: (tx: Tx, id: string) => selectSessions(tx).where('s.id', '=', id).executeTakeFirst(),

    /** Active and paused sessions first, then the most recent others. */
    listSessions: (tx: Tx, limit: number) =>
      selectSessions(tx)
        .orderBy(sql`case when s.state in ('active', 'paused') then 0 else 1 end`)
        .orderBy('s.last_activity_at', 'desc')
        .limit(limit)
        .execute(),

    setState: async (tx: Tx, id: string, from: readonly string[], to: string) =>
      Number(
        (
          await tx
            .updateTable('ai_sessions')
            .set({ state: to, updated_at: sql`now()` })
            .where('id', '=', id)
            .where('state', 'in', [...from])
            .executeTakeFirst()
        ).numUpdatedRows,
      ) === 1,

    /** Saves the task lane; `bump` when the change is part of what the pilot knows. */
    saveTaskLane: (tx: Tx, id: string, lane: unknown, bump: boolean) =>
      tx
        .updateTable('ai_sessions')
        .set({
          pending_task_lane: JSON.stringify(lane),
          updated_at: sql`now()`,
          last_activity_at: sql`now()`,
          ...(bump && { state_version: sql`state_version + 1` }),
        })
        .where('id', '=', id)
        .execute(),

    /** P3.3: the session's state version goes up with every fact, fix or script write. */
    bumpStateVersion: async (tx: Tx, id: string) =>
      (
        await tx
          .updateTable('ai_sessions')
          .set({ state_version: sql`state_version + 1`, updated_at: sql`now()`, last_activity_at: sql`now()` })
          .where('id', '=', id)
          .returning('state_version')
          .executeTakeFirstOrThrow()
      ).state_version,

    setPlaybook: (tx: Tx, id: string, playbookId: string) =>
      tx.updateTable('ai_sessions').set({ playbook_id: playbookId }).where('id', '=', id).where('playbook_id', 'is', null).execute(),

    touch: (tx: Tx, id: string) => tx.updateTable('ai_sessions').set({ last_activity_at: sql`now()` }).where('id', '=', id).execute(),

    insertMessage: (tx: Tx, message: NewMessage) =>
      tx.insertInto('session_messages').values(message).returning(['id', 'created_at']).executeTakeFirstOrThrow(),

    listMessages: (tx: Tx, sessionId: string) =>
      tx
        .selectFrom('session_messages as m')
        .leftJoin('users as u', 'u.id', 'm.created_by')
        .select([
          'm.id',
          'm.role',
          'm.content',
          'm.model',
          'm.created_at',
          'm.cache_read_tokens',
          'm.cache_creation_tokens',
          'm.input_tokens',
          'm.output_tokens',
          'm.attachment_ids',
          'm.tool_calls',
          'u.display_name as author_name',
        ])
        .where('m.session_id', '=', sessionId)
        .orderBy('m.created_at')
        .orderBy('m.id')
        .execute(),

    /** The last `limit` messages, oldest first: what the pilot is shown of the chat. */
    listRecentMessages: async (tx: Tx, sessionId: string, limit: number) =>
      (
        await tx
          .selectFrom('session_messages')
          .select(['role', 'content'])
          .where('session_id', '=', sessionId)
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(limit)
          .execute()
      ).reverse(),

    listInsights: (tx: Tx, customerId: string) =>
      tx
        .selectFrom('environment_insights')
        .select(['category', 'confidence', 'text', 'priority'])
        .where('customer_id', '=', customerId)
        // A retired insight no longer reaches the pilot (I4).
        .where('retired_at', 'is', null)
        // A stable order: the insights are part of the cached prompt prefix.
        .orderBy('priority', 'desc')
        .orderBy('created_at')
        .orderBy('id')
        .limit(20)
        .execute(),
  };
};

export type PilotSessionsRepository = ReturnType<typeof createPilotSessionsRepository>;
export type SessionRow = NonNullable<Awaited<ReturnType<PilotSessionsRepository['findSession']>>>;
