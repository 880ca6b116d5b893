import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/app/api';
import type { ApiResponse } from '@/app/api-types';

export type JobRate = JobHistory['last7Days'];
export type HistoryRun = JobHistory['runs'][number];
export type JobHistory = ApiResponse<'/api/v1/jobs/{jobId}/history', 'get'>;

export const useJobHistory = (jobId: string) =>
  useInfiniteQuery({
    queryKey: ['job-history', jobId],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api<JobHistory>('GET', `/api/v1/jobs/${jobId}/history?limit=100${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    getNextPageParam: (last) => last.nextCursor,
  });
