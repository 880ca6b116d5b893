import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '#src/plugins/authentication';
import type { Services } from '#src/services';
import {
  BoardGroupsQuery,
  BoardGroupsView,
  BoardQuery,
  BoardView,
  ReviewBody,
  ReviewJobParams,
  ReviewResult,
  ReviewRunParams,
  ReviewRunsBody,
  UnreviewBody,
} from './run-board.schemas';

export const runBoardRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const tags = ['run checks'];
  const { runBoard } = services;

  app.get(
    '/api/v1/run-checks',
    {
      schema: {
        tags,
        summary:
          'Runs needing review (warning, error, missed), newest first, keyset-paginated; filters by customer, job, status, ticket state',
        querystring: BoardQuery,
        response: { 200: BoardView },
      },
    },
    (req) => runBoard.listBoard(contextOf(req), req.query),
  );

  app.get(
    '/api/v1/run-checks/groups',
    {
      schema: {
        tags,
        summary:
          'The board by job: groups ordered by their newest matching run, each with every matching run counted and the first ones shown; the same filters, plus a day and a search',
        querystring: BoardGroupsQuery,
        response: { 200: BoardGroupsView },
      },
    },
    (req) => runBoard.listGroups(contextOf(req), req.query),
  );

  app.post(
    '/api/v1/runs/:runId/review',
    {
      schema: {
        tags,
        summary: 'Mark a run reviewed, with an optional note (admin, operator)',
        params: ReviewRunParams,
        body: ReviewBody,
        response: { 200: ReviewResult },
      },
    },
    (req) => runBoard.reviewRun(contextOf(req), req.params.runId, req.body.note),
  );

  app.post(
    '/api/v1/runs/review',
    {
      schema: {
        tags,
        summary: 'Mark the chosen runs reviewed (bulk review); answers with the runs it reviewed, for Undo (admin, operator)',
        body: ReviewRunsBody,
        response: { 200: ReviewResult },
      },
    },
    (req) => runBoard.reviewRuns(contextOf(req), req.body.runIds, req.body.note),
  );

  app.post(
    '/api/v1/runs/unreview',
    {
      schema: {
        tags,
        summary: 'Undo reviews: the runs wait on the board again (admin, operator)',
        body: UnreviewBody,
        response: { 200: ReviewResult },
      },
    },
    (req) => runBoard.unreviewRuns(contextOf(req), req.body.runIds),
  );

  app.post(
    '/api/v1/jobs/:jobId/review',
    {
      schema: {
        tags,
        summary: 'Mark every run of the job still waiting for review as reviewed (admin, operator)',
        params: ReviewJobParams,
        body: ReviewBody,
        response: { 200: ReviewResult },
      },
    },
    (req) => runBoard.reviewJob(contextOf(req), req.params.jobId, req.body.note),
  );
};
