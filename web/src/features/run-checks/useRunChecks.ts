import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/app/api';
import type { BoardPage, ProblemStatus, RunOverride, RunTicket } from '@/app/types';

export type BoardFilter = {
  customerId: string;
  /** One job, chosen from a group header; its name is kept for the filter chip. */
  job: { id: string; name: string } | null;
  statuses: ProblemStatus[];
  ticket: '' | 'none' | 'active' | 'deleted';
  includeReviewed: boolean;
};

const queryOf = (filter: BoardFilter, cursor: string | null) => {
  const params = new URLSearchParams({ limit: '50' });
  if (filter.customerId) {
    params.set('customerId', filter.customerId);
  }
  if (filter.job) {
    params.set('jobId', filter.job.id);
  }
  if (filter.statuses.length) {
    params.set('status', filter.statuses.join(','));
  }
  if (filter.ticket) {
    params.set('ticket', filter.ticket);
  }
  if (filter.includeReviewed) {
    params.set('includeReviewed', 'true');
  }
  if (cursor) {
    params.set('cursor', cursor);
  }
  return params.toString();
};

export const useBoard = (filter: BoardFilter) =>
  useInfiniteQuery({
    queryKey: ['run-checks', filter],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api<BoardPage>('GET', `/api/v1/run-checks?${queryOf(filter, pageParam)}`),
    getNextPageParam: (last) => last.nextCursor,
  });

/** Everything that shows a run's review or ticket state is refreshed after a change. */
const useRefresh = () => {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: ['run-checks'] });
    void client.invalidateQueries({ queryKey: ['run-ticket'] });
    void client.invalidateQueries({ queryKey: ['overrides'] });
  };
};

export const useReview = () => {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (target: { runId: string; note?: string } | { jobId: string; note?: string }) =>
      'runId' in target
        ? api<ReviewResult>('POST', `/api/v1/runs/${target.runId}/review`, { note: target.note ?? '' })
        : api<ReviewResult>('POST', `/api/v1/jobs/${target.jobId}/review`, { note: target.note ?? '' }),
    onSuccess: refresh,
  });
};

export type ReviewResult = { reviewed: number; runIds: string[] };

/** Undo of a review (B3.2): the runs wait on the board again. */
export const useUnreview = () => {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (runIds: string[]) => api<ReviewResult>('POST', '/api/v1/runs/unreview', { runIds }),
    onSuccess: refresh,
  });
};

export const useRunTicket = (runId: string) =>
  useQuery({ queryKey: ['run-ticket', runId], queryFn: () => api<RunTicket>('GET', `/api/v1/runs/${runId}/ticket`) });

type TicketAction =
  | { kind: 'create' }
  | { kind: 'open' }
  | { kind: 'resolve'; confirmUnverified: boolean }
  | { kind: 'unlink' }
  | { kind: 'link'; ticketNumber: string }
  | { kind: 'manual'; ticketNumber: string };

export type TicketActionResult = { outcome?: string; ticket?: RunTicket } & Partial<RunTicket>;

export const useTicketAction = (runId: string) => {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (action: TicketAction) => {
      const base = `/api/v1/runs/${runId}/ticket`;
      switch (action.kind) {
        case 'create':
          return api<TicketActionResult>('POST', base);
        case 'open':
          return api<TicketActionResult>('POST', `${base}/open`);
        case 'resolve':
          return api<TicketActionResult>('POST', `${base}/resolve`, { confirmUnverified: action.confirmUnverified });
        case 'unlink':
          return api<TicketActionResult>('POST', `${base}/unlink`);
        case 'link':
          return api<TicketActionResult>('POST', `${base}/link`, { ticketNumber: action.ticketNumber });
        case 'manual':
          return api<TicketActionResult>('POST', `${base}/manual`, { ticketNumber: action.ticketNumber });
      }
    },
    onSettled: refresh,
  });
};

export const useOverrides = () =>
  useQuery({
    queryKey: ['overrides'],
    queryFn: async () => (await api<{ overrides: RunOverride[] }>('GET', '/api/v1/overrides')).overrides,
  });

export type NewOverride = {
  level: RunOverride['level'];
  jobId?: string | null;
  objectName?: string | null;
  statuses: ProblemStatus[];
  matchText?: string | null;
  matchMode: RunOverride['matchMode'];
  validFrom?: string | null;
  validUntil?: string | null;
  reason: string;
  applyToWaiting: boolean;
};

export const useCreateOverride = () => {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: NewOverride) => api<{ override: RunOverride; appliedToWaitingRuns: number }>('POST', '/api/v1/overrides', body),
    onSuccess: refresh,
  });
};

export const useDeleteOverride = () => {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (id: string) => api<void>('DELETE', `/api/v1/overrides/${id}`), onSuccess: refresh });
};
