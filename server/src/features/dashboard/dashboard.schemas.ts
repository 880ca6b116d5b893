import { z } from 'zod';

export const DASHBOARD_OUTCOMES = ['error', 'missed', 'warning', 'success', 'none'] as const;
export type DashboardOutcome = (typeof DASHBOARD_OUTCOMES)[number];

export const DashboardQuery = z.strictObject({
  days: z.enum(['14', '30']).default('14'),
  sort: z.enum(['attention', 'name']).default('attention'),
  search: z.string().trim().max(100).default(''),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const Counts = z.object({ success: z.number(), warning: z.number(), error: z.number(), missed: z.number(), overridden: z.number() });
export const DayCell = Counts.extend({
  day: z.iso.date(),
  /** The day's worst outcome: error, then missed, then warning; success when only good runs; none without runs. */
  worst: z.enum(DASHBOARD_OUTCOMES),
});
export const CustomerHealth = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The worst outcome of the last 24 hours (a run marked as success counts as success). */
  worst24h: z.enum(DASHBOARD_OUTCOMES),
  /** Runs that left a backup (success, warning, marked success) over all runs and missed runs; null without runs. */
  backupRate7d: z.number().nullable(),
  backupRate30d: z.number().nullable(),
  waiting: z.number(),
  missedToday: z.number(),
  openTickets: z.number(),
  days: z.array(DayCell),
});
export const Dashboard = z.object({
  timezone: z.string(),
  today: z.iso.date(),
  days: z.array(z.iso.date()),
  totals: z.object({
    customers: z.number(),
    needingAttention: z.number(),
    waiting: z.number(),
    missedToday: z.number(),
    openTickets: z.number(),
  }),
  customers: z.array(CustomerHealth),
  nextOffset: z.number().nullable(),
});
export type Dashboard = z.infer<typeof Dashboard>;
