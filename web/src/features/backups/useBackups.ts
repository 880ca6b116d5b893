import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/app/api';
import type { ApiResponse } from '@/app/api-types';

export type BackupEntry = BackupsOverview['backups'][number];
export type BackupsOverview = ApiResponse<'/api/v1/backups', 'get'>;

export const useBackups = () =>
  useQuery({
    queryKey: ['backups'],
    queryFn: () => api<BackupsOverview>('GET', '/api/v1/backups'),
    // While a backup runs, follow its steps.
    refetchInterval: (query) => (query.state.data?.backups.some((b) => !b.finishedAt) ? 1500 : false),
    retry: false,
  });

export const useBackUpNow = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ started: boolean; message: string }>('POST', '/api/v1/backups'),
    onSuccess: () => client.invalidateQueries({ queryKey: ['backups'] }),
  });
};

export const useBackupWarning = () =>
  useQuery({
    queryKey: ['backups', 'warning'],
    queryFn: async () => (await api<{ warning: { lastVerifiedAt: string | null } | null }>('GET', '/api/v1/backups/warning')).warning,
    staleTime: 60_000,
  });
