import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '@/app/api';

export type Outcome = 'error' | 'missed' | 'warning' | 'success' | 'none';
export type DayCell = { day: string; worst: Outcome; success: number; warning: number; error: number; missed: number; overridden: number };
export type CustomerHealth = {
  id: string;
  name: string;
  worst24h: Outcome;
  backupRate7d: number | null;
  backupRate30d: number | null;
  waiting: number;
  missedToday: number;
  openTickets: number;
  days: DayCell[];
};
export type Dashboard = {
  timezone: string;
  today: string;
  days: string[];
  totals: { customers: number; needingAttention: number; waiting: number; missedToday: number; openTickets: number };
  customers: CustomerHealth[];
  nextOffset: number | null;
};
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
