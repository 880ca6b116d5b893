import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/app/api';
import type { ApiResponse, BoardGroupsPage, BoardPage, ProblemStatus, RunOverride, RunTicket } from '@/app/api-types';

export type BoardFilter = {
  customerId: string;
  /** One job, chosen from a group header. */
  jobId: string;
  statuses: ProblemStatus[];
  ticket: '' | 'none' | 'active' | 'deleted';
  includeReviewed: boolean;
  /** A day in the account's time zone (from a dashboard cell). */
  day: string;
  /** Job name, remark, failing objects' names and messages. */
  q: string;
};

export const NO_FILTER: BoardFilter = { customerId: '', jobId: '', statuses: [], ticket: '', includeReviewed: false, day: '', q: '' };
const STATUS_VALUES: ProblemStatus[] = ['error', 'warning', 'missed'];

/** Filters live in the URL (customer, job, status, ticket, reviewed, day, q): shareable and kept on reload. */
export const filterFromParams = (params: URLSearchParams): BoardFilter => ({
  customerId: params.get('customer') ?? '',
  jobId: params.get('job') ?? '',
  statuses: (params.get('status') ?? '').split(',').filter((s): s is ProblemStatus => STATUS_VALUES.includes(s as ProblemStatus)),
  ticket: (['none', 'active', 'deleted'] as const).find((t) => t === params.get('ticket')) ?? '',
  includeReviewed: params.get('reviewed') === 'include',
  day: /^\d{4}-\d{2}-\d{2}$/.test(params.get('day') ?? '') ? (params.get('day') as string) : '',
  q: params.get('q') ?? '',
});

export const paramsFromFilter = (filter: BoardFilter) => {
  const params = new URLSearchParams();
  const put = (key: string, value: string) => {
    if (value) {
      params.set(key, value);
    }
  };
  put('customer', filter.customerId);
  put('job', filter.jobId);
  put('status', filter.statuses.join(','));
  put('ticket', filter.ticket);
  put('reviewed', filter.includeReviewed ? 'include' : '');
  put('day', filter.day);
  put('q', filter.q.trim());
  return params;
};

export const isFiltered = (filter: BoardFilter) => paramsFromFilter(filter).toString() !== '';

const queryOf = (filter: BoardFilter, cursor: string | null, limit = '50') => {
  const params = new URLSearchParams({ limit });
  if (filter.customerId) {
    params.set('customerId', filter.customerId);
  }
  if (filter.jobId) {
    params.set('jobId', filter.jobId);
  }
  if (filter.day) {
    params.set('day', filter.day);
  }
  if (filter.q.trim()) {
    params.set('q', filter.q.trim());
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

/** Issue 19: the board by job — every waiting run of a job in its group. */
export const useBoardGroups = (filter: BoardFilter) =>
  useInfiniteQuery({
    queryKey: ['run-checks', 'groups', filter],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api<BoardGroupsPage>('GET', `/api/v1/run-checks/groups?${queryOf(filter, pageParam, '25')}`),
    getNextPageParam: (last) => last.nextCursor,
  });

/** Bulk review (issue 19): answers with the runs it reviewed, for Undo. */
export const useReviewRuns = () => {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (runIds: string[]) => api<ReviewResult>('POST', '/api/v1/runs/review', { runIds, note: '' }),
    onSuccess: refresh,
  });
};

/** Everything that shows a run's review or ticket state is refreshed after a change. */
const useRefresh = () => {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: ['run-checks'] });
    void client.invalidateQueries({ queryKey: ['run-ticket'] });
    void client.invalidateQueries({ queryKey: ['overrides'] });
    void client.invalidateQueries({ queryKey: ['dashboard'] });
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

export type ReviewResult = ApiResponse<'/api/v1/runs/review', 'post'>;

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
  | { kind: 'add-to-open' }
  | { kind: 'open' }
  | { kind: 'resolve'; confirmUnverified: boolean }
  | { kind: 'unlink' }
  | { kind: 'link'; ticketNumber: string }
  | { kind: 'manual'; ticketNumber: string };

export type TicketActionResult = {
  outcome?: string;
  alsoResolvedRuns?: number;
  ticketNumber?: string;
  ticket?: RunTicket;
} & Partial<RunTicket>;

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
        case 'add-to-open':
          return api<TicketActionResult>('POST', `${base}/add-to-open`);
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
