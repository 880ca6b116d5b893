import os from 'node:os';
import path from 'node:path';
// Builds every service from its dependencies, once. Routes and jobs receive this container.
import type { RetryPolicy } from '#src/clients/retry-policy';
import type { Database } from '#src/db/connection';
import { createAccountsRepository } from '#src/features/accounts/accounts.repository';
import { createAccountsService } from '#src/features/accounts/accounts.service';
import { createApiKeysRepository } from '#src/features/api-keys/api-keys.repository';
import { createApiKeysService } from '#src/features/api-keys/api-keys.service';
import { createAuthService } from '#src/features/auth/auth.service';
import { createLoginRateLimiter } from '#src/features/auth/login-rate-limiter';
import { createSessionsRepository } from '#src/features/auth/sessions.repository';
import { createBackupJobsRepository } from '#src/features/backup-jobs/backup-jobs.repository';
import { createBackupJobsService } from '#src/features/backup-jobs/backup-jobs.service';
import { createBackupRunsRepository } from '#src/features/backup-runs/backup-runs.repository';
import { createIngestService } from '#src/features/backup-runs/ingest.service';
import { createIntegrationCredentialsRepository } from '#src/features/credentials/integration-credentials.repository';
import { createIntegrationCredentialsService } from '#src/features/credentials/integration-credentials.service';
import type { Keyring } from '#src/features/credentials/master-key';
import { createCustomersRepository } from '#src/features/customers/customers.repository';
import { createCustomersService } from '#src/features/customers/customers.service';
import { createPsaMappingSync } from '#src/features/customers/psa-mapping-sync';
import { createCustomerReportRepository } from '#src/features/customer-reports/customer-report.repository';
import { type CustomerReportService, createCustomerReportService } from '#src/features/customer-reports/customer-report.service';
import { createDigestRepository } from '#src/features/digest/digest.repository';
import { createDigestService } from '#src/features/digest/digest.service';
import { createAlertConditionsRepository } from '#src/features/notifications/alert-conditions.repository';
import { createAlertRulesRepository } from '#src/features/notifications/alert-rules.repository';
import { createAlertsService } from '#src/features/notifications/alerts.service';
import { createChannelsRepository } from '#src/features/notifications/channels.repository';
import { createChannelsService } from '#src/features/notifications/channels.service';
import { createDeliveriesRepository } from '#src/features/notifications/deliveries.repository';
import { createDeliveriesService } from '#src/features/notifications/deliveries.service';
import { createDeliveryDispatch } from '#src/features/notifications/delivery-dispatch';
import { createSmtpRepository } from '#src/features/notifications/smtp.repository';
import { createSmtpService } from '#src/features/notifications/smtp.service';
import { createDashboardRepository } from '#src/features/dashboard/dashboard.repository';
import { createDashboardService } from '#src/features/dashboard/dashboard.service';
import { type BackupSettings, createDatabaseBackupsService, DEFAULT_BACKUP_CRON } from '#src/features/db-backups/db-backups.service';
import { createExternalCallLogRepository } from '#src/features/external-calls/external-call-log.repository';
import { createExternalCallLogService } from '#src/features/external-calls/external-call-log.service';
import { createExternalCaller } from '#src/features/external-calls/external-caller';
import { createOutboundPolicy, type OutboundPolicy } from '#src/features/external-calls/outbound-policy';
import { createInfrastructureRepository } from '#src/features/infrastructure/infrastructure.repository';
import { createInfrastructureService } from '#src/features/infrastructure/infrastructure.service';
import { createInsightsRepository } from '#src/features/insights/insights.repository';
import { createInsightsService } from '#src/features/insights/insights.service';
import { createIntegrationsRepository } from '#src/features/integrations/integrations.repository';
import { createIntegrationsService } from '#src/features/integrations/integrations.service';
import { createPsaConnections } from '#src/features/integrations/psa-connections';
import { createJobHistoryRepository } from '#src/features/job-history/job-history.repository';
import { createJobHistoryService } from '#src/features/job-history/job-history.service';
import { createMailIntakeRepository } from '#src/features/mail-intake/mail-intake.repository';
import { createMailIntakeService } from '#src/features/mail-intake/mail-intake.service';
import { createMailboxRepository } from '#src/features/mail-intake/mailbox.repository';
import { createMailboxService } from '#src/features/mail-intake/mailbox.service';
import { createMcpServersRepository } from '#src/features/mcp-servers/mcp-servers.repository';
import { createMcpServersService } from '#src/features/mcp-servers/mcp-servers.service';
import { createAttachmentsRepository } from '#src/features/pilot-attachments/attachments.repository';
import { type AttachmentsService, createAttachmentsService } from '#src/features/pilot-attachments/attachments.service';
import { createPilotNotesRepository } from '#src/features/pilot-notes/pilot-notes.repository';
import { createMemoryPreviewCache, type PreviewCache } from '#src/features/pilot-notes/preview-cache';
import { createSessionNotesService } from '#src/features/pilot-notes/session-notes.service';
import { createSessionUpdatesRepository } from '#src/features/pilot-notes/session-updates.repository';
import { createPilotConversationService } from '#src/features/pilot-sessions/pilot-conversation.service';
import { createPilotSessionsRepository } from '#src/features/pilot-sessions/pilot-sessions.repository';
import { createPilotSessionsService } from '#src/features/pilot-sessions/pilot-sessions.service';
import { createPilotTelemetry } from '#src/features/pilot-sessions/pilot-telemetry';
import { createSessionFactsRepository } from '#src/features/pilot-sessions/session-facts.repository';
import { createSessionFactsService } from '#src/features/pilot-sessions/session-facts.service';
import { createQuickJumpRepository } from '#src/features/quick-jump/quick-jump.repository';
import { createQuickJumpService } from '#src/features/quick-jump/quick-jump.service';
import { createRunBoardRepository } from '#src/features/run-checks/run-board.repository';
import { createRunBoardService } from '#src/features/run-checks/run-board.service';
import { createRunOverridesRepository } from '#src/features/run-overrides/run-overrides.repository';
import { createRunOverridesService } from '#src/features/run-overrides/run-overrides.service';
import { createRunTicketsRepository } from '#src/features/run-tickets/run-tickets.repository';
import { createRunTicketsService } from '#src/features/run-tickets/run-tickets.service';
import { createMissedRunsRepository } from '#src/features/schedules/missed-runs.repository';
import { createMissedRunsService } from '#src/features/schedules/missed-runs.service';
import { createScriptLibraryRepository } from '#src/features/script-library/script-library.repository';
import { createScriptLibraryService } from '#src/features/script-library/script-library.service';
import { createAccountSettingsRepository } from '#src/features/settings/account-settings.repository';
import { createAccountSettingsService } from '#src/features/settings/account-settings.service';
import { createSourceRoutingRepository } from '#src/features/source-routing/source-routing.repository';
import { createSourceRoutingService } from '#src/features/source-routing/source-routing.service';
import { createTicketLinksRepository } from '#src/features/ticket-links/ticket-links.repository';
import { createUsersRepository } from '#src/features/users/users.repository';
import { createUsersService } from '#src/features/users/users.service';
import { type Clock, systemClock } from '#src/lib/clock';
import { createModelProvider } from '#src/models/create-model-provider';
import { OFFLINE_PILOT_CONFIG, type PilotModelConfig } from '#src/models/model-settings';

export type ServiceDeps = {
  database: Database;
  keyring: Keyring;
  clock?: Clock;
  sessionTtlHours?: number;
  fetch?: typeof fetch;
  /** Retry waits for PSA calls (tests shorten them). */
  retryPolicy?: RetryPolicy;
  psaTimeoutMs?: number;
  /** P0: which model answers the pilot (the offline playbooks unless configured). */
  pilot?: PilotModelConfig;
  /** N4: outbound targets allowed (private addresses refused unless allowed). */
  outbound?: OutboundPolicy;
  /** P5.4: where previews are cached (in memory unless Redis is configured). */
  previewCache?: PreviewCache;
  /** Issue 21: where database backups go, their schedule and retention. */
  backups?: BackupSettings;
  /** Issue 20: Flightdeck's address, for links in mails and alerts (known once the server listens). */
  publicUrl?: () => string | null;
};

export const createServices = (deps: ServiceDeps) => {
  const { database, keyring } = deps;
  const clock = deps.clock ?? systemClock;
  const users = createUsersRepository();
  const sessions = createSessionsRepository();
  const settings = createAccountSettingsService({ database, settings: createAccountSettingsRepository() });
  const apiKeys = createApiKeysService({ database, apiKeys: createApiKeysRepository(), clock });
  const externalCallLogRepository = createExternalCallLogRepository();
  const outbound = deps.outbound ?? createOutboundPolicy();
  const externalCalls = createExternalCaller({ database, log: externalCallLogRepository, settings, clock, fetch: deps.fetch, outbound });
  const credentials = createIntegrationCredentialsService({
    database,
    credentials: createIntegrationCredentialsRepository(),
    keyring,
    clock,
  });
  const integrationsRepository = createIntegrationsRepository();
  const psaConnections = createPsaConnections({
    database,
    integrations: integrationsRepository,
    credentials,
    caller: externalCalls,
    clock,
    retryPolicy: deps.retryPolicy,
    timeoutMs: deps.psaTimeoutMs,
  });
  const integrations = createIntegrationsService({
    database,
    integrations: integrationsRepository,
    credentials,
    settings,
    connections: psaConnections,
    clock,
  });
  const customersRepository = createCustomersRepository();
  const customers = createCustomersService({
    database,
    customers: customersRepository,
    integrations,
    connections: psaConnections,
    sync: createPsaMappingSync({ database, customers: customersRepository, integrations, connections: psaConnections, clock }),
    clock,
  });
  const backupRunsRepository = createBackupRunsRepository();
  const runOverridesRepository = createRunOverridesRepository();
  const runWriterRepositories = { runs: backupRunsRepository, overrides: runOverridesRepository };
  const mailIntake = createMailIntakeService({ database, mails: createMailIntakeRepository(), repositories: runWriterRepositories, clock });
  const backupJobsRepository = createBackupJobsRepository();
  const backupJobs = createBackupJobsService({ database, jobs: backupJobsRepository, customers, clock });
  const ticketLinks = createTicketLinksRepository();
  const pilotConfig = deps.pilot ?? OFFLINE_PILOT_CONFIG;
  const modelProvider = createModelProvider(pilotConfig, { caller: externalCalls });
  const pilotSessionsRepository = createPilotSessionsRepository();
  const sessionFactsRepository = createSessionFactsRepository();
  const pilotSessions = createPilotSessionsService({
    database,
    sessions: pilotSessionsRepository,
    links: ticketLinks,
    facts: sessionFactsRepository,
    customers,
    connections: psaConnections,
    ticketUrls: (ctx) => integrations.ticketUrls(ctx),
    clock,
  });
  const scriptLibrary = createScriptLibraryService({
    database,
    library: createScriptLibraryRepository(),
    sessions: pilotSessionsRepository,
    facts: sessionFactsRepository,
    pilotSessions,
    customers,
    settings,
    provider: modelProvider,
  });
  const mcpServers = createMcpServersService({
    database,
    servers: createMcpServersRepository(),
    credentials,
    caller: externalCalls,
    outbound,
    clock,
  });
  const pilotConversation = createPilotConversationService({
    database,
    sessions: pilotSessionsRepository,
    facts: sessionFactsRepository,
    pilotSessions,
    provider: modelProvider,
    config: pilotConfig,
    templates: (ctx) => scriptLibrary.templatesForPilot(ctx),
    tools: (ctx) => mcpServers.toolsFor(ctx, 'conversation'),
    // Read when a turn runs: the attachments service is built below (it records check outputs
    // through sessionFacts, which asks this conversation service to review evidence).
    attachments: (ctx, sessionId, ids) => attachments.forPilot(ctx, sessionId, ids),
  });
  const sessionFacts = createSessionFactsService({
    database,
    sessions: pilotSessionsRepository,
    facts: sessionFactsRepository,
    pilotSessions,
    provider: modelProvider,
    clock,
    reviewEvidence: pilotConversation.reviewEvidence,
  });
  const attachments: AttachmentsService = createAttachmentsService({
    database,
    attachments: createAttachmentsRepository(),
    pilotSessions,
    sessionFacts,
  });
  // Issue 20: notifications and reports. Links are absolute when the public address is known.
  const link = (pathname: string) => {
    const base = deps.publicUrl?.();
    return base ? new URL(pathname, base).href : pathname;
  };
  const smtp = createSmtpService({ database, smtp: createSmtpRepository(), credentials, caller: externalCalls, outbound, clock });
  const deliveryDispatch = createDeliveryDispatch();
  const channelsRepository = createChannelsRepository();
  const alertConditions = createAlertConditionsRepository();
  const deliveries = createDeliveriesService({
    database,
    deliveries: createDeliveriesRepository(),
    channels: channelsRepository,
    credentials,
    smtp,
    caller: externalCalls,
    outbound,
    dispatch: deliveryDispatch,
    clock,
    // Read when a report mail is sent: the report service is built below (it queues through this).
    reportFiles: (ctx, customerId, month) => customerReports.files(ctx, customerId, month),
    brand: (ctx) => customerReports.brandName(ctx),
  });
  const customerReports: CustomerReportService = createCustomerReportService({
    database,
    reports: createCustomerReportRepository(),
    deliveries,
    clock,
    link,
  });
  const channels = createChannelsService({ database, channels: channelsRepository, credentials, deliveries, outbound, clock });
  const notifications = {
    smtp,
    channels,
    deliveries,
    dispatch: deliveryDispatch,
    alerts: createAlertsService({
      database,
      rules: createAlertRulesRepository(),
      conditions: alertConditions,
      channels,
      deliveries,
      clock,
      link,
    }),
  };
  const digest = createDigestService({
    database,
    digest: createDigestRepository(),
    conditions: alertConditions,
    users,
    deliveries,
    clock,
    link,
  });

  const pilotServices = {
    modelProvider,
    pilotTelemetry: createPilotTelemetry({ database }),
    pilotSessions,
    sessionFacts,
    sessionNotes: createSessionNotesService({
      database,
      sessions: pilotSessionsRepository,
      facts: sessionFactsRepository,
      notes: createPilotNotesRepository(),
      updates: createSessionUpdatesRepository(),
      pilotSessions,
      provider: modelProvider,
      cache: deps.previewCache ?? createMemoryPreviewCache(),
      integrations,
      customers,
      connections: psaConnections,
      clock,
      scripts: (ctx, sessionId) => scriptLibrary.generationsForNotes(ctx, sessionId),
    }),
    pilotConversation,
    scriptLibrary,
    attachments,
    mcpServers,
    dashboard: createDashboardService({ database, dashboard: createDashboardRepository() }),
    jobHistory: createJobHistoryService({ database, history: createJobHistoryRepository() }),
    insights: createInsightsService({
      database,
      insights: createInsightsRepository(),
      facts: sessionFactsRepository,
      customers,
      pilotSessions,
    }),
  };
  return {
    database,
    clock,
    outbound,
    notifications,
    digest,
    customerReports,
    settings,
    apiKeys,
    accounts: createAccountsService({ database, accounts: createAccountsRepository(), users }),
    auth: createAuthService({
      database,
      sessions,
      users,
      apiKeys,
      limiter: createLoginRateLimiter({ database, clock }, { scope: 'email', maxAttempts: 10, windowMs: 60_000 }),
      addressLimiter: createLoginRateLimiter({ database, clock }, { scope: 'address', maxAttempts: 100, windowMs: 60_000 }),
      clock,
      sessionTtlHours: deps.sessionTtlHours ?? 12,
    }),
    users: createUsersService({ database, users, sessions }),
    credentials,
    externalCalls,
    externalCallLog: createExternalCallLogService({ database, log: externalCallLogRepository }),
    psaConnections,
    integrations,
    customers,
    ingest: createIngestService({ database, repositories: runWriterRepositories, clock }),
    mailIntake,
    mailbox: createMailboxService({
      database,
      mailbox: createMailboxRepository(),
      credentials,
      intake: mailIntake,
      outbound,
      caller: externalCalls,
      clock,
    }),
    infrastructure: createInfrastructureService({ database, infrastructure: createInfrastructureRepository(), customers }),
    missedRuns: createMissedRunsService({
      database,
      missed: createMissedRunsRepository(),
      runs: backupRunsRepository,
      overrides: runOverridesRepository,
      clock,
    }),
    backupJobs,
    runTickets: createRunTicketsService({
      database,
      links: ticketLinks,
      runTickets: createRunTicketsRepository(),
      runs: backupRunsRepository,
      customers,
      integrations,
      connections: psaConnections,
      clock,
    }),
    ...pilotServices,
    runBoard: createRunBoardService({
      database,
      board: createRunBoardRepository(),
      runs: backupRunsRepository,
      jobs: backupJobs,
      ticketUrls: (ctx) => integrations.ticketUrls(ctx),
      clock,
    }),
    runOverrides: createRunOverridesService({ database, overrides: runOverridesRepository, jobs: backupJobs, clock }),
    databaseBackups: createDatabaseBackupsService({
      database,
      keyring,
      clock,
      settings: deps.backups ?? {
        dir: path.join(os.tmpdir(), 'flightdeck-backups'),
        cron: DEFAULT_BACKUP_CRON,
        retention: { daily: 7, weekly: 4, monthly: 12 },
      },
    }),
    quickJump: createQuickJumpService({ database, jump: createQuickJumpRepository(5) }),
    sourceRouting: createSourceRoutingService({
      database,
      refs: createSourceRoutingRepository(),
      jobs: backupJobsRepository,
      customers,
      clock,
    }),
  };
};

export type Services = ReturnType<typeof createServices>;
