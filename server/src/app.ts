// Builds the Fastify app from already-built services; never listens (main.ts does).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { apiKeysRoutes } from '#src/features/api-keys/api-keys.routes';
import { authRoutes } from '#src/features/auth/auth.routes';
import { backupJobsRoutes } from '#src/features/backup-jobs/backup-jobs.routes';
import { ingestRoutes } from '#src/features/backup-runs/ingest.routes';
import { customerReportsRoutes } from '#src/features/customer-reports/customer-reports.routes';
import { customersRoutes } from '#src/features/customers/customers.routes';
import { dashboardRoutes } from '#src/features/dashboard/dashboard.routes';
import { dbBackupsRoutes } from '#src/features/db-backups/db-backups.routes';
import { externalCallsRoutes } from '#src/features/external-calls/external-calls.routes';
import { digestRoutes } from '#src/features/digest/digest.routes';
import { healthRoutes } from '#src/features/health/health.routes';
import { infrastructureRoutes } from '#src/features/infrastructure/infrastructure.routes';
import { insightsRoutes } from '#src/features/insights/insights.routes';
import { integrationsRoutes } from '#src/features/integrations/integrations.routes';
import { jobHistoryRoutes } from '#src/features/job-history/job-history.routes';
import { mailIntakeRoutes } from '#src/features/mail-intake/mail-intake.routes';
import { mcpServersRoutes } from '#src/features/mcp-servers/mcp-servers.routes';
import { attachmentsRoutes } from '#src/features/pilot-attachments/attachments.routes';
import { notificationsRoutes } from '#src/features/notifications/notifications.routes';
import { pilotNotesRoutes } from '#src/features/pilot-notes/pilot-notes.routes';
import { pilotSessionsRoutes } from '#src/features/pilot-sessions/pilot-sessions.routes';
import { quickJumpRoutes } from '#src/features/quick-jump/quick-jump.routes';
import { runBoardRoutes } from '#src/features/run-checks/run-board.routes';
import { runOverridesRoutes } from '#src/features/run-overrides/run-overrides.routes';
import { runTicketsRoutes } from '#src/features/run-tickets/run-tickets.routes';
import { scriptLibraryRoutes } from '#src/features/script-library/script-library.routes';
import { sourceRoutingRoutes } from '#src/features/source-routing/source-routing.routes';
import { usersRoutes } from '#src/features/users/users.routes';
import { AppError } from '#src/lib/app-error';
import { authenticationPlugin } from '#src/plugins/authentication';
import { boundaryTextPlugin } from '#src/plugins/boundary-text';
import { errorHandlerPlugin, sendProblem } from '#src/plugins/error-handler';
import type { Services } from '#src/services';

export type AppOptions = {
  services: Services;
  logger: FastifyBaseLogger;
  /** The built web app (web/dist); omitted in API-only tests. */
  webDistDir?: string;
  trustProxy?: boolean;
  version?: string;
};

/** Vite's output names: `assets/<name>-<8+ char hash>.<ext>`, and their .br / .gz copies. */
const HASHED_ASSET = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+(\.br|\.gz)?$/;

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

export const buildApp = async (options: AppOptions) => {
  const app = Fastify({
    loggerInstance: options.logger,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 2 * 1024 * 1024,
    requestIdHeader: false,
    genReqId: (req) => {
      const sent = req.headers['x-request-id'];
      return typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // The report-mail reader is a worker thread; it ends with the app.
  app.addHook('onClose', () => options.services.mailIntake.closeReader());
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(errorHandlerPlugin);
  // Security headers on every answer, the API's included. The built web app loads only its own
  // scripts, styles and fonts, so a strict CSP holds (browser tests fail on any violation).
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        // Vite inlines the smallest font files as data: URLs.
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Flightdeck may run on plain HTTP inside a LAN; upgrading requests would break it there.
        upgradeInsecureRequests: null,
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  // Issue 14: API answers compressed (brotli, else gzip) when the client takes it. Brotli's default
  // quality (11) costs more time than it saves on a dynamic answer; 5 keeps most of the gain.
  // The pilot's event stream writes to the raw socket and is not touched.
  await app.register(fastifyCompress, {
    encodings: ['br', 'gzip'],
    threshold: 1024,
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } },
  });
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Flightdeck API',
        version: options.version ?? '0.1.0',
        description:
          'Errors are application/problem+json with a stable `code`. Browser sessions send the x-csrf-token ' +
          'header on writes; machine clients authenticate with `Authorization: Bearer <API key>`.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'fd_session' },
          apiKey: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  // The docs page brings inline scripts; the plugin hashes them into its own CSP.
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(authenticationPlugin, { auth: options.services.auth });
  await app.register(boundaryTextPlugin);
  const routeOptions = { services: options.services };
  await app.register(healthRoutes, routeOptions);
  await app.register(authRoutes, routeOptions);
  await app.register(usersRoutes, routeOptions);
  await app.register(apiKeysRoutes, routeOptions);
  await app.register(integrationsRoutes, routeOptions);
  await app.register(customersRoutes, routeOptions);
  await app.register(externalCallsRoutes, routeOptions);
  await app.register(ingestRoutes, routeOptions);
  await app.register(backupJobsRoutes, routeOptions);
  await app.register(mailIntakeRoutes, routeOptions);
  await app.register(notificationsRoutes, routeOptions);
  await app.register(digestRoutes, routeOptions);
  await app.register(customerReportsRoutes, routeOptions);
  await app.register(infrastructureRoutes, routeOptions);
  await app.register(runBoardRoutes, routeOptions);
  await app.register(runOverridesRoutes, routeOptions);
  await app.register(sourceRoutingRoutes, routeOptions);
  await app.register(quickJumpRoutes, routeOptions);
  await app.register(dbBackupsRoutes, routeOptions);
  await app.register(runTicketsRoutes, routeOptions);
  await app.register(pilotSessionsRoutes, routeOptions);
  await app.register(pilotNotesRoutes, routeOptions);
  await app.register(scriptLibraryRoutes, routeOptions);
  await app.register(insightsRoutes, routeOptions);
  await app.register(attachmentsRoutes, routeOptions);
  await app.register(mcpServersRoutes, routeOptions);
  await app.register(dashboardRoutes, routeOptions);
  await app.register(jobHistoryRoutes, routeOptions);

  const indexHtml = options.webDistDir ? path.join(options.webDistDir, 'index.html') : undefined;
  if (options.webDistDir && indexHtml && fs.existsSync(indexHtml)) {
    // Issue 14: Vite names every asset by its content hash, so an asset never changes under its
    // name and may be cached for good; index.html names the current ones and is revalidated. The
    // build wrote .br and .gz copies (web/scripts/precompress.mjs), sent as they are.
    await app.register(fastifyStatic, {
      root: options.webDistDir,
      wildcard: false,
      index: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, filePath) => {
        reply.header('cache-control', HASHED_ASSET.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  // The web app owns every other GET path (client-side routes); the API answers problems.
  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && !request.url.startsWith('/api/') && indexHtml && fs.existsSync(indexHtml);
    if (wantsPage) {
      return reply.type('text/html').sendFile('index.html');
    }
    return sendProblem(request, reply, new AppError('not_found', `No route for ${request.method} ${request.url.split('?')[0]}`));
  });

  return app;
};

export type App = Awaited<ReturnType<typeof buildApp>>;
