import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/app/api';
import type { ApiKey, ApiKeyScope } from '@/app/api-types';

const KEYS = ['api-keys'] as const;

export const useApiKeys = () =>
  useQuery({ queryKey: KEYS, queryFn: async () => (await api<{ apiKeys: ApiKey[] }>('GET', '/api/v1/api-keys')).apiKeys });

export const useCreateApiKey = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; scopes: ApiKeyScope[] }) => api<ApiKey & { key: string }>('POST', '/api/v1/api-keys', input),
    onSuccess: () => client.invalidateQueries({ queryKey: KEYS }),
  });
};

export const useRevokeApiKey = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<ApiKey>('DELETE', `/api/v1/api-keys/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: KEYS }),
  });
};
