import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '#src/plugins/authentication';
import type { Services } from '#src/services';
import {
  ApproveJobBody,
  CustomerJobsParams,
  InboxView,
  JobList,
  JobParams,
  JobView,
  RunDetailView,
  RunParams,
  SetChecksPausedBody,
  SetScheduleBody,
} from './backup-jobs.schemas';

export const backupJobsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const tags = ['backup jobs'];
  const { backupJobs } = services;

  app.get(
    '/api/v1/inbox',
    { schema: { tags, summary: 'Jobs waiting for approval, with their waiting runs', response: { 200: InboxView } } },
    async (req) => ({
      entries: await backupJobs.listInbox(contextOf(req)),
    }),
  );

  app.post(
    '/api/v1/inbox/:jobId/approve',
    {
      schema: {
        tags,
        summary: 'Approve a job for an existing or a new customer (admin, operator)',
        params: JobParams,
        body: ApproveJobBody,
        response: { 200: JobView },
      },
    },
    (req) => backupJobs.approveJob(contextOf(req), req.params.jobId, req.body),
  );

  app.post(
    '/api/v1/inbox/:jobId/reject',
    {
      schema: {
        tags,
        summary: 'Reject a job; its runs and mails are kept (admin, operator)',
        params: JobParams,
        response: { 200: JobView },
      },
    },
    (req) => backupJobs.rejectJob(contextOf(req), req.params.jobId),
  );

  app.patch(
    '/api/v1/jobs/:jobId/schedule',
    {
      schema: {
        tags,
        summary: 'Set the expected schedule, timezone and grace window; schedule null learns it from the runs (admin, operator)',
        params: JobParams,
        body: SetScheduleBody,
        response: { 200: JobView },
      },
    },
    async (req) => {
      await services.missedRuns.setSchedule(contextOf(req), req.params.jobId, req.body);
      // The watch is decided again at once, so the page shows what the new schedule means.
      await services.missedRuns.detectMissedRuns(contextOf(req), { jobId: req.params.jobId });
      return backupJobs.getJobView(contextOf(req), req.params.jobId);
    },
  );

  app.put(
    '/api/v1/jobs/:jobId/checks',
    {
      schema: {
        tags,
        summary:
          'Pause or resume missed-run checks (maintenance): no missed runs while paused; after resuming, only later slots are judged (admin, operator)',
        params: JobParams,
        body: SetChecksPausedBody,
        response: { 200: JobView },
      },
    },
    async (req) => {
      await services.missedRuns.setChecksPaused(contextOf(req), req.params.jobId, req.body.paused);
      await services.missedRuns.detectMissedRuns(contextOf(req), { jobId: req.params.jobId });
      return backupJobs.getJobView(contextOf(req), req.params.jobId);
    },
  );

  app.get(
    '/api/v1/customers/:customerId/jobs',
    { schema: { tags, summary: "A customer's backup jobs", params: CustomerJobsParams, response: { 200: JobList } } },
    async (req) => ({ jobs: await backupJobs.listCustomerJobs(contextOf(req), req.params.customerId) }),
  );

  app.get(
    '/api/v1/jobs/:jobId/runs/:runId',
    { schema: { tags, summary: 'Everything about one run (the Job Details page)', params: RunParams, response: { 200: RunDetailView } } },
    (req) => backupJobs.getRunDetails(contextOf(req), req.params.jobId, req.params.runId),
  );
};
