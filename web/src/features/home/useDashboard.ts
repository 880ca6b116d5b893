import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '@/app/api';
import type { ApiResponse } from '@/app/api-types';

export type Outcome = 'error' | 'missed' | 'warning' | 'success' | 'none';
export type DayCell = CustomerHealth['days'][number];
export type CustomerHealth = Dashboard['customers'][number];
export type Dashboard = ApiResponse<'/api/v1/dashboard', 'get'>;
export type DashboardQuery = { days: '14' | '30'; sort: 'attention' | 'name'; search: string; offset: number };

export const useDashboard = (query: DashboardQuery) =>
  useQuery({
    queryKey: ['dashboard', query],
    queryFn: () =>
      api<Dashboard>(
        'GET',
        `/api/v1/dashboard?${new URLSearchParams({ days: query.days, sort: query.sort, search: query.search, offset: String(query.offset), limit: '50' })}`,
      ),
    placeholderData: keepPreviousData,
    // The morning view stays current while it is open.
    refetchInterval: 60_000,
  });
