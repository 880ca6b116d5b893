// Issue 20 (B15.2): monthly customer reports, branding and report recipients.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '#src/plugins/authentication';
import type { Services } from '#src/services';
import {
  BrandingView,
  CustomerParams,
  ReportParams,
  ReportRecipientBody,
  ReportRecipientView,
  SaveBrandingBody,
} from './customer-report.schemas';

export const customerReportsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const tags = ['reports'];
  const { customerReports } = services;

  app.get(
    '/api/v1/customers/:customerId/reports/:month/pdf',
    { schema: { tags, summary: "A customer's backup report for a month, as PDF", params: ReportParams } },
    async (req, reply) => {
      const { name, body } = await customerReports.pdf(contextOf(req), req.params.customerId, req.params.month);
      return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${name}"`).send(body);
    },
  );
  app.get(
    '/api/v1/customers/:customerId/reports/:month/csv',
    { schema: { tags, summary: "A customer's report figures per job for a month, as CSV (columns in the README)", params: ReportParams } },
    async (req, reply) => {
      const { name, body } = await customerReports.csv(contextOf(req), req.params.customerId, req.params.month);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(body);
    },
  );
  app.get(
    '/api/v1/customers/:customerId/report-recipient',
    {
      schema: {
        tags,
        summary: "Who receives the customer's monthly report",
        params: CustomerParams,
        response: { 200: ReportRecipientView },
      },
    },
    (req) => customerReports.getRecipient(contextOf(req), req.params.customerId),
  );
  app.put(
    '/api/v1/customers/:customerId/report-recipient',
    {
      schema: {
        tags,
        summary: "Mail the customer's report each month to a contact (admin)",
        params: CustomerParams,
        body: ReportRecipientBody,
        response: { 200: ReportRecipientView },
      },
    },
    (req) => customerReports.saveRecipient(contextOf(req), req.params.customerId, req.body),
  );
  app.get(
    '/api/v1/reports/branding',
    { schema: { tags, summary: "The MSP's name and logo on customer reports (admin)", response: { 200: BrandingView } } },
    (req) => customerReports.getBranding(contextOf(req)),
  );
  app.put(
    '/api/v1/reports/branding',
    {
      bodyLimit: 1024 * 1024,
      schema: {
        tags,
        summary: "Set the MSP's name and logo on customer reports (admin)",
        body: SaveBrandingBody,
        response: { 200: BrandingView },
      },
    },
    (req) => customerReports.saveBranding(contextOf(req), req.body),
  );
};
