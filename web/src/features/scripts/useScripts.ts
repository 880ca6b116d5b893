// Server state of the script library (issue 16): templates, drafts, the generator of a session.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/app/api';
import type {
  DraftTemplate,
  FixDecision,
  FixDecisionResult,
  ScriptGeneration,
  ScriptGenerator,
  ScriptLanguage,
  ScriptParameter,
  ScriptParameterValue,
  ScriptProposal,
  ScriptTemplate,
  ScriptTemplateList,
} from '@/app/api-types';

const KEY = ['script-templates'];

export type TemplateDraft = {
  name: string;
  description: string;
  categoryId: string | null;
  language: ScriptLanguage;
  body: string;
  parameters: ScriptParameter[];
};

export const useTemplates = (filter: { search: string; categoryId: string }) =>
  useQuery({
    queryKey: [...KEY, filter],
    queryFn: () =>
      api<ScriptTemplateList>(
        'GET',
        `/api/v1/script-templates?${new URLSearchParams({ search: filter.search, ...(filter.categoryId && { categoryId: filter.categoryId }) })}`,
      ),
  });

export const useSaveTemplate = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, draft }: { id: string | null; draft: TemplateDraft }) =>
      id
        ? api<ScriptTemplate>('PUT', `/api/v1/script-templates/${id}`, draft)
        : api<ScriptTemplate>('POST', '/api/v1/script-templates', draft),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
};

export const useDeleteTemplate = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>('DELETE', `/api/v1/script-templates/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
};

export const useCreateCategory = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api<{ id: string; name: string }>('POST', '/api/v1/script-categories', { name }),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
};

export const previewTemplate = (input: {
  language: ScriptLanguage;
  body: string;
  parameters: ScriptParameter[];
  values: Record<string, ScriptParameterValue>;
}) =>
  api<{ ok: boolean; body: string | null; errors: { path: string; message: string }[] }>('POST', '/api/v1/script-templates/preview', input);

export const extractTemplate = (language: ScriptLanguage, script: string) =>
  api<ScriptProposal>('POST', '/api/v1/script-templates/extract', { language, script });

export const useGenerator = (sessionId: string, enabled: boolean) =>
  useQuery({
    queryKey: ['script-generator', sessionId],
    queryFn: () => api<ScriptGenerator>('GET', `/api/v1/ai-sessions/${sessionId}/script-generator`),
    enabled,
  });

const refreshSession = (client: ReturnType<typeof useQueryClient>, sessionId: string) =>
  Promise.all(
    ['pilot-session', 'pilot-messages', 'script-generator'].map((key) => client.invalidateQueries({ queryKey: [key, sessionId] })),
  ).then(() => client.invalidateQueries({ queryKey: KEY }));

export const useGenerate = (sessionId: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { templateId: string; values: Record<string, ScriptParameterValue> }) =>
      api<ScriptGeneration>('POST', `/api/v1/ai-sessions/${sessionId}/script-generations`, input),
    onSuccess: () => refreshSession(client, sessionId),
  });
};

export const useFixDecision = (sessionId: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ fixId, decision }: { fixId: string; decision: FixDecision }) =>
      api<FixDecisionResult>('POST', `/api/v1/ai-sessions/${sessionId}/suggested-fixes/${fixId}/decision`, { decision }),
    onSuccess: () => refreshSession(client, sessionId),
  });
};

export const useTemplatizePrompt = (sessionId: string, enabled: boolean) =>
  useQuery({
    queryKey: ['templatize-prompt', sessionId],
    queryFn: () => api<{ draft: DraftTemplate | null; enabled: boolean }>('GET', `/api/v1/ai-sessions/${sessionId}/templatize-prompt`),
    enabled,
  });

export const useAcceptDraft = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, name, parameters, body }: { id: string; name: string; parameters: ScriptParameter[]; body: string }) =>
      api<ScriptTemplate>('POST', `/api/v1/draft-templates/${id}/accept`, {
        name,
        category_id: null,
        parameters_schema: parameters,
        edits: { body },
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
};

export const setTemplatizePrompt = (enabled: boolean) =>
  api<{ enabled: boolean }>('PUT', '/api/v1/script-library/templatize-prompt', { enabled });

export const usePendingDrafts = () =>
  useQuery({
    queryKey: ['draft-templates'],
    queryFn: () => api<{ drafts: DraftTemplate[] }>('GET', '/api/v1/draft-templates?status=pending'),
  });
