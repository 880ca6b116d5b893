import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { FixDecisionBody, FixParams } from '#src/features/pilot-sessions/pilot-sessions.schemas';
import { contextOf } from '#src/plugins/authentication';
import type { Services } from '#src/services';
import {
  AcceptDraftBody,
  CategoryBody,
  CategoryView,
  DecisionResult,
  DraftList,
  DraftListQuery,
  DraftParams,
  DraftView,
  ExtractBody,
  ExtractionView,
  GenerateBody,
  GenerationList,
  GenerationView,
  GeneratorView,
  PreviewBody,
  PreviewView,
  SessionScriptParams,
  TemplateBody,
  TemplateList,
  TemplateListQuery,
  TemplateParams,
  TemplateView,
  TemplatizePromptView,
  TemplatizeSettingBody,
} from './script-library.schemas';

export const scriptLibraryRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const tags = ['script-library'];
  const { scriptLibrary } = services;

  app.get(
    '/api/v1/script-templates',
    {
      schema: {
        tags,
        summary: 'The team’s script templates, with categories and the pending-drafts count',
        querystring: TemplateListQuery,
        response: { 200: TemplateList },
      },
    },
    (req) => scriptLibrary.listTemplates(contextOf(req), req.query),
  );
  app.post(
    '/api/v1/script-templates',
    { schema: { tags, summary: 'Create a script template (admin, operator)', body: TemplateBody, response: { 201: TemplateView } } },
    async (req, reply) => reply.status(201).send(await scriptLibrary.createTemplate(contextOf(req), req.body)),
  );
  app.post(
    '/api/v1/script-templates/preview',
    {
      schema: {
        tags,
        summary: 'Render a template body with values, passwords as ••••: the editor’s live preview',
        body: PreviewBody,
        response: { 200: PreviewView },
      },
    },
    (req) => scriptLibrary.preview(contextOf(req), req.body),
  );
  app.post(
    '/api/v1/script-templates/extract',
    {
      schema: {
        tags,
        summary: 'Propose a parameterised template from a concrete script (admin, operator)',
        body: ExtractBody,
        response: { 200: ExtractionView },
      },
    },
    (req) => scriptLibrary.extract(contextOf(req), req.body.script, req.body.language),
  );
  app.get(
    '/api/v1/script-templates/:templateId',
    { schema: { tags, summary: 'One script template', params: TemplateParams, response: { 200: TemplateView } } },
    (req) => scriptLibrary.getTemplate(contextOf(req), req.params.templateId),
  );
  app.put(
    '/api/v1/script-templates/:templateId',
    {
      schema: {
        tags,
        summary: 'Change a script template (admin, operator)',
        params: TemplateParams,
        body: TemplateBody,
        response: { 200: TemplateView },
      },
    },
    (req) => scriptLibrary.updateTemplate(contextOf(req), req.params.templateId, req.body),
  );
  app.delete(
    '/api/v1/script-templates/:templateId',
    {
      schema: {
        tags,
        summary: 'Delete a script template (admin, operator); fixes naming it fall back to no template',
        params: TemplateParams,
      },
    },
    async (req, reply) => {
      await scriptLibrary.deleteTemplate(contextOf(req), req.params.templateId);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/v1/script-categories',
    { schema: { tags, summary: 'Create a script category (admin, operator)', body: CategoryBody, response: { 201: CategoryView } } },
    async (req, reply) => reply.status(201).send(await scriptLibrary.createCategory(contextOf(req), req.body.name)),
  );

  const session = '/api/v1/ai-sessions/:sessionId';
  app.get(
    `${session}/script-generator`,
    {
      schema: {
        tags,
        summary: 'What the generator opens with for the active fix: its verified template and pre-filled values, or its drafted script',
        params: SessionScriptParams,
        response: { 200: GeneratorView },
      },
    },
    (req) => scriptLibrary.generator(contextOf(req), req.params.sessionId),
  );
  app.post(
    `${session}/script-generations`,
    {
      schema: {
        tags,
        summary: 'Render a template in the session and record it (admin, operator)',
        params: SessionScriptParams,
        body: GenerateBody,
        response: { 201: GenerationView },
      },
    },
    async (req, reply) => reply.status(201).send(await scriptLibrary.generate(contextOf(req), req.params.sessionId, req.body)),
  );
  app.get(
    `${session}/script-generations`,
    {
      schema: {
        tags,
        summary: 'Scripts generated in the session, as stored (passwords as ••••)',
        params: SessionScriptParams,
        response: { 200: GenerationList },
      },
    },
    (req) => scriptLibrary.listGenerations(contextOf(req), req.params.sessionId),
  );
  app.post(
    `${session}/suggested-fixes/:fixId/decision`,
    {
      schema: {
        tags,
        summary:
          'Decide on the fix (P4.2): one_off renders its script; draft_template renders it and proposes a draft template; build_template returns the proposal for the editor; dismissed supersedes it',
        params: FixParams,
        body: FixDecisionBody,
        response: { 200: DecisionResult },
      },
    },
    (req) => scriptLibrary.decideFix(contextOf(req), req.params.sessionId, req.params.fixId, req.body.decision),
  );
  app.get(
    `${session}/templatize-prompt`,
    {
      schema: {
        tags,
        summary: 'After Resolve: the draft template to offer, when the team wants the prompt (P7.6)',
        params: SessionScriptParams,
        response: { 200: TemplatizePromptView },
      },
    },
    (req) => scriptLibrary.templatizePrompt(contextOf(req), req.params.sessionId),
  );
  app.put(
    '/api/v1/script-library/templatize-prompt',
    {
      schema: {
        tags,
        summary: '"Don’t ask me again for this team": turn the post-resolve templatize prompt off (or on)',
        body: TemplatizeSettingBody,
        response: { 200: TemplatizeSettingBody },
      },
    },
    (req) => scriptLibrary.setTemplatizePrompt(contextOf(req), req.body.enabled),
  );

  app.get(
    '/api/v1/draft-templates',
    { schema: { tags, summary: 'Draft templates proposed from sessions', querystring: DraftListQuery, response: { 200: DraftList } } },
    (req) => scriptLibrary.listDrafts(contextOf(req), req.query),
  );
  app.get(
    '/api/v1/draft-templates/:draftId',
    { schema: { tags, summary: 'One draft template', params: DraftParams, response: { 200: DraftView } } },
    (req) => scriptLibrary.getDraft(contextOf(req), req.params.draftId),
  );
  app.post(
    '/api/v1/draft-templates/:draftId/accept',
    {
      schema: {
        tags,
        summary: 'Save a draft as a team template with its provenance (admin, operator)',
        params: DraftParams,
        body: AcceptDraftBody,
        response: { 200: TemplateView },
      },
    },
    (req) => scriptLibrary.acceptDraft(contextOf(req), req.params.draftId, req.body),
  );
  app.post(
    '/api/v1/draft-templates/:draftId/reject',
    { schema: { tags, summary: 'Reject a draft template (admin, operator)', params: DraftParams, response: { 200: DraftView } } },
    (req) => scriptLibrary.rejectDraft(contextOf(req), req.params.draftId),
  );
};
