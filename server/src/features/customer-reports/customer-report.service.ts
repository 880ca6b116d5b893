// Issue 20 (B15.2): a customer's backup report for one month — success rate per job, runs by
// status, missed runs, the longest gap without a good backup, tickets opened and resolved and a
// daily trend — as PDF and CSV, branded with the MSP's name and logo; mailed each month to the
// customer's contact when asked for.
import type { Database } from '#src/db/connection';
import { withoutTenantIsolation, withTenant } from '#src/db/tenant';
import type { DeliveriesService } from '#src/features/notifications/deliveries.service';
import { mailLayout, escapeHtml } from '#src/features/notifications/mail-layout';
import { localDate } from '#src/features/schedules/schedule';
import { AppError } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import { type RequestContext, requireRole } from '#src/lib/context';
import type { CustomerReportRepository, JobRow } from './customer-report.repository';
import type { BrandingView, SaveBrandingBody } from './customer-report.schemas';
import { reportCsv } from './report-csv';
import { renderReportPdf } from './report-pdf';

export type ReportData = {
  mspName: string;
  logo: { data: Buffer; type: string } | null;
  /** `reportEmail`: the contact who receives the report each month, if any. */
  customer: { id: string; name: string; reportEmail: string | null };
  month: string;
  monthLabel: string;
  timezone: string;
  generatedAt: Date;
  totals: { success: number; warning: number; error: number; missed: number; overridden: number; runs: number; successRate: number | null };
  days: { day: string; success: number; warning: number; error: number; missed: number; overridden: number }[];
  jobs: (JobRow & { runs: number; successRate: number | null })[];
  missedRuns: { job: string; runAt: Date }[];
  tickets: { opened: number; resolved: number };
  longestGapHours: number | null;
};

const LOGO_TYPES: Record<string, Buffer> = {
  'image/png': Buffer.from([0x89, 0x50, 0x4e, 0x47]),
  'image/jpeg': Buffer.from([0xff, 0xd8, 0xff]),
};

const rate = (good: number, runs: number) => (runs ? Math.round((good / runs) * 1000) / 10 : null);

const lastDay = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};

export const createCustomerReportService = (deps: {
  database: Database;
  reports: CustomerReportRepository;
  deliveries: DeliveriesService;
  clock: Clock;
  link: (path: string) => string;
}) => {
  const data = (ctx: RequestContext, customerId: string, month: string): Promise<ReportData> =>
    withTenant(deps.database, ctx, async (tx) => {
      const customer = await deps.reports.customer(tx, customerId);
      if (!customer) {
        throw new AppError('not_found', 'No such customer');
      }
      const account = await deps.reports.timezone(tx);
      const today = localDate(deps.clock.now(), account.timezone);
      if (month > today.slice(0, 7)) {
        throw new AppError('invalid_input', 'That month has not begun yet.', {
          fieldErrors: [{ path: 'month', message: 'Choose this month or an earlier one' }],
        });
      }
      const period = { accountId: ctx.accountId, customerId, from: `${month}-01`, to: lastDay(month) };
      const [days, jobs, missed, branding] = await Promise.all([
        deps.reports.days(tx, period),
        deps.reports.jobs(tx, period, account.timezone),
        deps.reports.missedRuns(tx, period, account.timezone),
        deps.reports.branding(tx),
      ]);
      const sum = (key: 'success' | 'warning' | 'error' | 'missed' | 'overridden') => days.reduce((n, d) => n + d[key], 0);
      const totals = {
        success: sum('success'),
        warning: sum('warning'),
        error: sum('error'),
        missed: sum('missed'),
        overridden: sum('overridden'),
      };
      const runs = totals.success + totals.warning + totals.error + totals.missed + totals.overridden;
      const gaps = jobs.map((j) => j.longest_gap_hours).filter((g): g is number => g !== null);
      const [y, m] = month.split('-').map(Number) as [number, number];
      return {
        mspName: branding?.msp_name ?? account.name,
        logo: branding?.logo && branding.logo_type ? { data: Buffer.from(branding.logo), type: branding.logo_type } : null,
        customer: { id: customer.id, name: customer.name, reportEmail: customer.report_email },
        month,
        monthLabel: new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
        timezone: account.timezone,
        generatedAt: deps.clock.now(),
        totals: { ...totals, runs, successRate: rate(totals.success + totals.warning + totals.overridden, runs) },
        days,
        jobs: jobs.map((j) => {
          const jobRuns = j.success + j.warning + j.error + j.missed + j.overridden;
          return { ...j, runs: jobRuns, successRate: rate(j.success + j.warning + j.overridden, jobRuns) };
        }),
        missedRuns: missed.map((r) => ({ job: r.job, runAt: r.run_at })),
        tickets: { opened: jobs.reduce((n, j) => n + j.tickets_opened, 0), resolved: jobs.reduce((n, j) => n + j.tickets_resolved, 0) },
        longestGapHours: gaps.length ? Math.max(...gaps) : null,
      };
    });

  const fileName = (d: ReportData, ext: string) =>
    `backup-report-${
      d.customer.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'customer'
    }-${d.month}.${ext}`;

  const files = async (ctx: RequestContext, customerId: string, month: string) => {
    const d = await data(ctx, customerId, month);
    return [
      { filename: fileName(d, 'pdf'), content: await renderReportPdf(d), contentType: 'application/pdf' },
      { filename: fileName(d, 'csv'), content: Buffer.from(reportCsv(d), 'utf8'), contentType: 'text/csv; charset=utf-8' },
    ];
  };

  return {
    data,
    files,

    /** The name mails and reports go out under: the branding's, or the account's. */
    brandName: (ctx: RequestContext) =>
      withTenant(deps.database, ctx, async (tx) => (await deps.reports.branding(tx))?.msp_name ?? (await deps.reports.timezone(tx)).name),

    async pdf(ctx: RequestContext, customerId: string, month: string) {
      requireRole(ctx, ['admin', 'operator', 'reporter']);
      const d = await data(ctx, customerId, month);
      return { name: fileName(d, 'pdf'), body: await renderReportPdf(d) };
    },

    async csv(ctx: RequestContext, customerId: string, month: string) {
      requireRole(ctx, ['admin', 'operator', 'reporter']);
      const d = await data(ctx, customerId, month);
      return { name: fileName(d, 'csv'), body: reportCsv(d) };
    },

    async getRecipient(ctx: RequestContext, customerId: string) {
      requireRole(ctx, ['admin', 'operator', 'reporter']);
      const customer = await withTenant(deps.database, ctx, (tx) => deps.reports.customer(tx, customerId));
      if (!customer) {
        throw new AppError('not_found', 'No such customer');
      }
      return { reportEmail: customer.report_email, reportMonthly: customer.report_monthly };
    },

    async saveRecipient(ctx: RequestContext, customerId: string, body: { reportEmail: string | null; reportMonthly: boolean }) {
      requireRole(ctx, ['admin']);
      if (body.reportMonthly && !body.reportEmail) {
        throw new AppError('invalid_input', 'The configuration is not valid', {
          fieldErrors: [{ path: 'reportEmail', message: 'Needed to mail the report each month' }],
        });
      }
      const result = await withTenant(deps.database, ctx, (tx) =>
        deps.reports.updateRecipient(tx, customerId, body.reportEmail?.toLowerCase() ?? null, body.reportMonthly),
      );
      if (!result || Number(result.numUpdatedRows) === 0) {
        throw new AppError('not_found', 'No such customer');
      }
      return this.getRecipient(ctx, customerId);
    },

    async getBranding(ctx: RequestContext): Promise<BrandingView> {
      requireRole(ctx, ['admin']);
      const [row, account] = await withTenant(deps.database, ctx, (tx) =>
        Promise.all([deps.reports.branding(tx), deps.reports.timezone(tx)]),
      );
      return {
        mspName: row?.msp_name ?? account.name,
        logo: row?.logo && row.logo_type ? `data:${row.logo_type};base64,${Buffer.from(row.logo).toString('base64')}` : null,
      };
    },

    async saveBranding(ctx: RequestContext, body: SaveBrandingBody): Promise<BrandingView> {
      requireRole(ctx, ['admin']);
      let logo: Buffer | null = null;
      let logoType: string | null = null;
      if (body.logo === undefined) {
        const row = await withTenant(deps.database, ctx, (tx) => deps.reports.branding(tx));
        logo = row?.logo ? Buffer.from(row.logo) : null;
        logoType = row?.logo_type ?? null;
      } else if (body.logo !== null) {
        const [, type, base64] = /^data:(image\/(?:png|jpeg));base64,(.+)$/.exec(body.logo) as unknown as [string, string, string];
        logo = Buffer.from(base64, 'base64');
        // The bytes must be what the type says: the PDF library embeds PNG and JPEG only.
        if (logo.length > 524_288 || !logo.subarray(0, (LOGO_TYPES[type] as Buffer).length).equals(LOGO_TYPES[type] as Buffer)) {
          throw new AppError('invalid_input', 'The configuration is not valid', {
            fieldErrors: [{ path: 'logo', message: 'A PNG or JPEG image of at most 512 KiB' }],
          });
        }
        logoType = type;
      }
      await withTenant(deps.database, ctx, (tx) =>
        deps.reports.upsertBranding(tx, {
          account_id: ctx.accountId,
          msp_name: body.mspName,
          logo,
          logo_type: logoType,
          at: deps.clock.now(),
        }),
      );
      return this.getBranding(ctx);
    },

    /** Queues last month's report to the customer's contact (the monthly sweep). */
    async mailReport(ctx: RequestContext, customerId: string, month: string) {
      const d = await data(ctx, customerId, month);
      const to = d.customer.reportEmail;
      if (!to) {
        return null;
      }
      const subject = `${d.mspName}: backup report for ${d.customer.name}, ${d.monthLabel}`;
      const summary = `${d.totals.successRate === null ? 'No runs were recorded' : `${d.totals.successRate}% of ${d.totals.runs} backup runs succeeded`} in ${d.monthLabel}; ${d.totals.missed} missed. The full report is attached as PDF, with the figures per job as CSV.`;
      const mail = {
        subject,
        html: mailLayout({
          brand: d.mspName,
          heading: `Backup report · ${d.monthLabel}`,
          body: `<p style="font-size:14px">Hello,</p><p style="font-size:14px">${escapeHtml(summary)}</p><p style="font-size:14px">${escapeHtml(d.mspName)}</p>`,
          link: null,
        }),
        text: `Hello,\n\n${summary}\n\n${d.mspName}`,
      };
      const [id] = await deps.deliveries.enqueue(ctx, [
        { channel: null, recipients: [to], event: 'report', subject, message: { mail, report: { customerId, month } } },
      ]);
      return id ?? null;
    },

    monthlyRecipients: () =>
      withoutTenantIsolation(deps.database, 'the monthly report sweep lists customers whose report is mailed', (tx) =>
        deps.reports.monthlyRecipients(tx),
      ),
  };
};

export type CustomerReportService = ReturnType<typeof createCustomerReportService>;
