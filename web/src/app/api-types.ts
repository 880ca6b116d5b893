// Names for the shapes the web app reads, every one taken from the generated API contract
// (api.generated.ts, from the server's route schemas; `npm run api:types`). Nothing here is
// written by hand but the name and where to find it: a schema change on the server changes these.
import type { paths } from './api.generated';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
/** The JSON a route answers with on success (200 or 201). */
export type ApiResponse<P extends keyof paths, M extends Method> = paths[P][M] extends { responses: infer R }
  ? Json<R[Extract<keyof R, 200 | 201>]>
  : never;
/** The JSON body a route takes. */
export type ApiRequest<P extends keyof paths, M extends Method> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;
type Item<T> = T extends readonly (infer I)[] ? I : never;

export type Session = ApiResponse<'/api/v1/auth/me', 'get'>;
export type User = ApiResponse<'/api/v1/users/{userId}', 'get'>;
export type UserRole = User['role'];

export type Integration = ApiResponse<'/api/v1/integrations/{kind}', 'get'>;
export type PsaKind = Integration['kind'];
export type ApiLogLevel = Integration['apiLogLevel'];
export type TicketDefaults = Integration['ticketDefaults'];
export type ReferenceData = NonNullable<Integration['referenceData']>;
export type ReferenceItem = Item<ReferenceData['queues']>;
export type ValidationResult = ApiResponse<'/api/v1/integrations/{kind}/validate', 'post'>;
export type PsaCompany = Item<ApiResponse<'/api/v1/integrations/{kind}/companies', 'get'>['items']>;

export type Customer = ApiResponse<'/api/v1/customers/{customerId}', 'get'>;
export type MappingStatus = NonNullable<Customer['psaMapping']>['status'];
export type SyncSummary = ApiResponse<'/api/v1/customers/psa-sync', 'post'>;
export type ExternalCall = Item<ApiResponse<'/api/v1/external-calls', 'get'>['calls']>;

export type InboxEntry = Item<ApiResponse<'/api/v1/inbox', 'get'>['entries']>;
export type BackupJob = ApiResponse<'/api/v1/inbox/{jobId}/approve', 'post'>;
export type JobSchedule = NonNullable<BackupJob['schedule']>;
export type RunDetails = ApiResponse<'/api/v1/jobs/{jobId}/runs/{runId}', 'get'>;
export type RunStatus = RunDetails['run']['status'];
export type CustomerRefMapping = Item<ApiResponse<'/api/v1/source-customer-refs', 'get'>['mappings']>;
export type UnmappedCustomerRef = Item<ApiResponse<'/api/v1/source-customer-refs', 'get'>['unmapped']>;
export type MailIntakeResult = ApiResponse<'/api/v1/mails/{mailId}/reparse', 'post'>;
export type ReportMailSummary = Item<ApiResponse<'/api/v1/mails', 'get'>['mails']>;
export type TriedMail = ApiResponse<'/api/v1/mails/try', 'post'>;

export type RunTicket = ApiResponse<'/api/v1/runs/{runId}/ticket', 'get'>;
export type TicketLinkDetail = NonNullable<RunTicket['active']>;
export type TicketActions = RunTicket['actions'];
export type ApiKey = Item<ApiResponse<'/api/v1/api-keys', 'get'>['apiKeys']>;
export type ApiKeyScope = Item<ApiKey['scopes']>;

export type BoardPage = ApiResponse<'/api/v1/run-checks', 'get'>;
export type BoardRun = Item<BoardPage['runs']>;
export type TicketLink = NonNullable<BoardRun['ticket']>;
export type ProblemStatus = BoardRun['status'];
export type BoardGroupsPage = ApiResponse<'/api/v1/run-checks/groups', 'get'>;
export type BoardGroup = Item<BoardGroupsPage['groups']>;
export type RunOverride = Item<ApiResponse<'/api/v1/overrides', 'get'>['overrides']>;

export type PilotSession = ApiResponse<'/api/v1/ai-sessions/{sessionId}', 'get'>;
export type PilotSessionSummary = Item<ApiResponse<'/api/v1/ai-sessions', 'get'>['active']>;
export type PilotQuestion = Item<PilotSession['taskLane']['questions']>;
export type PilotCheck = Item<PilotSession['taskLane']['checks']>;
export type PilotFix = NonNullable<PilotSession['activeFix']>;
export type PilotMessage = Item<ApiResponse<'/api/v1/ai-sessions/{sessionId}/messages', 'get'>['messages']>;
export type PilotToolCall = Item<NonNullable<PilotMessage['toolCalls']>>;
export type PilotFact = Item<ApiResponse<'/api/v1/ai-sessions/{sessionId}/facts', 'get'>['facts']>;
export type PilotPreview = ApiResponse<'/api/v1/ai-sessions/{sessionId}/resolution-note/preview', 'post'>;
type DocumentPosted = ApiResponse<'/api/v1/ai-sessions/{sessionId}/resolution-note/post', 'post'>;
/** A posted note as the web shows it: a shared progress update (its own route) reads like the others. */
export type PilotPostResult = DocumentPosted | (Omit<DocumentPosted, 'outcome'> & { outcome: 'update_shared' });
export type PilotDocumentKind = 'resolution_note' | 'escalation_package' | 'progress_update';
export type McpServer = ApiResponse<'/api/v1/mcp-servers/{serverId}', 'patch'>;
export type McpTestResult = ApiResponse<'/api/v1/mcp-servers/{serverId}/test', 'post'>;

export type ScriptTemplateList = ApiResponse<'/api/v1/script-templates', 'get'>;
export type ScriptTemplate = ApiResponse<'/api/v1/script-templates/{templateId}', 'get'>;
export type ScriptCategory = Item<ScriptTemplateList['categories']>;
export type ScriptLanguage = ScriptTemplate['language'];
export type ScriptParameter = Item<ScriptTemplate['parameters']>;
export type ScriptParameterType = ScriptParameter['type'];
export type ScriptParameterValue = NonNullable<ScriptParameter['default']>;
export type ScriptProposal = ApiResponse<'/api/v1/script-templates/extract', 'post'>;
export type ScriptGenerator = ApiResponse<'/api/v1/ai-sessions/{sessionId}/script-generator', 'get'>;
export type ScriptPrefill = Item<ScriptGenerator['prefill']>;
export type ScriptGeneration = ApiResponse<'/api/v1/ai-sessions/{sessionId}/script-generations', 'post'>;
export type FixDecisionResult = ApiResponse<'/api/v1/ai-sessions/{sessionId}/suggested-fixes/{fixId}/decision', 'post'>;
export type FixDecision = FixDecisionResult['decision'];
export type DraftTemplate = ApiResponse<'/api/v1/draft-templates/{draftId}', 'get'>;

export type Insight = ApiResponse<'/api/v1/customers/{customerId}/insights', 'post'>;
export type InsightCategory = Insight['category'];
export type InsightConfidence = Insight['confidence'];

export type SmtpSettings = ApiResponse<'/api/v1/notifications/smtp', 'get'>;
export type SmtpDraft = ApiRequest<'/api/v1/notifications/smtp', 'put'>;
export type SmtpTest = ApiResponse<'/api/v1/notifications/smtp/test', 'post'>;
export type NotificationChannel = Item<ApiResponse<'/api/v1/notifications/channels', 'get'>['channels']>;
export type ChannelKind = NotificationChannel['kind'];
export type ChannelDraft = ApiRequest<'/api/v1/notifications/channels', 'post'>;
export type SavedChannel = ApiResponse<'/api/v1/notifications/channels', 'post'>;
export type ChannelTest = ApiResponse<'/api/v1/notifications/channels/{id}/test', 'post'>;
export type AlertRule = Item<ApiResponse<'/api/v1/notifications/rules', 'get'>['rules']>;
export type AlertCondition = AlertRule['condition'];
export type AlertRuleDraft = ApiRequest<'/api/v1/notifications/rules', 'post'>;
export type AlertEvaluation = ApiResponse<'/api/v1/notifications/rules/evaluate', 'post'>;
export type NotificationDelivery = Item<ApiResponse<'/api/v1/notifications/deliveries', 'get'>['deliveries']>;
export type DigestSubscription = ApiResponse<'/api/v1/me/digest', 'get'>;
export type DigestDraft = ApiRequest<'/api/v1/me/digest', 'put'>;
export type ReportRecipient = ApiResponse<'/api/v1/customers/{customerId}/report-recipient', 'get'>;
export type ReportBranding = ApiResponse<'/api/v1/reports/branding', 'get'>;
