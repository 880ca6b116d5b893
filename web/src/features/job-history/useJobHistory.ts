import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/app/api';
import type { RunStatus } from '@/app/types';

export type JobRate = {
  runs: number;
  backupRate: number | null;
  success: number;
  warning: number;
  error: number;
  missed: number;
  overridden: number;
};
export type HistoryRun = {
  runId: string;
  status: RunStatus;
  runAt: string;
  durationSeconds: number | null;
  sizeBytes: number | null;
  transferredBytes: number | null;
  remark: string;
  reviewedAt: string | null;
  reviewedByName: string | null;
  reviewNote: string;
  overridden: boolean;
  superseded: boolean;
  ticketNumber: string | null;
};
export type JobHistory = {
  job: { id: string; name: string; backupSoftware: string; backupType: string; customerId: string | null; customerName: string | null };
  last7Days: JobRate;
  last30Days: JobRate;
  runs: HistoryRun[];
  nextCursor: string | null;
};

export const useJobHistory = (jobId: string) =>
  useInfiniteQuery({
    queryKey: ['job-history', jobId],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api<JobHistory>('GET', `/api/v1/jobs/${jobId}/history?limit=100${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    getNextPageParam: (last) => last.nextCursor,
  });
