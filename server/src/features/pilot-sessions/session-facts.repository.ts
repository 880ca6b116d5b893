// SQL for "What we know" (P3) and the suggested fix (P4).
import { sql } from 'kysely';
import type { Tx } from '#src/db/tenant';

export type NewFact = {
  account_id: string;
  session_id: string;
  text: string;
  source_type: string;
  source_ref: string | null;
  source_summary: string | null;
  created_by: string;
};

export type NewFix = {
  account_id: string;
  session_id: string;
  title: string;
  description: string;
  confidence_pct: number;
  template_slug: string | null;
  ai_drafted_script: string | null;
  ai_drafted_parameters: string | null;
};

const factColumns = [
  'f.id',
  'f.session_id',
  'f.text',
  'f.source_type',
  'f.source_ref',
  'f.source_summary',
  'f.created_at',
  'f.updated_at',
  'u.display_name as created_by_name',
] as const;

export const createSessionFactsRepository = () => ({
  listFacts: (tx: Tx, sessionId: string) =>
    tx
      .selectFrom('session_facts as f')
      .innerJoin('users as u', 'u.id', 'f.created_by')
      .select(factColumns)
      .where('f.session_id', '=', sessionId)
      .where('f.deleted_at', 'is', null)
      .orderBy('f.created_at')
      .execute(),

  findFact: (tx: Tx, sessionId: string, factId: string) =>
    tx
      .selectFrom('session_facts as f')
      .innerJoin('users as u', 'u.id', 'f.created_by')
      .select(factColumns)
      .where('f.session_id', '=', sessionId)
      .where('f.id', '=', factId)
      .where('f.deleted_at', 'is', null)
      .executeTakeFirst(),

  insertFact: async (tx: Tx, fact: NewFact) =>
    (await tx.insertInto('session_facts').values(fact).returning('id').executeTakeFirstOrThrow()).id,

  updateFactText: (tx: Tx, factId: string, text: string, summary: string | null | undefined) =>
    tx
      .updateTable('session_facts')
      .set({ text, ...(summary !== undefined && { source_summary: summary }), updated_at: sql`now()` })
      .where('id', '=', factId)
      .execute(),

  softDeleteFact: (tx: Tx, factId: string) =>
    tx.updateTable('session_facts').set({ deleted_at: sql`now()` }).where('id', '=', factId).execute(),

  findActiveFix: (tx: Tx, sessionId: string) =>
    tx
      .selectFrom('session_suggested_fixes')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('superseded_at', 'is', null)
      .executeTakeFirst(),

  findFix: (tx: Tx, sessionId: string, fixId: string) =>
    tx.selectFrom('session_suggested_fixes').selectAll().where('session_id', '=', sessionId).where('id', '=', fixId).executeTakeFirst(),

  /** P2.3: a new fix supersedes the active one. */
  insertFix: async (tx: Tx, fix: NewFix) => {
    await tx
      .updateTable('session_suggested_fixes')
      .set({ superseded_at: sql`now()` })
      .where('session_id', '=', fix.session_id)
      .where('superseded_at', 'is', null)
      .execute();
    return (await tx.insertInto('session_suggested_fixes').values(fix).returning('id').executeTakeFirstOrThrow()).id;
  },

  /** Whether any fix of the session (active or not) got this decision. */
  hasFixDecision: async (tx: Tx, sessionId: string, decision: string) =>
    Boolean(
      await tx
        .selectFrom('session_suggested_fixes')
        .select('id')
        .where('session_id', '=', sessionId)
        .where('user_decision', '=', decision)
        .executeTakeFirst(),
    ),

  markFixApplied: (tx: Tx, fixId: string, by: string | null, at: Date) =>
    tx.updateTable('session_suggested_fixes').set({ applied_at: at, applied_by: by }).where('id', '=', fixId).execute(),

  decideFix: (tx: Tx, fixId: string, decision: string, supersede: boolean) =>
    tx
      .updateTable('session_suggested_fixes')
      .set({ user_decision: decision, ...(supersede && { superseded_at: sql`now()` }) })
      .where('id', '=', fixId)
      .execute(),
});

export type SessionFactsRepository = ReturnType<typeof createSessionFactsRepository>;
export type FactRow = NonNullable<Awaited<ReturnType<SessionFactsRepository['findFact']>>>;
export type FixRow = NonNullable<Awaited<ReturnType<SessionFactsRepository['findActiveFix']>>>;
