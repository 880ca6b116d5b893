// SQL for the script library: categories, templates (soft-deleted), generations and drafts. Every
// query runs inside withTenant, so row-level security keeps each account's library its own.

import type { Insertable } from 'kysely';
import { sql } from 'kysely';
import type { DraftTemplates, ScriptGenerations, ScriptTemplates } from '#src/db/schema.generated';
import type { Tx } from '#src/db/tenant';
import { containsPattern } from '#src/lib/like-pattern';

const TEMPLATE_COLUMNS = [
  't.id',
  't.slug',
  't.name',
  't.description',
  't.category_id',
  'c.name as category_name',
  't.language',
  't.body',
  't.parameters_schema',
  't.source_session_id',
  't.source_ticket_ref',
  'su.display_name as source_user_name',
  't.usage_count',
  't.created_at',
  't.updated_at',
] as const;

export const createScriptLibraryRepository = () => ({
  listCategories: (tx: Tx) => tx.selectFrom('script_categories').select(['id', 'name']).orderBy('name').execute(),

  insertCategory: (tx: Tx, accountId: string, name: string) =>
    tx
      .insertInto('script_categories')
      .values({ account_id: accountId, name })
      .onConflict((oc) => oc.columns(['account_id', 'name']).doUpdateSet({ name }))
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow(),

  findCategory: (tx: Tx, id: string) => tx.selectFrom('script_categories').select(['id', 'name']).where('id', '=', id).executeTakeFirst(),

  listTemplates: (tx: Tx, filter: { search: string; categoryId: string | null }) => {
    let query = tx
      .selectFrom('script_templates as t')
      .leftJoin('script_categories as c', 'c.id', 't.category_id')
      .leftJoin('users as su', 'su.id', 't.source_user_id')
      .select(TEMPLATE_COLUMNS)
      .where('t.deleted_at', 'is', null);
    if (filter.search) {
      const like = containsPattern(filter.search);
      query = query.where((eb) => eb.or([eb('t.name', 'ilike', like), eb('t.description', 'ilike', like), eb('t.body', 'ilike', like)]));
    }
    if (filter.categoryId) {
      query = query.where('t.category_id', '=', filter.categoryId);
    }
    return query.orderBy('t.usage_count', 'desc').orderBy('t.name').limit(500).execute();
  },

  findTemplate: (tx: Tx, id: string) =>
    tx
      .selectFrom('script_templates as t')
      .leftJoin('script_categories as c', 'c.id', 't.category_id')
      .leftJoin('users as su', 'su.id', 't.source_user_id')
      .select(TEMPLATE_COLUMNS)
      .where('t.id', '=', id)
      .where('t.deleted_at', 'is', null)
      .executeTakeFirst(),

  findTemplateIdBySlug: async (tx: Tx, slug: string) =>
    (await tx.selectFrom('script_templates').select('id').where('slug', '=', slug).where('deleted_at', 'is', null).executeTakeFirst())
      ?.id ?? null,

  insertTemplate: (tx: Tx, template: Insertable<ScriptTemplates>) =>
    tx.insertInto('script_templates').values(template).returning('id').executeTakeFirstOrThrow(),

  updateTemplate: (
    tx: Tx,
    id: string,
    values: Pick<Insertable<ScriptTemplates>, 'name' | 'description' | 'category_id' | 'language' | 'body' | 'parameters_schema'>,
  ) =>
    tx
      .updateTable('script_templates')
      .set({ ...values, updated_at: sql`now()` })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst(),

  softDeleteTemplate: (tx: Tx, id: string) =>
    tx
      .updateTable('script_templates')
      .set({ deleted_at: sql`now()` })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst(),

  countUse: (tx: Tx, id: string) =>
    tx
      .updateTable('script_templates')
      .set((eb) => ({ usage_count: eb('usage_count', '+', 1) }))
      .where('id', '=', id)
      .execute(),

  insertGeneration: (tx: Tx, generation: Insertable<ScriptGenerations>) =>
    tx.insertInto('script_generations').values(generation).returning(['id', 'created_at']).executeTakeFirstOrThrow(),

  listGenerations: (tx: Tx, sessionId: string) =>
    tx
      .selectFrom('script_generations')
      .select(['id', 'title', 'language', 'parameters_text', 'rendered_body', 'script_template_id', 'fix_id', 'created_at'])
      .where('session_id', '=', sessionId)
      .orderBy('created_at')
      .execute(),

  insertDraft: (tx: Tx, draft: Insertable<DraftTemplates>) =>
    tx.insertInto('draft_templates').values(draft).returning('id').executeTakeFirstOrThrow(),

  listDrafts: (tx: Tx, filter: { status: 'pending' | 'accepted' | 'rejected' | null; sessionId: string | null; id?: string }) => {
    let query = tx
      .selectFrom('draft_templates as d')
      .leftJoin('users as u', 'u.id', 'd.source_user_id')
      .select([
        'd.id',
        'd.source_session_id',
        'd.source_user_id',
        'd.source_ticket_ref',
        'u.display_name as source_user_name',
        'd.language',
        'd.script_body',
        'd.proposed_parameters',
        'd.proposed_name',
        'd.proposed_category_id',
        'd.status',
        'd.resolved_at',
        'd.promoted_template_id',
        'd.created_at',
      ]);
    if (filter.status) {
      query = query.where('d.status', '=', filter.status);
    }
    if (filter.sessionId) {
      query = query.where('d.source_session_id', '=', filter.sessionId);
    }
    if (filter.id) {
      query = query.where('d.id', '=', filter.id);
    }
    return query.orderBy('d.created_at', 'desc').limit(200).execute();
  },

  countPendingDrafts: async (tx: Tx) =>
    Number(
      (
        await tx
          .selectFrom('draft_templates')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('status', '=', 'pending')
          .executeTakeFirstOrThrow()
      ).n,
    ),

  /** Moves a pending draft on; false when it was no longer pending (someone else decided). */
  resolveDraft: async (tx: Tx, id: string, status: 'accepted' | 'rejected', promotedTemplateId: string | null) =>
    Number(
      (
        await tx
          .updateTable('draft_templates')
          .set({ status, resolved_at: sql`now()`, promoted_template_id: promotedTemplateId })
          .where('id', '=', id)
          .where('status', '=', 'pending')
          .executeTakeFirst()
      ).numUpdatedRows,
    ) === 1,
});

export type ScriptLibraryRepository = ReturnType<typeof createScriptLibraryRepository>;
export type TemplateRow = NonNullable<Awaited<ReturnType<ScriptLibraryRepository['findTemplate']>>>;
export type DraftRow = Awaited<ReturnType<ScriptLibraryRepository['listDrafts']>>[number];
