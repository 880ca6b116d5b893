import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/app/api';
import type { Integration, PsaKind, ValidationResult } from '@/app/api-types';

const KEY = ['integrations'] as const;

export const useIntegrations = () =>
  useQuery({
    queryKey: KEY,
    queryFn: async () => (await api<{ integrations: Integration[] }>('GET', '/api/v1/integrations')).integrations,
  });

/** Which PSAs are on: readable by every role (the Customers screen needs it). */
export const useIntegrationStatus = () =>
  useQuery({
    queryKey: ['integrations', 'status'],
    queryFn: async () =>
      (await api<{ integrations: { kind: PsaKind; label: string; enabled: boolean }[] }>('GET', '/api/v1/integrations/status'))
        .integrations,
  });

const useIntegrationMutation = <I>(run: (input: I) => Promise<Integration>) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (saved) => {
      client.setQueryData<Integration[]>(KEY, (list) => list?.map((i) => (i.kind === saved.kind ? saved : i)));
      void client.invalidateQueries({ queryKey: ['integrations', 'status'] });
    },
  });
};

export const useSaveIntegration = (kind: PsaKind) =>
  useIntegrationMutation((body: Record<string, unknown>) => api<Integration>('PUT', `/api/v1/integrations/${kind}`, body));

export const useRefreshReferenceData = (kind: PsaKind) =>
  useIntegrationMutation((boards: { boardId?: string | null; escalationBoardId?: string | null }) =>
    api<Integration>('POST', `/api/v1/integrations/${kind}/reference-data/refresh`, {
      ...(boards.boardId && { boardId: boards.boardId }),
      ...(boards.escalationBoardId !== undefined && { escalationBoardId: boards.escalationBoardId }),
    }),
  );

export const useTestConnection = (kind: PsaKind) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ ok: boolean; message: string; testedAt: string }>('POST', `/api/v1/integrations/${kind}/test`),
    onSettled: () => client.invalidateQueries({ queryKey: KEY }),
  });
};

export const useValidateConfiguration = (kind: PsaKind) =>
  useMutation({ mutationFn: () => api<ValidationResult>('POST', `/api/v1/integrations/${kind}/validate`) });
