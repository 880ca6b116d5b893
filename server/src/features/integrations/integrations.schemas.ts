// B8: the shapes of Settings → Extensions & Integrations. Secrets go in and never come out: the
// view only says which secret fields are set.
import { z } from 'zod';
import { API_LOG_LEVELS } from '#src/features/external-calls/external-caller';
import { PSA_KINDS } from '#src/psa/psa-provider';

/**
 * B5.2 / B5.3 / B14.5: fixed, not configurable; shown read-only in the settings. "After
 * verification" is written only when a later successful run of the job verified it.
 */
export const RESOLVE_NOTE_TEXTS = {
  noTimeEntries: 'Ticket resolved via Flightdeck after verification that the backup issue is no longer present.',
  noTimeEntriesUnverified:
    'Ticket resolved via Flightdeck without a successful run of the job since the failure; the engineer confirmed the backup issue is resolved.',
  timeEntriesPresent: 'Ticket marked as resolved in Flightdeck, but not closed automatically because time entries are present.',
} as const;

export const PsaKind = z.enum(PSA_KINDS);
export const IntegrationParams = z.strictObject({ kind: PsaKind });

const PsaId = z.string().regex(/^-?\d{1,15}$/, 'Pick a value from the list');
export const HttpUrl = z
  .string()
  .trim()
  .max(500)
  .refine((value) => {
    try {
      const url = new URL(value);
      // No credentials, query or fragment: each could carry a secret or cut off the API path we append.
      return (
        (url.protocol === 'http:' || url.protocol === 'https:') &&
        Boolean(url.hostname) &&
        !url.username &&
        !url.password &&
        !value.includes('#') &&
        !value.includes('?')
      );
    } catch {
      return false;
    }
  }, 'Enter an absolute http(s) URL without credentials, query or fragment, e.g. https://flightdeck.example.com');

export const TicketDefaults = z.strictObject({
  /** Autotask queue; ConnectWise service board. */
  queueId: PsaId.nullable().default(null),
  sourceId: PsaId.nullable().default(null),
  statusId: PsaId.nullable().default(null),
  priorityWarningId: PsaId.nullable().default(null),
  priorityErrorId: PsaId.nullable().default(null),
  /** The status Resolve sets (B5.2). */
  completedStatusId: PsaId.nullable().default(null),
  /** P6: the statuses FlowPilot's Resolve and Escalate move a ticket to; none → no transition. */
  pilotResolvedStatusId: PsaId.nullable().default(null),
  pilotEscalatedStatusId: PsaId.nullable().default(null),
  /**
   * Issue 17: where Escalate routes the ticket — an Autotask queue or a ConnectWise board (the
   * escalated status is then one of that board's). None: the ticket stays where it is.
   */
  pilotEscalationQueueId: PsaId.nullable().default(null),
  /** Issue 15, Autotask: the note type Flightdeck's notes use; none → Task Notes, else an active type. */
  noteTypeId: PsaId.nullable().default(null),
});
export type TicketDefaults = z.infer<typeof TicketDefaults>;

const common = {
  enabled: z.boolean(),
  environment: z.enum(['sandbox', 'production']),
  flightdeckBaseUrl: HttpUrl.nullable(),
  ticketDefaults: TicketDefaults,
  allowResolving: z.boolean(),
  allowManualTicketNumbers: z.boolean(),
  apiLogLevel: z.enum(API_LOG_LEVELS),
};
const secretInput = z.string().min(1).max(500).optional();

export const AutotaskSettingsBody = z.strictObject({
  kind: z.literal('autotask'),
  ...common,
  apiUrl: HttpUrl.refine((v) => /\/ATServicesRest\/?$/i.test(v), 'The Autotask API URL ends in /ATServicesRest/'),
  username: z.string().trim().min(1, 'Enter the API user name').max(200),
  /** Write-only: omit to keep the stored value. */
  secret: secretInput,
  integrationCode: secretInput,
});
export const ConnectWiseSettingsBody = z.strictObject({
  kind: z.literal('connectwise'),
  ...common,
  siteUrl: HttpUrl,
  codebase: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.]{1,40}$/, 'A code base looks like v4_6_release or v2025_1'),
  companyId: z.string().trim().min(1, 'Enter the company id').max(100),
  publicKey: z.string().trim().min(1, 'Enter the public key').max(200),
  clientId: z.string().trim().min(1, 'Enter the client id').max(200),
  /** Write-only: omit to keep the stored value. */
  privateKey: secretInput,
});
export type AutotaskSettingsBody = z.infer<typeof AutotaskSettingsBody>;
export type ConnectWiseSettingsBody = z.infer<typeof ConnectWiseSettingsBody>;
export const SaveIntegrationBody = z.discriminatedUnion('kind', [AutotaskSettingsBody, ConnectWiseSettingsBody]);
export type SaveIntegrationBody = z.infer<typeof SaveIntegrationBody>;

const ReferenceItem = z.object({ id: z.string(), name: z.string(), active: z.boolean(), isDefault: z.boolean() });
export const ReferenceData = z.object({
  queues: z.array(ReferenceItem),
  sources: z.array(ReferenceItem),
  statuses: z.array(ReferenceItem.extend({ isClosed: z.boolean() })),
  priorities: z.array(ReferenceItem),
  /** Autotask: ticket note types from the live picklist. */
  noteTypes: z.array(ReferenceItem).optional(),
  /** ConnectWise: the statuses of the escalation board, when one is chosen. */
  escalationStatuses: z.array(ReferenceItem.extend({ isClosed: z.boolean() })).optional(),
});

export const IntegrationView = z.object({
  kind: PsaKind,
  label: z.string(),
  configured: z.boolean(),
  enabled: z.boolean(),
  environment: z.enum(['sandbox', 'production']),
  connection: z.object({
    apiUrl: z.string().optional(),
    username: z.string().optional(),
    zoneName: z.string().nullable().optional(),
    siteUrl: z.string().optional(),
    codebase: z.string().optional(),
    companyId: z.string().optional(),
    publicKey: z.string().optional(),
    clientId: z.string().optional(),
  }),
  /** Which write-only secrets are stored; never their values. */
  secretsSet: z.record(z.string(), z.boolean()),
  flightdeckBaseUrl: z.string().nullable(),
  ticketDefaults: TicketDefaults,
  allowResolving: z.boolean(),
  allowManualTicketNumbers: z.boolean(),
  resolveNoteTexts: z.object({ noTimeEntries: z.string(), timeEntriesPresent: z.string() }),
  apiLogLevel: z.enum(API_LOG_LEVELS),
  referenceData: ReferenceData.nullable(),
  referenceDataRefreshedAt: z.iso.datetime().nullable(),
  lastTest: z.object({ at: z.iso.datetime(), ok: z.boolean(), message: z.string() }).nullable(),
  updatedAt: z.iso.datetime().nullable(),
});
export type IntegrationView = z.infer<typeof IntegrationView>;
export const IntegrationList = z.object({ integrations: z.array(IntegrationView) });

export const ConnectionTestView = z.object({ ok: z.boolean(), message: z.string(), testedAt: z.iso.datetime() });
export const ValidationView = z.object({
  valid: z.boolean(),
  checks: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      ok: z.boolean(),
      message: z.string(),
      /** A reminder, not a result: the PSA cannot show this right without a write (it does not fail the validation). */
      unverified: z.boolean().optional(),
    }),
  ),
});
export const RefreshReferenceBody = z.strictObject({
  boardId: PsaId.nullable().optional(),
  /** ConnectWise: the escalation board whose statuses to load (null: none). */
  escalationBoardId: PsaId.nullable().optional(),
});

export const CompanySearchQuery = z.strictObject({
  query: z.string().trim().max(100).default(''),
  page: z.coerce.number().int().min(1).max(100).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(10),
});
export const CompanySearchView = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string(), active: z.boolean() })),
  page: z.number(),
  hasMore: z.boolean(),
});

/** What every signed-in user may know: which PSAs are switched on (no settings, no secrets). */
export const IntegrationStatusList = z.object({
  integrations: z.array(z.object({ kind: PsaKind, label: z.string(), enabled: z.boolean() })),
});
