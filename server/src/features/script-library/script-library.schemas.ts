import { z } from 'zod';
import { ParameterSchema, ParameterValues, SCRIPT_LANGUAGES, TemplateParameter } from './parameter-schema';

export const TemplateParams = z.strictObject({ templateId: z.uuid() });
export const DraftParams = z.strictObject({ draftId: z.uuid() });
export const SessionScriptParams = z.strictObject({ sessionId: z.uuid() });

export const TemplateListQuery = z.strictObject({
  search: z.string().trim().max(100).default(''),
  categoryId: z.uuid().optional(),
});

export const TemplateBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).default(''),
  categoryId: z.uuid().nullable().default(null),
  language: z.enum(SCRIPT_LANGUAGES),
  body: z.string().min(1).max(64_000),
  parameters: ParameterSchema,
});
export type TemplateBody = z.infer<typeof TemplateBody>;

const Parameter = z.object({
  key: z.string(),
  label: z.string(),
  type: TemplateParameter.shape.type,
  required: z.boolean(),
  default: z.unknown().optional(),
  help: z.string().optional(),
  options: z.array(z.string()).optional(),
  pattern: z.string().optional(),
  maxLength: z.number().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  fills: z.string().optional(),
  inferred_from: z.string().optional(),
});

export const TemplateView = z.object({
  id: z.uuid(),
  slug: z.string().nullable(),
  name: z.string(),
  description: z.string(),
  categoryId: z.uuid().nullable(),
  categoryName: z.string().nullable(),
  language: z.enum(SCRIPT_LANGUAGES),
  body: z.string(),
  parameters: z.array(Parameter),
  /** P7.6: "generated from CW #48307 · resolved by M. Davis · used 7 times". */
  provenance: z.object({
    sessionId: z.uuid().nullable(),
    ticketRef: z.string().nullable(),
    userName: z.string().nullable(),
    usageCount: z.number(),
    text: z.string(),
  }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export const TemplateList = z.object({
  templates: z.array(TemplateView),
  categories: z.array(z.object({ id: z.uuid(), name: z.string() })),
  pendingDrafts: z.number(),
});

export const CategoryBody = z.strictObject({ name: z.string().trim().min(1).max(80) });
export const CategoryView = z.object({ id: z.uuid(), name: z.string() });

export const PreviewBody = z.strictObject({
  language: z.enum(SCRIPT_LANGUAGES),
  body: z.string().min(1).max(64_000),
  parameters: ParameterSchema,
  values: ParameterValues.default({}),
});
export const PreviewView = z.object({
  ok: z.boolean(),
  /** Passwords shown as ••••. */
  body: z.string().nullable(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
});

export const ExtractBody = z.strictObject({ language: z.enum(SCRIPT_LANGUAGES), script: z.string().min(1).max(64_000) });
export const ExtractionView = z.object({
  body: z.string(),
  parameters: z.array(Parameter),
  values: z.record(z.string(), z.unknown()),
  /** `model` when the configured extraction model's proposal held; `offline` otherwise. */
  source: z.enum(['model', 'offline']),
});

export const GeneratorView = z.object({
  fix: z.object({ id: z.uuid(), title: z.string(), userDecision: z.string().nullable() }).nullable(),
  /** The verified template the fix names, when it still exists (else the no-template flow). */
  template: TemplateView.nullable(),
  prefill: z.array(
    z.object({ key: z.string(), value: z.unknown(), source: z.enum(['fix', 'fact', 'ticket', 'insight']), hint: z.string() }),
  ),
  draftedScript: z.string().nullable(),
  draftedLanguage: z.enum(SCRIPT_LANGUAGES).nullable(),
  /** The drafted script's proposed parameters, highlighted in the three-option dialog. */
  proposal: ExtractionView.nullable(),
});

export const GenerateBody = z.strictObject({ templateId: z.uuid(), values: ParameterValues.default({}) });
export const GenerationView = z.object({
  id: z.uuid(),
  title: z.string(),
  language: z.enum(SCRIPT_LANGUAGES),
  /** The script to run, with the real values; shown once, never stored with a password. */
  body: z.string(),
  parametersText: z.string(),
  createdAt: z.iso.datetime(),
});
export const GenerationList = z.object({
  generations: z.array(GenerationView.omit({ body: true }).extend({ storedBody: z.string() })),
});

export const DecisionResult = z.object({
  decision: z.enum(['one_off', 'draft_template', 'build_template', 'dismissed']),
  generation: GenerationView.nullable(),
  draftId: z.uuid().nullable(),
  /** build_template: what the template editor opens with. */
  proposal: ExtractionView.nullable(),
});

export const DraftView = z.object({
  id: z.uuid(),
  sessionId: z.uuid(),
  ticketRef: z.string().nullable(),
  userName: z.string().nullable(),
  language: z.enum(SCRIPT_LANGUAGES),
  scriptBody: z.string(),
  parameters: z.array(Parameter),
  values: z.record(z.string(), z.unknown()),
  proposedName: z.string().nullable(),
  proposedCategoryId: z.uuid().nullable(),
  status: z.enum(['pending', 'accepted', 'rejected']),
  provenanceText: z.string(),
  promotedTemplateId: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
});
export const DraftList = z.object({ drafts: z.array(DraftView) });
export const DraftListQuery = z.strictObject({
  status: z.enum(['pending', 'accepted', 'rejected']).optional(),
  sessionId: z.uuid().optional(),
});

export const AcceptDraftBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  category_id: z.uuid().nullable().default(null),
  parameters_schema: ParameterSchema,
  /** The engineer's edits to the templated body; absent: the proposal as it is. */
  edits: z.strictObject({ body: z.string().min(1).max(64_000).optional(), description: z.string().max(2000).optional() }).default({}),
});
export type AcceptDraftBody = z.infer<typeof AcceptDraftBody>;

export const TemplatizePromptView = z.object({
  draft: DraftView.nullable(),
  enabled: z.boolean(),
});
export const TemplatizeSettingBody = z.strictObject({ enabled: z.boolean() });
