import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/app/api';
import type { BackupJob, CustomerRefMapping, InboxEntry, JobSchedule, RunDetails, UnmappedCustomerRef } from '@/app/api-types';

export const useInbox = () =>
  useQuery({ queryKey: ['inbox'], queryFn: async () => (await api<{ entries: InboxEntry[] }>('GET', '/api/v1/inbox')).entries });

export const useDecideJob = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ jobId, decision }: { jobId: string; decision: { customerId: string } | { newCustomerName: string } | 'reject' }) =>
      decision === 'reject'
        ? api<BackupJob>('POST', `/api/v1/inbox/${jobId}/reject`)
        : api<BackupJob>('POST', `/api/v1/inbox/${jobId}/approve`, decision),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['inbox'] });
      void client.invalidateQueries({ queryKey: ['customers'] });
    },
  });
};

export const useCustomerJobs = (customerId: string) =>
  useQuery({
    queryKey: ['customer-jobs', customerId],
    queryFn: async () => (await api<{ jobs: BackupJob[] }>('GET', `/api/v1/customers/${customerId}/jobs`)).jobs,
  });

export const useRunDetails = (jobId: string, runId: string) =>
  useQuery({ queryKey: ['run', jobId, runId], queryFn: () => api<RunDetails>('GET', `/api/v1/jobs/${jobId}/runs/${runId}`) });

export const useSetSchedule = (customerId: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ jobId, ...body }: { jobId: string; schedule: JobSchedule | null; timezone: string; graceMinutes: number }) =>
      api<BackupJob>('PATCH', `/api/v1/jobs/${jobId}/schedule`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['customer-jobs', customerId] }),
  });
};

/** Issue 12: pause or resume a job's missed-run checks. */
export const useSetChecksPaused = (customerId: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ jobId, paused }: { jobId: string; paused: boolean }) =>
      api<BackupJob>('PUT', `/api/v1/jobs/${jobId}/checks`, { paused }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['customer-jobs', customerId] }),
  });
};

/** Issue 19: machine senders' customer references — the mappings and what still waits on one. */
export const useCustomerRefs = () =>
  useQuery({
    queryKey: ['customer-refs'],
    queryFn: () => api<{ mappings: CustomerRefMapping[]; unmapped: UnmappedCustomerRef[] }>('GET', '/api/v1/source-customer-refs'),
  });

export const useMapCustomerRef = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { source: string; customerRef: string; customerId: string }) =>
      api<{ mapping: CustomerRefMapping; approvedJobs: number }>('POST', '/api/v1/source-customer-refs', body),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['customer-refs'] });
      void client.invalidateQueries({ queryKey: ['inbox'] });
    },
  });
};

export const useUnmapCustomerRef = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api('DELETE', `/api/v1/source-customer-refs/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['customer-refs'] }),
  });
};
