// P7: the script library. Templates and categories for the team; inside a session, the generator
// (a verified template with values pre-filled from the session, P7.2), the four decisions on a
// fix's drafted script (P4.2 / P7.3), drafts proposed from what worked (P7.5) and the prompt that
// turns a draft into a team template after Resolve (P7.6). Every render is stored with passwords
// as •••• and bumps the session's state version, so notes and packages list it (P5).
import type { Database } from '#src/db/connection';
import type { Tx } from '#src/db/tenant';
import { withTenant } from '#src/db/tenant';
import type { CustomersService } from '#src/features/customers/customers.service';
import type { PilotSessionsRepository, SessionRow } from '#src/features/pilot-sessions/pilot-sessions.repository';
import { PILOT_ROLES, type PilotSessionsService } from '#src/features/pilot-sessions/pilot-sessions.service';
import type { FixRow, SessionFactsRepository } from '#src/features/pilot-sessions/session-facts.repository';
import { ticketLabel } from '#src/features/pilot-sessions/session-views';
import type { AccountSettingsService } from '#src/features/settings/account-settings.service';
import { AppError, type FieldError } from '#src/lib/app-error';
import { type RequestContext, requireRole, requireUser, userIdOf } from '#src/lib/context';
import type { ModelProvider } from '#src/models/model-provider';
import { PSA_LABELS, type PsaKind } from '#src/psa/psa-provider';
import { prefillParameters } from './generator-prefill';
import { ParameterSchema, type ParameterValues, type ScriptLanguage, type TemplateParameter } from './parameter-schema';
import type { DraftRow, ScriptLibraryRepository, TemplateRow } from './script-library.repository';
import type { AcceptDraftBody, TemplateBody } from './script-library.schemas';
import { checkTemplate, describeValues, redactValues, renderScript } from './script-render';
import { STARTER_TEMPLATES } from './starter-library';
import { type ExtractionProposal, extractTemplate, proposalHolds } from './template-extraction';

export type ScriptLibraryDeps = {
  database: Database;
  library: ScriptLibraryRepository;
  sessions: PilotSessionsRepository;
  facts: SessionFactsRepository;
  pilotSessions: PilotSessionsService;
  customers: CustomersService;
  settings: AccountSettingsService;
  provider: ModelProvider;
};

const WRITERS = ['admin', 'operator'] as const;
const TEMPLATIZE_KEY = 'templatize_prompt_enabled';

const EXTRACTION_INSTRUCTIONS = [
  'You turn a concrete admin script into a reusable template for an MSP team.',
  'Reply with one JSON object: {"body": "...", "parameters": [{"key","label","type","inferred_from"}], "values": {"key": "original value"}}.',
  'Parameterise only values specific to one customer (host names, user names, addresses, paths, e-mail addresses, environment-specific numbers); prefer fewer parameters.',
  'Write placeholders as {{ key }} (lower-case keys). Never parameterise command names, cmdlets or language keywords.',
  'Rendering body with values must give back the original script exactly.',
].join('\n');

const notFound = (what: string) => new AppError('not_found', `${what} not found`);

const parametersOf = (value: unknown): TemplateParameter[] => {
  const parsed = ParameterSchema.safeParse(value);
  return parsed.success ? parsed.data : [];
};

const provenanceText = (ticketRef: string | null, userName: string | null, usageCount: number | null) =>
  [
    ticketRef ? `generated from ${ticketRef}` : null,
    userName ? `${ticketRef ? 'resolved' : 'written'} by ${userName}` : null,
    usageCount === null ? null : `used ${usageCount} time${usageCount === 1 ? '' : 's'}`,
  ]
    .filter(Boolean)
    .join(' · ');

const toTemplateView = (row: TemplateRow) => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  description: row.description,
  categoryId: row.category_id,
  categoryName: row.category_name ?? null,
  language: row.language as ScriptLanguage,
  body: row.body,
  parameters: parametersOf(row.parameters_schema),
  provenance: {
    sessionId: row.source_session_id,
    ticketRef: row.source_ticket_ref,
    userName: row.source_user_name ?? null,
    usageCount: row.usage_count,
    text: provenanceText(row.source_ticket_ref, row.source_user_name ?? null, row.usage_count),
  },
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const toDraftView = (row: DraftRow) => {
  const proposed = (row.proposed_parameters ?? {}) as { parameters?: unknown; values?: ParameterValues };
  return {
    id: row.id,
    sessionId: row.source_session_id,
    ticketRef: row.source_ticket_ref,
    userName: row.source_user_name ?? null,
    language: row.language as ScriptLanguage,
    scriptBody: row.script_body,
    parameters: parametersOf(proposed.parameters),
    values: proposed.values ?? {},
    proposedName: row.proposed_name,
    proposedCategoryId: row.proposed_category_id,
    status: row.status as 'pending' | 'accepted' | 'rejected',
    provenanceText: provenanceText(row.source_ticket_ref, row.source_user_name ?? null, null),
    promotedTemplateId: row.promoted_template_id,
    createdAt: row.created_at.toISOString(),
  };
};

/** The language of a drafted script, read from what it looks like (a fix does not say). */
export const guessLanguage = (script: string): ScriptLanguage => {
  if (/^#!.*\b(ba)?sh\b/m.test(script) || /\b(sudo|systemctl|grep|awk|chmod|chown|apt-get)\b/.test(script)) {
    return 'bash';
  }
  if (/\b[A-Z][a-z]+-[A-Z][A-Za-z]+\b|\$env:|\$_\b/.test(script)) {
    return 'powershell';
  }
  if (/^(@echo off|rem |set |net |ipconfig|sc |w32tm)/im.test(script)) {
    return 'cmd';
  }
  return 'powershell';
};

export const createScriptLibraryService = (deps: ScriptLibraryDeps) => {
  const inTenant = <T>(ctx: RequestContext, work: (tx: Tx) => Promise<T>) => withTenant(deps.database, ctx, work);

  const validTemplate = async (tx: Tx, body: TemplateBody) => {
    const errors: FieldError[] = checkTemplate(body.body, body.language, body.parameters);
    if (body.categoryId && !(await deps.library.findCategory(tx, body.categoryId))) {
      errors.push({ path: 'categoryId', message: 'No such category' });
    }
    if (errors.length) {
      throw new AppError('invalid_input', 'The template is not valid', { fieldErrors: errors });
    }
  };

  const draftOrThrow = async (tx: Tx, id: string) => {
    const [row] = await deps.library.listDrafts(tx, { status: null, sessionId: null, id });
    if (!row) {
      throw notFound('Draft template');
    }
    return row;
  };

  const templateOrThrow = async (tx: Tx, id: string) => {
    const row = await deps.library.findTemplate(tx, id);
    if (!row) {
      throw notFound('Script template');
    }
    return row;
  };

  /** The template a fix names — by id, else by the playbook's slug — if it still exists. */
  const templateOfFix = async (tx: Tx, fix: FixRow | undefined) => {
    if (!fix) {
      return null;
    }
    // The pilot names a template by slug, or by id for the team's own (templatesForPilot).
    const ref = fix.template_slug;
    const byRef = ref ? (/^[0-9a-f-]{36}$/.test(ref) ? ref : await deps.library.findTemplateIdBySlug(tx, ref)) : null;
    const id = fix.script_template_id ?? byRef;
    return id ? ((await deps.library.findTemplate(tx, id)) ?? null) : null;
  };

  /** P7.4: the model's proposal when one is configured and it holds; the offline extractor otherwise. */
  const extract = async (ctx: RequestContext, script: string, language: ScriptLanguage) => {
    if (deps.provider.kind !== 'offline') {
      try {
        const reply = await deps.provider.complete(ctx, {
          service: 'template_extraction',
          system: [{ text: EXTRACTION_INSTRUCTIONS, cache: {} }],
          messages: [{ role: 'user', content: JSON.stringify({ language, script }) }],
          maxTokens: 2000,
        });
        const json = JSON.parse(/\{[\s\S]*\}/.exec(reply.text)?.[0] ?? '') as Record<string, unknown>;
        const parameters = ParameterSchema.safeParse(json.parameters);
        const proposal = {
          body: String(json.body ?? ''),
          parameters: parameters.success ? parameters.data : [],
          values: (json.values ?? {}) as ParameterValues,
        };
        if (parameters.success && proposalHolds(script, language, proposal)) {
          return { ...proposal, source: 'model' as const };
        }
        ctx.log.warn('the extraction model proposed a template that does not round-trip; the offline extractor is used');
      } catch (error) {
        ctx.log.warn({ error: (error as Error).message }, 'template extraction by model failed; the offline extractor is used');
      }
    }
    return { ...extractTemplate(script, language), source: 'offline' as const };
  };

  const ticketRefOf = (row: SessionRow) => (row.ticket_number && row.psa_kind ? ticketLabel(row.psa_kind, row.ticket_number) : null);

  const storeGeneration = async (
    ctx: RequestContext,
    tx: Tx,
    row: SessionRow,
    input: {
      title: string;
      language: ScriptLanguage;
      body: string;
      parameters: TemplateParameter[];
      values: ParameterValues;
      templateId: string | null;
      fixId: string | null;
    },
  ) => {
    const real = renderScript(input.body, input.language, input.parameters, input.values);
    if (!real.ok) {
      throw new AppError('invalid_input', 'Some values cannot be used in this script', { fieldErrors: real.errors });
    }
    const stored = renderScript(input.body, input.language, input.parameters, input.values, { redactPasswords: true });
    const parametersText = describeValues(input.parameters, input.values);
    const saved = await deps.library.insertGeneration(tx, {
      account_id: ctx.accountId,
      session_id: row.id,
      script_template_id: input.templateId,
      fix_id: input.fixId,
      title: input.title.slice(0, 200),
      language: input.language,
      parameters: JSON.stringify(redactValues(input.parameters, input.values)),
      parameters_text: parametersText,
      rendered_body: stored.ok ? stored.body : '',
      created_by: userIdOf(ctx),
    });
    if (input.templateId) {
      await deps.library.countUse(tx, input.templateId);
    }
    await deps.sessions.bumpStateVersion(tx, row.id);
    ctx.log.info({ sessionId: row.id, generationId: saved.id, templateId: input.templateId }, 'script generated');
    return {
      id: saved.id,
      title: input.title,
      language: input.language,
      body: real.body,
      parametersText,
      createdAt: saved.created_at.toISOString(),
    };
  };

  const openSession = async (ctx: RequestContext, sessionId: string) => {
    const { row } = await deps.pilotSessions.load(ctx, sessionId);
    if (row.state === 'resolved' || row.state === 'escalated') {
      throw new AppError('invalid_state', `This session is ${row.state}; scripts are generated in open sessions.`);
    }
    return row;
  };

  return {
    async listTemplates(ctx: RequestContext, filter: { search: string; categoryId?: string }) {
      return inTenant(ctx, async (tx) => ({
        templates: (await deps.library.listTemplates(tx, { search: filter.search, categoryId: filter.categoryId ?? null })).map(
          toTemplateView,
        ),
        categories: await deps.library.listCategories(tx),
        pendingDrafts: await deps.library.countPendingDrafts(tx),
      }));
    },

    getTemplate: (ctx: RequestContext, id: string) => inTenant(ctx, async (tx) => toTemplateView(await templateOrThrow(tx, id))),

    async createTemplate(ctx: RequestContext, body: TemplateBody, provenance: { slug?: string } = {}) {
      requireRole(ctx, WRITERS);
      return inTenant(ctx, async (tx) => {
        await validTemplate(tx, body);
        const { id } = await deps.library.insertTemplate(tx, {
          account_id: ctx.accountId,
          slug: provenance.slug ?? null,
          name: body.name,
          description: body.description,
          category_id: body.categoryId,
          language: body.language,
          body: body.body,
          parameters_schema: JSON.stringify(body.parameters),
          created_by: userIdOf(ctx),
        });
        return toTemplateView(await templateOrThrow(tx, id));
      });
    },

    async updateTemplate(ctx: RequestContext, id: string, body: TemplateBody) {
      requireRole(ctx, WRITERS);
      return inTenant(ctx, async (tx) => {
        await templateOrThrow(tx, id);
        await validTemplate(tx, body);
        await deps.library.updateTemplate(tx, id, {
          name: body.name,
          description: body.description,
          category_id: body.categoryId,
          language: body.language,
          body: body.body,
          parameters_schema: JSON.stringify(body.parameters),
        });
        return toTemplateView(await templateOrThrow(tx, id));
      });
    },

    async deleteTemplate(ctx: RequestContext, id: string) {
      requireRole(ctx, WRITERS);
      await inTenant(ctx, async (tx) => {
        const result = await deps.library.softDeleteTemplate(tx, id);
        if (Number(result.numUpdatedRows) === 0) {
          throw notFound('Script template');
        }
      });
    },

    async createCategory(ctx: RequestContext, name: string) {
      requireRole(ctx, WRITERS);
      return inTenant(ctx, (tx) => deps.library.insertCategory(tx, ctx.accountId, name));
    },

    /** The editor's live preview: the body rendered with the values given, passwords as ••••. */
    preview(
      _ctx: RequestContext,
      input: { language: ScriptLanguage; body: string; parameters: TemplateParameter[]; values: ParameterValues },
    ) {
      const problems = checkTemplate(input.body, input.language, input.parameters);
      const rendered = renderScript(input.body, input.language, input.parameters, input.values, { redactPasswords: true });
      return rendered.ok
        ? { ok: problems.length === 0, body: rendered.body, errors: problems }
        : { ok: false, body: null, errors: [...problems, ...rendered.errors] };
    },

    extract: (ctx: RequestContext, script: string, language: ScriptLanguage) => {
      requireRole(ctx, WRITERS);
      return extract(ctx, script, language);
    },

    /** P7.2 / P7.3: what the generator opens with for the session's active fix. */
    async generator(ctx: RequestContext, sessionId: string) {
      const { row } = await deps.pilotSessions.load(ctx, sessionId);
      const { fix, template, facts, insights } = await inTenant(ctx, async (tx) => {
        const active = await deps.facts.findActiveFix(tx, sessionId);
        return {
          fix: active,
          template: await templateOfFix(tx, active),
          facts: await deps.facts.listFacts(tx, sessionId),
          insights: row.customer_id ? await deps.sessions.listInsights(tx, row.customer_id) : [],
        };
      });
      const mapping = row.customer_id ? (await deps.customers.getCustomer(ctx, row.customer_id)).psaMapping : null;
      const templateView = template ? toTemplateView(template) : null;
      const prefill = templateView
        ? prefillParameters(templateView.parameters, {
            fixValues: (fix?.ai_drafted_parameters as Record<string, unknown> | null) ?? null,
            facts,
            insights,
            psa:
              mapping && row.customer_name
                ? {
                    label: mapping.kind === 'connectwise' ? 'CW' : PSA_LABELS[mapping.kind as PsaKind],
                    companyName: mapping.companyName ?? row.customer_name,
                    customerName: row.customer_name,
                  }
                : null,
            contact: row.contact,
          })
        : [];
      const drafted = !templateView && fix?.ai_drafted_script ? fix.ai_drafted_script : null;
      const draftedLanguage = drafted ? guessLanguage(drafted) : null;
      return {
        fix: fix ? { id: fix.id, title: fix.title, userDecision: fix.user_decision } : null,
        template: templateView,
        prefill,
        draftedScript: drafted,
        draftedLanguage,
        proposal: drafted && draftedLanguage ? await extract(ctx, drafted, draftedLanguage) : null,
      };
    },

    /** P7.2: renders a template in the session with the engineer's values, and records it. */
    async generate(ctx: RequestContext, sessionId: string, input: { templateId: string; values: ParameterValues }) {
      requireRole(ctx, PILOT_ROLES);
      const row = await openSession(ctx, sessionId);
      return inTenant(ctx, async (tx) => {
        const template = await templateOrThrow(tx, input.templateId);
        const fix = await deps.facts.findActiveFix(tx, sessionId);
        return storeGeneration(ctx, tx, row, {
          title: template.name,
          language: template.language as ScriptLanguage,
          body: template.body,
          parameters: parametersOf(template.parameters_schema),
          values: input.values,
          templateId: template.id,
          // The run is the fix's when it is the template the fix names.
          fixId: fix && (await templateOfFix(tx, fix))?.id === template.id ? fix.id : null,
        });
      });
    },

    listGenerations: async (ctx: RequestContext, sessionId: string) => {
      await deps.pilotSessions.load(ctx, sessionId);
      const rows = await inTenant(ctx, (tx) => deps.library.listGenerations(tx, sessionId));
      return {
        generations: rows.map((g) => ({
          id: g.id,
          title: g.title,
          language: g.language as ScriptLanguage,
          parametersText: g.parameters_text,
          storedBody: g.rendered_body,
          createdAt: g.created_at.toISOString(),
        })),
      };
    },

    /**
     * P4.2: one_off renders the drafted script; draft_template renders it and proposes a draft
     * template; build_template answers with the proposal for the template editor; dismissed
     * supersedes the fix. The decision is stored on the fix.
     */
    async decideFix(
      ctx: RequestContext,
      sessionId: string,
      fixId: string,
      decision: 'one_off' | 'draft_template' | 'build_template' | 'dismissed',
    ) {
      requireRole(ctx, PILOT_ROLES);
      const user = requireUser(ctx);
      const row = await openSession(ctx, sessionId);
      const fix = await inTenant(ctx, (tx) => deps.facts.findFix(tx, sessionId, fixId));
      if (!fix || fix.superseded_at) {
        throw notFound('Active suggested fix');
      }
      if (decision === 'dismissed') {
        await inTenant(ctx, async (tx) => {
          await deps.facts.decideFix(tx, fixId, decision, true);
          await deps.sessions.bumpStateVersion(tx, sessionId);
        });
        return { decision, generation: null, draftId: null, proposal: null };
      }
      const script = fix.ai_drafted_script;
      if (!script) {
        throw new AppError('invalid_state', 'This fix has no drafted script to run or template.', { reason: 'no_drafted_script' });
      }
      const language = guessLanguage(script);
      const proposal: ExtractionProposal & { source: 'model' | 'offline' } =
        decision === 'one_off' ? { body: script, parameters: [], values: {}, source: 'offline' } : await extract(ctx, script, language);
      return inTenant(ctx, async (tx) => {
        await deps.facts.decideFix(tx, fixId, decision, false);
        const generation =
          decision === 'build_template'
            ? null
            : await storeGeneration(ctx, tx, row, {
                title: fix.title,
                language,
                body: proposal.body,
                parameters: proposal.parameters,
                values: proposal.values,
                templateId: null,
                fixId,
              });
        if (decision === 'build_template') {
          await deps.sessions.bumpStateVersion(tx, sessionId);
        }
        const draft =
          decision === 'draft_template'
            ? await deps.library.insertDraft(tx, {
                account_id: ctx.accountId,
                source_session_id: sessionId,
                source_user_id: user.userId,
                source_ticket_ref: ticketRefOf(row),
                language,
                script_body: proposal.body,
                proposed_parameters: JSON.stringify({ parameters: proposal.parameters, values: proposal.values }),
                proposed_name: fix.title.slice(0, 200),
              })
            : null;
        return { decision, generation, draftId: draft?.id ?? null, proposal: decision === 'one_off' ? null : proposal };
      });
    },

    async listDrafts(ctx: RequestContext, filter: { status?: 'pending' | 'accepted' | 'rejected'; sessionId?: string }) {
      const rows = await inTenant(ctx, (tx) =>
        deps.library.listDrafts(tx, { status: filter.status ?? null, sessionId: filter.sessionId ?? null }),
      );
      return { drafts: rows.map(toDraftView) };
    },

    async getDraft(ctx: RequestContext, id: string) {
      return toDraftView(await inTenant(ctx, (tx) => draftOrThrow(tx, id)));
    },

    /** P7.5: a draft becomes a team template, with where it came from. */
    async acceptDraft(ctx: RequestContext, id: string, body: AcceptDraftBody) {
      requireRole(ctx, WRITERS);
      return inTenant(ctx, async (tx) => {
        const row = await draftOrThrow(tx, id);
        const draft = toDraftView(row);
        if (draft.status !== 'pending') {
          throw new AppError('conflict', `This draft was already ${draft.status}.`);
        }
        const templateBody: TemplateBody = {
          name: body.name,
          description: body.edits.description ?? '',
          categoryId: body.category_id,
          language: draft.language,
          body: body.edits.body ?? draft.scriptBody,
          parameters: body.parameters_schema,
        };
        await validTemplate(tx, templateBody);
        const { id: templateId } = await deps.library.insertTemplate(tx, {
          account_id: ctx.accountId,
          name: templateBody.name,
          description: templateBody.description,
          category_id: templateBody.categoryId,
          language: templateBody.language,
          body: templateBody.body,
          parameters_schema: JSON.stringify(templateBody.parameters),
          // Provenance: the session, the engineer who resolved it and the ticket it was for.
          source_session_id: draft.sessionId,
          source_user_id: row.source_user_id,
          source_ticket_ref: draft.ticketRef,
          created_by: userIdOf(ctx),
        });
        if (!(await deps.library.resolveDraft(tx, id, 'accepted', templateId))) {
          throw new AppError('conflict', 'This draft was decided by someone else just now.');
        }
        return toTemplateView(await templateOrThrow(tx, templateId));
      });
    },

    async rejectDraft(ctx: RequestContext, id: string) {
      requireRole(ctx, WRITERS);
      return inTenant(ctx, async (tx) => {
        const draft = toDraftView(await draftOrThrow(tx, id));
        // One transaction, and the update itself says whether the draft was still pending.
        if (draft.status !== 'pending' || !(await deps.library.resolveDraft(tx, id, 'rejected', null))) {
          throw new AppError('conflict', `This draft was already ${draft.status === 'pending' ? 'decided' : draft.status}.`);
        }
        return { ...draft, status: 'rejected' as const };
      });
    },

    /**
     * P7.6: after Resolve, the draft to offer — only when the team has not turned the prompt off,
     * the session has a pending draft, and the engineer chose draft_template for the fix.
     */
    async templatizePrompt(ctx: RequestContext, sessionId: string) {
      const { row } = await deps.pilotSessions.load(ctx, sessionId);
      const enabled = (await deps.settings.getSetting(ctx, TEMPLATIZE_KEY, true)) !== false;
      if (!enabled || row.state !== 'resolved') {
        return { draft: null, enabled };
      }
      const { drafts, chose } = await inTenant(ctx, async (tx) => ({
        drafts: await deps.library.listDrafts(tx, { status: 'pending', sessionId }),
        chose: await deps.facts.hasFixDecision(tx, sessionId, 'draft_template'),
      }));
      const draft = chose ? drafts[0] : undefined;
      return { draft: draft ? toDraftView(draft) : null, enabled };
    },

    /** "Don't ask me again for this team" (P7.6). */
    async setTemplatizePrompt(ctx: RequestContext, enabled: boolean) {
      requireRole(ctx, PILOT_ROLES);
      await deps.settings.setSetting(ctx, TEMPLATIZE_KEY, enabled);
      return { enabled };
    },

    /** Notes and packages (P5): what was generated in the session, passwords as ••••. */
    generationsForNotes: (ctx: RequestContext, sessionId: string) =>
      inTenant(ctx, (tx) => deps.library.listGenerations(tx, sessionId)).then((rows) =>
        rows.map((g) => ({ title: g.title, parametersText: g.parameters_text, fixId: g.fix_id })),
      ),

    /** The templates as the pilot's prompt names them: stable order and text, so the prompt caches. */
    templatesForPilot: (ctx: RequestContext) =>
      inTenant(ctx, (tx) => deps.library.listTemplates(tx, { search: '', categoryId: null })).then((rows) =>
        rows.map((t) => ({
          ref: t.slug ?? t.id,
          name: t.name,
          language: t.language,
          parameters: parametersOf(t.parameters_schema).map((p) => p.key),
        })),
      ),

    /** The demo's starter templates (by slug; those present are left as they are). */
    async seedStarterLibrary(ctx: RequestContext) {
      requireRole(ctx, WRITERS);
      for (const starter of STARTER_TEMPLATES) {
        const exists = await inTenant(ctx, (tx) => deps.library.findTemplateIdBySlug(tx, starter.slug));
        if (exists) {
          continue;
        }
        const category = await inTenant(ctx, (tx) => deps.library.insertCategory(tx, ctx.accountId, starter.category));
        const { slug, category: _name, ...body } = starter;
        await this.createTemplate(ctx, { ...body, categoryId: category.id }, { slug });
      }
    },
  };
};

export type ScriptLibraryService = ReturnType<typeof createScriptLibraryService>;
