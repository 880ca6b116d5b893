import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/app/api';

export type BackupEntry = {
  id: string;
  kind: 'daily' | 'weekly' | 'monthly' | 'manual' | 'pre-migration';
  startedAt: string;
  finishedAt: string | null;
  durationSeconds: number | null;
  sizeBytes: number | null;
  method: string;
  fileName: string | null;
  sha256: string | null;
  encrypted: boolean;
  verification: 'passed' | 'failed' | 'not_verified';
  reason: string | null;
  migration: string | null;
  available: boolean;
  progress: string | null;
};
export type BackupsOverview = {
  backups: BackupEntry[];
  schedule: { cron: string; retention: { daily: number; weekly: number; monthly: number } };
  directory: string;
  lastVerifiedAt: string | null;
  overdue: boolean;
};

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
