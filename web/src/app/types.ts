// Shapes of the API responses the web app reads (mirrors server/src/features/*/*.schemas.ts).
export type UserRole = 'admin' | 'operator' | 'reporter';
export type User = {
  id: string;
  email: string;
  displayName: string;
  role: UserRole;
  active: boolean;
  lastLoginAt: string | null;
  /** Where this user reads dates; null: the account's timezone. */
  timezone: string | null;
  createdAt: string;
};
export type Session = { user: User; account: { id: string; name: string; slug: string; timezone: string }; csrfToken: string };

export type PsaKind = 'autotask' | 'connectwise';
export type ApiLogLevel = 'off' | 'errors' | 'all';
export type ReferenceItem = { id: string; name: string; active: boolean; isDefault: boolean };
export type ReferenceData = {
  queues: ReferenceItem[];
  sources: ReferenceItem[];
  statuses: (ReferenceItem & { isClosed: boolean })[];
  priorities: ReferenceItem[];
  /** Autotask: ticket note types from the live picklist. */
  noteTypes?: ReferenceItem[];
  /** ConnectWise: the statuses of the escalation board, when it is another board. */
  escalationStatuses?: (ReferenceItem & { isClosed: boolean })[];
};
export type TicketDefaults = {
  queueId: string | null;
  sourceId: string | null;
  statusId: string | null;
  priorityWarningId: string | null;
  priorityErrorId: string | null;
  completedStatusId: string | null;
  /** P6: where FlowPilot's Resolve and Escalate move the ticket; empty: no status change. */
  pilotResolvedStatusId: string | null;
  pilotEscalatedStatusId: string | null;
  /** Where Escalate routes the ticket: an Autotask queue or a ConnectWise board; none: it stays. */
  pilotEscalationQueueId: string | null;
  /** Autotask: the note type of Flightdeck's notes; none → Task Notes. */
  noteTypeId: string | null;
};
export type Integration = {
  kind: PsaKind;
  label: string;
  configured: boolean;
  enabled: boolean;
  environment: 'sandbox' | 'production';
  connection: Record<string, string | null | undefined>;
  secretsSet: Record<string, boolean>;
  flightdeckBaseUrl: string | null;
  ticketDefaults: TicketDefaults;
  allowResolving: boolean;
  allowManualTicketNumbers: boolean;
  resolveNoteTexts: { noTimeEntries: string; timeEntriesPresent: string };
  apiLogLevel: ApiLogLevel;
  referenceData: ReferenceData | null;
  referenceDataRefreshedAt: string | null;
  lastTest: { at: string; ok: boolean; message: string } | null;
  updatedAt: string | null;
};
export type ValidationResult = { valid: boolean; checks: { id: string; label: string; ok: boolean; message: string }[] };
export type MappingStatus = 'ok' | 'renamed' | 'missing' | 'invalid';
export type Customer = {
  id: string;
  name: string;
  notes: string;
  active: boolean;
  psaMapping: {
    kind: PsaKind;
    companyId: string;
    companyName: string | null;
    status: MappingStatus;
    lastSyncAt: string | null;
    message: string | null;
    mappedAt: string | null;
  } | null;
  ticketCreation: { allowed: boolean; reason: string | null };
};
export type PsaCompany = { id: string; name: string; active: boolean };
export type SyncSummary = {
  checked: number;
  ok: number;
  renamed: number;
  missing: number;
  invalid: number;
  skipped: number;
  errors: { kind: PsaKind; message: string }[];
};
export type ExternalCall = {
  id: string;
  at: string;
  integration: string;
  action: string;
  method: string;
  url: string;
  httpStatus: number | null;
  durationMs: number;
  outcome: string;
  errorMessage: string | null;
  externalId: string | null;
  actorKind: string;
  correlationId: string;
  requestBody: unknown;
  responseBody: unknown;
};
export type RunStatus = 'success' | 'warning' | 'error' | 'missed';
export type InboxEntry = {
  jobId: string;
  name: string;
  software: string;
  type: string;
  reporter: string;
  host: string;
  customerRef: string | null;
  waitingRuns: number;
  firstRunAt: string | null;
  lastRunAt: string | null;
  lastStatus: RunStatus | null;
  lastRunId: string | null;
  createdAt: string;
};
export type BackupJob = {
  id: string;
  customerId: string | null;
  customerName: string | null;
  state: 'pending' | 'active' | 'rejected';
  name: string;
  software: string;
  type: string;
  reporter: string;
  host: string;
  customerRef: string | null;
  timezone: string;
  graceMinutes: number;
  schedule: JobSchedule | null;
  scheduleSource: 'learned' | 'manual' | null;
  scheduleState: 'learning' | 'watching' | 'relearning' | 'irregular' | 'on_demand' | 'paused';
  scheduleText: string;
  scheduleConfidence: number | null;
  scheduleChange: { at: string; from: string } | null;
  nextExpectedAt: string | null;
  checksPaused: boolean;
  active: boolean;
  lastRunAt: string | null;
  lastStatus: RunStatus | null;
  lastRunId: string | null;
  lastRunLateMinutes: number | null;
  approvedAt: string | null;
};
export type RunDetails = {
  job: BackupJob;
  run: {
    id: string;
    status: RunStatus;
    startedAt: string | null;
    endedAt: string | null;
    runAt: string;
    remark: string;
    source: string;
    sourceKey: string;
    evidenceId: string | null;
    reviewedAt: string | null;
    reviewedBy: string | null;
    reviewedByName: string | null;
    reviewNote: string;
    durationSeconds: number | null;
    sizeBytes: number | null;
    transferredBytes: number | null;
  };
  objects: {
    position: number;
    name: string;
    type: string;
    status: 'success' | 'warning' | 'error';
    messages: string[];
    infrastructureItemId: string | null;
  }[];
  recentRuns: { id: string; status: RunStatus; runAt: string }[];
};
export type CustomerRefMapping = {
  id: string;
  source: string;
  customerRef: string;
  customerId: string;
  customerName: string;
  createdAt: string;
};
export type UnmappedCustomerRef = {
  source: string;
  customerRef: string;
  waitingJobs: number;
  waitingRuns: number;
  lastRunAt: string | null;
};
export type ReportMailSummary = {
  id: string;
  source: 'upload' | 'imap' | 'graph';
  sender: string;
  subject: string;
  sentAt: string | null;
  sizeBytes: number;
  status: 'parsed' | 'unparsed' | 'failed';
  parserId: string | null;
  reason: string | null;
  runCount: number;
  receivedAt: string;
};
/** Issue 11: what the parsers read from a mail an admin tried (nothing stored). */
export type TriedMail = {
  parser: { id: string; label: string } | null;
  runs: {
    job: { name: string; software: string; type: string };
    status: 'success' | 'warning' | 'error';
    startedAt?: string;
    endedAt?: string;
    remark: string;
    objects: { name: string; type: string; status: 'success' | 'warning' | 'error'; messages: string[] }[];
  }[];
  error: string | null;
};
export type MailIntakeResult = ReportMailSummary & {
  alreadyReceived: boolean;
  runs: { runId: string; jobId: string; routedTo: 'job' | 'inbox' }[];
};
export type JobSchedule =
  | { kind: 'daily'; times: string[] }
  | { kind: 'weekly'; days: number[]; times: string[] }
  | { kind: 'interval'; everyHours: number; anchor: string }
  | { kind: 'monthly'; dates: number[]; lastDay: boolean; times: string[] }
  | { kind: 'on_demand' };

export type TicketLink = {
  id: string;
  psaKind: PsaKind | 'syncro' | null;
  ticketId: string | null;
  ticketNumber: string;
  ticketUrl: string | null;
  origin: 'created' | 'adopted' | 'linked' | 'manual';
  state: 'active' | 'deleted_external' | 'replaced' | 'unlinked';
  lastStatusName: string | null;
  lastStatusClosed: boolean | null;
  statusReadAt: string | null;
  resolution: 'completed' | 'left_open_time_entries' | null;
};
export type TicketLinkDetail = TicketLink & { resolvedAt: string | null; createdAt: string; createdByName: string | null };
export type TicketActions = {
  canCreate: boolean;
  createBlockedReason: string | null;
  canLinkExisting: boolean;
  canUnlink: boolean;
  canEnterManualNumber: boolean;
  /** Issue 19: another run of the job has this open ticket; this run can join it. */
  openTicketOfJob: { ticketNumber: string; psaKind: PsaKind } | null;
  canAddToOpenTicket: boolean;
  canResolve: boolean;
  resolveBlockedReason: string | null;
  /** What Resolve writes to the PSA, for the confirmation. */
  resolvePreview: {
    /** B14.5: the later successful run that verifies the fix; null: the engineer must confirm. */
    verifiedBy: { runId: string; runAt: string } | null;
    note: string;
    noteIfTimeEntries: string;
    targetStatusId: string;
    targetStatusName: string | null;
  } | null;
};
export type RunTicket = {
  runId: string;
  active: TicketLinkDetail | null;
  history: TicketLinkDetail[];
  /** A create under way, or one whose outcome the PSA has not settled yet (ADR 6). */
  pendingCreate: { state: 'pending' | 'uncertain'; since: string } | null;
  actions: TicketActions;
};

export type ApiKeyScope = 'ingest' | 'read';
export type ApiKey = {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

export type ProblemStatus = 'warning' | 'error' | 'missed';
export type BoardRun = {
  runId: string;
  jobId: string;
  jobName: string;
  backupSoftware: string;
  checksPaused: boolean;
  customerId: string;
  customerName: string;
  status: ProblemStatus;
  runAt: string;
  remark: string;
  summary: string;
  problemObjects: number;
  reviewedAt: string | null;
  reviewedByName: string | null;
  reviewNote: string;
  overrideId: string | null;
  ticket: TicketLink | null;
};
export type BoardPage = { runs: BoardRun[]; waitingByJob: Record<string, number>; nextCursor: string | null };
export type BoardGroup = {
  jobId: string;
  jobName: string;
  backupSoftware: string;
  checksPaused: boolean;
  customerId: string;
  customerName: string;
  /** Runs of the job the filter keeps (more than shown when the group is long). */
  matching: number;
  waiting: number;
  newestRunAt: string;
  runs: BoardRun[];
};
export type BoardGroupsPage = { groups: BoardGroup[]; nextCursor: string | null };

export type RunOverride = {
  id: string;
  level: 'object' | 'job' | 'global';
  jobId: string | null;
  jobName: string | null;
  customerName: string | null;
  objectName: string | null;
  statuses: ProblemStatus[];
  matchText: string | null;
  matchMode: 'contains' | 'exact' | 'starts_with' | 'ends_with';
  validFrom: string | null;
  validUntil: string | null;
  reason: string;
  createdAt: string;
  createdByName: string | null;
};

export type PilotQuestion = {
  id: string;
  text: string;
  status: 'open' | 'answered' | 'skipped';
  answer: string | null;
  answeredAt: string | null;
};
export type PilotCheck = {
  id: string;
  title: string;
  command: string | null;
  status: 'pending' | 'done';
  result: string | null;
  ranAt: string | null;
};
export type PilotSession = {
  id: string;
  title: string;
  customerId: string | null;
  customerName: string | null;
  contact: string;
  priority: 'low' | 'normal' | 'high' | 'critical';
  state: 'active' | 'paused' | 'resolved' | 'escalated';
  stateVersion: number;
  ticket: {
    psaKind: PsaKind | 'syncro' | null;
    ticketId: string | null;
    ticketNumber: string;
    ticketUrl: string | null;
    label: string;
    lastStatusName: string | null;
  } | null;
  taskLane: { questions: PilotQuestion[]; checks: PilotCheck[]; actions: { id: string; text: string; done: boolean }[] };
  activeFix: PilotFix | null;
  resolutionNotePostedAt: string | null;
  escalationPackagePostedAt: string | null;
  createdAt: string;
  lastActivityAt: string;
};
export type PilotSessionSummary = Pick<PilotSession, 'id' | 'title' | 'customerName' | 'state' | 'ticket' | 'priority' | 'lastActivityAt'>;
export type PilotMessage = {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  model: string | null;
  authorName?: string | null;
  attachmentIds?: string[];
  /** The MCP tool calls the pilot made for this reply (input and output cut for display). */
  toolCalls?: PilotToolCall[];
  createdAt: string;
};
export type PilotToolCall = { name: string; input: string; output: string; isError: boolean; durationMs: number };
export type McpServer = {
  id: string;
  name: string;
  url: string;
  transport: 'streamable_http' | 'sse';
  hasToken: boolean;
  allowedTools: string[] | null;
  services: 'conversation'[];
  enabled: boolean;
  lastTestAt: string | null;
  lastTestOk: boolean | null;
  lastTestMessage: string | null;
};
export type McpTestResult = { ok: boolean; message: string; tools: { name: string; description: string; allowed: boolean }[] };
export type PilotFact = {
  id: string;
  text: string;
  sourceType: 'question' | 'diagnostic_check' | 'user_note' | 'ai_synthesis';
  sourceRef: string | null;
  sourceSummary: string | null;
  editable: boolean;
  createdByName: string;
  createdAt: string;
  updatedAt: string;
};
export type PilotFix = {
  id: string;
  title: string;
  description: string;
  confidencePct: number;
  templateSlug: string | null;
  draftedScript: string | null;
  draftedParameters: Record<string, unknown> | null;
  userDecision: string | null;
  appliedAt: string | null;
  createdAt: string;
};
export type PilotDocumentKind = 'resolution_note' | 'escalation_package' | 'progress_update';
export type PilotPreview = { markdown: string; target_ticket_ref: string | null; state_version: number; cached: boolean };
export type PilotPostResult = {
  outcome: 'resolved' | 'escalated' | 'resolved_local' | 'escalated_local' | 'update_shared';
  note_external_id: string | null;
  status: { expected: string; actual: string; name: string | null; verified: true } | null;
  routed_to: { queueId: string; name: string | null; verified: true } | null;
  status_transition_skipped_reason: string | null;
};

// Script library (issue 16, P7): server/src/features/script-library/script-library.schemas.ts
export type ScriptLanguage = 'powershell' | 'bash' | 'cmd';
export type ScriptParameterType = 'text' | 'password' | 'select' | 'boolean' | 'multi_text' | 'number' | 'textarea';
export type ScriptParameterValue = string | number | boolean | string[];
export type ScriptParameter = {
  key: string;
  label: string;
  type: ScriptParameterType;
  required: boolean;
  default?: ScriptParameterValue | null;
  help?: string;
  options?: string[];
  pattern?: string;
  maxLength?: number;
  min?: number;
  max?: number;
  fills?: string;
  inferred_from?: string;
};
export type ScriptTemplate = {
  id: string;
  slug: string | null;
  name: string;
  description: string;
  categoryId: string | null;
  categoryName: string | null;
  language: ScriptLanguage;
  body: string;
  parameters: ScriptParameter[];
  provenance: { sessionId: string | null; ticketRef: string | null; userName: string | null; usageCount: number; text: string };
  createdAt: string;
  updatedAt: string;
};
export type ScriptCategory = { id: string; name: string };
export type ScriptTemplateList = { templates: ScriptTemplate[]; categories: ScriptCategory[]; pendingDrafts: number };
export type ScriptProposal = {
  body: string;
  parameters: ScriptParameter[];
  values: Record<string, ScriptParameterValue>;
  source: 'model' | 'offline';
};
export type ScriptPrefill = { key: string; value: ScriptParameterValue; source: 'fix' | 'fact' | 'ticket' | 'insight'; hint: string };
export type ScriptGenerator = {
  fix: { id: string; title: string; userDecision: string | null } | null;
  template: ScriptTemplate | null;
  prefill: ScriptPrefill[];
  draftedScript: string | null;
  draftedLanguage: ScriptLanguage | null;
  proposal: ScriptProposal | null;
};
export type ScriptGeneration = {
  id: string;
  title: string;
  language: ScriptLanguage;
  body: string;
  parametersText: string;
  createdAt: string;
};
export type FixDecision = 'one_off' | 'draft_template' | 'build_template' | 'dismissed';
export type FixDecisionResult = {
  decision: FixDecision;
  generation: ScriptGeneration | null;
  draftId: string | null;
  proposal: ScriptProposal | null;
};
export type DraftTemplate = {
  id: string;
  sessionId: string;
  ticketRef: string | null;
  userName: string | null;
  language: ScriptLanguage;
  scriptBody: string;
  parameters: ScriptParameter[];
  values: Record<string, ScriptParameterValue>;
  proposedName: string | null;
  proposedCategoryId: string | null;
  status: 'pending' | 'accepted' | 'rejected';
  provenanceText: string;
  promotedTemplateId: string | null;
  createdAt: string;
};

// Environment insights (I4): server/src/features/insights/insights.schemas.ts
export type InsightCategory = 'command_constraints' | 'service_configuration' | 'version_limitations' | 'network' | 'security' | 'other';
export type InsightConfidence = 'confirmed' | 'likely' | 'suspected';
export type Insight = {
  id: string;
  customerId: string;
  category: InsightCategory;
  confidence: InsightConfidence;
  priority: number;
  text: string;
  infrastructureItemId: string | null;
  sourceSessionId: string | null;
  sourceFactId: string | null;
  createdByName: string | null;
  retiredAt: string | null;
  createdAt: string;
  updatedAt: string;
};
