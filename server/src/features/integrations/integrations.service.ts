// B8: Settings → Extensions & Integrations. Saves each PSA's configuration (secrets write-only,
// invalid configurations refused with field errors), tests and validates it, and loads the PSA's
// reference data into stored lists for the dropdowns.

import { AUTOTASK_DISCOVERY_URL } from '#src/clients/autotask/autotask.client';
import type { Database } from '#src/db/connection';
import { withoutTenantIsolation, withTenant } from '#src/db/tenant';
import type { IntegrationCredentialsService } from '#src/features/credentials/integration-credentials.service';
import { type ApiLogLevel, apiLogLevelSetting, DEFAULT_API_LOG_LEVEL } from '#src/features/external-calls/external-caller';
import type { AccountSettingsService } from '#src/features/settings/account-settings.service';
import { AppError, type FieldError } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import { type RequestContext, requireRole, userIdOf } from '#src/lib/context';
import { connectWiseHosts } from '#src/psa/connectwise-hosts';
import { PSA_KINDS, PSA_LABELS, type PsaKind, type PsaReferenceData, type PsaStatus } from '#src/psa/psa-provider';
import { type TicketUrlOf, ticketUrlsFrom } from '#src/psa/ticket-urls';
import type { IntegrationsRepository, PsaIntegrationRow } from './integrations.repository';
import {
  type AutotaskSettingsBody,
  type ConnectWiseSettingsBody,
  type IntegrationView,
  RESOLVE_NOTE_TEXTS,
  type SaveIntegrationBody,
  TicketDefaults,
} from './integrations.schemas';
import type { PsaConnections } from './psa-connections';
import { checkTicketDefaults, suggestTicketDefaults } from './ticket-defaults';

type StoredReferenceData = PsaReferenceData & { boardId?: string | null; escalationStatuses?: PsaStatus[] };

const SECRET_FIELDS: Record<PsaKind, readonly string[]> = { autotask: ['secret', 'integrationCode'], connectwise: ['privateKey'] };

const connectionOf = (kind: PsaKind, body: SaveIntegrationBody, previous: Record<string, unknown>) => {
  if (kind === 'autotask') {
    const b = body as AutotaskSettingsBody;
    const apiUrl = b.apiUrl.endsWith('/') ? b.apiUrl : `${b.apiUrl}/`;
    // A new API URL or user means another zone: forget the discovered one.
    const sameTarget = previous.apiUrl === apiUrl && previous.username === b.username;
    return { apiUrl, username: b.username, zone: sameTarget ? (previous.zone ?? null) : null };
  }
  const b = body as ConnectWiseSettingsBody;
  return {
    // Issue 15: kept as the site (UI) host, also when the admin typed the api- host.
    siteUrl: connectWiseHosts(b.siteUrl).siteOrigin,
    codebase: b.codebase,
    companyId: b.companyId,
    publicKey: b.publicKey,
    clientId: b.clientId,
  };
};

/** Where the secrets go. Changing any of these without re-entering the secrets drops them (N4). */
const TARGET_FIELDS: Record<PsaKind, readonly string[]> = {
  autotask: ['apiUrl', 'username'],
  connectwise: ['siteUrl', 'companyId', 'publicKey', 'clientId'],
};

const targetChanged = (kind: PsaKind, previous: Record<string, unknown> | undefined, next: Record<string, unknown>) =>
  Boolean(previous) && TARGET_FIELDS[kind].some((field) => previous?.[field] !== next[field]);

const secretsOf = (kind: PsaKind, body: SaveIntegrationBody): Record<string, string> => {
  const source = body as Record<string, unknown>;
  return Object.fromEntries(
    SECRET_FIELDS[kind].flatMap((field) => (typeof source[field] === 'string' ? [[field, source[field] as string]] : [])),
  );
};

export const createIntegrationsService = (deps: {
  database: Database;
  integrations: IntegrationsRepository;
  credentials: IntegrationCredentialsService;
  settings: AccountSettingsService;
  connections: PsaConnections;
  clock: Clock;
}) => {
  const findRow = (ctx: RequestContext, kind: PsaKind) =>
    withTenant(deps.database, ctx, (tx) => deps.integrations.findIntegration(tx, kind));

  const toView = async (ctx: RequestContext, kind: PsaKind, row: PsaIntegrationRow | undefined): Promise<IntegrationView> => {
    const [secrets, credentialMeta, apiLogLevel] = await Promise.all([
      deps.credentials.findSecret(ctx, kind),
      deps.credentials.describeCredentials(ctx, kind),
      deps.settings.getSetting(ctx, apiLogLevelSetting(kind), DEFAULT_API_LOG_LEVEL),
    ]);
    const connection = (row?.connection ?? {}) as Record<string, unknown>;
    const zone = connection.zone as { zoneName?: string } | null | undefined;
    return {
      kind,
      label: PSA_LABELS[kind],
      configured: row !== undefined,
      enabled: row?.enabled ?? false,
      environment: (row?.environment as 'sandbox' | 'production' | undefined) ?? 'production',
      connection:
        kind === 'autotask'
          ? {
              apiUrl: (connection.apiUrl as string | undefined) ?? AUTOTASK_DISCOVERY_URL,
              username: (connection.username as string | undefined) ?? '',
              zoneName: zone?.zoneName ?? null,
            }
          : {
              siteUrl: (connection.siteUrl as string | undefined) ?? '',
              codebase: (connection.codebase as string | undefined) ?? 'v4_6_release',
              companyId: (connection.companyId as string | undefined) ?? '',
              publicKey: (connection.publicKey as string | undefined) ?? '',
              clientId: (connection.clientId as string | undefined) ?? '',
            },
      secretsSet: Object.fromEntries(SECRET_FIELDS[kind].map((field) => [field, Boolean(secrets?.[field])])),
      flightdeckBaseUrl: row?.flightdeck_base_url ?? null,
      ticketDefaults: TicketDefaults.parse(row?.ticket_defaults ?? {}),
      allowResolving: row?.allow_resolving ?? true,
      allowManualTicketNumbers: row?.allow_manual_ticket_numbers ?? false,
      resolveNoteTexts: RESOLVE_NOTE_TEXTS,
      apiLogLevel: apiLogLevel as ApiLogLevel,
      referenceData: (row?.reference_data as StoredReferenceData | null) ?? null,
      referenceDataRefreshedAt: row?.reference_data_refreshed_at?.toISOString() ?? null,
      lastTest:
        credentialMeta.configured && credentialMeta.lastTestAt
          ? { at: credentialMeta.lastTestAt, ok: credentialMeta.lastTestOk === true, message: credentialMeta.lastTestMessage ?? '' }
          : null,
      updatedAt: row?.updated_at.toISOString() ?? null,
    };
  };

  const assertValid = (
    kind: PsaKind,
    body: SaveIntegrationBody,
    storedSecrets: Record<string, string> | null,
    row: PsaIntegrationRow | undefined,
  ) => {
    const fieldErrors: FieldError[] = [];
    if (body.enabled) {
      for (const field of SECRET_FIELDS[kind]) {
        if (!(body as Record<string, unknown>)[field] && !storedSecrets?.[field]) {
          fieldErrors.push({ path: field, message: 'Required to enable the integration' });
        }
      }
    }
    const reference = (row?.reference_data as StoredReferenceData | null) ?? null;
    fieldErrors.push(...checkTicketDefaults(kind, body.ticketDefaults, reference).map((e) => ({ ...e, path: `ticketDefaults.${e.path}` })));
    if (fieldErrors.length) {
      throw new AppError('invalid_input', 'The configuration is not valid', { fieldErrors });
    }
  };

  const recordTest = async (ctx: RequestContext, kind: PsaKind, ok: boolean, message: string) => {
    const at = deps.clock.now();
    await deps.credentials.recordTestResult(ctx, kind, { ok, message });
    return { ok, message, testedAt: at.toISOString() };
  };

  return {
    async listIntegrations(ctx: RequestContext): Promise<IntegrationView[]> {
      requireRole(ctx, ['admin']);
      const rows = await withTenant(deps.database, ctx, (tx) => deps.integrations.listIntegrations(tx));
      return Promise.all(
        PSA_KINDS.map((kind) =>
          toView(
            ctx,
            kind,
            rows.find((r) => r.kind === kind),
          ),
        ),
      );
    },

    async listIntegrationStatus(ctx: RequestContext) {
      const kinds = await this.listEnabledKinds(ctx);
      return PSA_KINDS.map((kind) => ({ kind, label: PSA_LABELS[kind], enabled: kinds.includes(kind) }));
    },

    async getIntegration(ctx: RequestContext, kind: PsaKind) {
      requireRole(ctx, ['admin']);
      return toView(ctx, kind, await findRow(ctx, kind));
    },

    async saveIntegration(ctx: RequestContext, kind: PsaKind, body: SaveIntegrationBody): Promise<IntegrationView> {
      requireRole(ctx, ['admin']);
      if (body.kind !== kind) {
        throw new AppError('invalid_input', `The body describes ${body.kind}, the URL ${kind}`, {
          fieldErrors: [{ path: 'kind', message: `Must be ${kind}` }],
        });
      }
      const [row, sealed] = await Promise.all([findRow(ctx, kind), deps.credentials.findSecret(ctx, kind)]);
      const connection = connectionOf(kind, body, (row?.connection ?? {}) as Record<string, unknown>);
      // N4: secrets entered for one host never go to another. A new host, URL, user or tenant
      // needs the secrets again; until then the stored ones are dropped.
      const moved = targetChanged(kind, row?.connection as Record<string, unknown> | undefined, connection);
      const storedSecrets = moved ? null : sealed;
      assertValid(kind, body, storedSecrets, row);
      const newSecrets = secretsOf(kind, body);
      if (Object.keys(newSecrets).length > 0) {
        await deps.credentials.saveCredentials(ctx, kind, 'api_key', { ...(storedSecrets ?? {}), ...newSecrets });
      } else if (moved && sealed) {
        await deps.credentials.deleteCredentials(ctx, kind);
        ctx.log.info({ integration: kind }, 'integration target changed; its secrets were dropped and must be entered again');
      }
      await deps.settings.setSetting(ctx, apiLogLevelSetting(kind), body.apiLogLevel);
      const saved = await withTenant(deps.database, ctx, (tx) =>
        deps.integrations.upsertIntegration(
          tx,
          {
            account_id: ctx.accountId,
            kind,
            enabled: body.enabled,
            environment: body.environment,
            connection,
            flightdeck_base_url: body.flightdeckBaseUrl,
            ticket_defaults: body.ticketDefaults,
            allow_resolving: body.allowResolving,
            allow_manual_ticket_numbers: body.allowManualTicketNumbers,
            updated_by: userIdOf(ctx),
          },
          deps.clock.now(),
        ),
      );
      deps.connections.forget(ctx, kind);
      ctx.log.info({ integration: kind, enabled: body.enabled }, 'integration settings saved');
      return toView(ctx, kind, saved);
    },

    /** B8.4: proves the stored credentials work; the outcome is stored and returned, not thrown. */
    async testConnection(ctx: RequestContext, kind: PsaKind) {
      requireRole(ctx, ['admin']);
      const provider = await deps.connections.providerFor(ctx, kind);
      try {
        const { message, warnings = [] } = await provider.testConnection(ctx);
        return recordTest(ctx, kind, true, [message, ...warnings.map((w) => w.message)].join(' '));
      } catch (error) {
        if (error instanceof AppError) {
          return recordTest(ctx, kind, false, error.message);
        }
        throw error;
      }
    },

    /** B8.2: loads queues, sources, statuses and priorities from the PSA and stores them. */
    async refreshReferenceData(
      ctx: RequestContext,
      kind: PsaKind,
      options: { boardId?: string | null; escalationBoardId?: string | null },
    ) {
      requireRole(ctx, ['admin']);
      const provider = await deps.connections.providerFor(ctx, kind);
      const row = await findRow(ctx, kind);
      const defaults = TicketDefaults.parse(row?.ticket_defaults ?? {});
      const boardId = kind === 'connectwise' ? (options.boardId ?? defaults.queueId) : null;
      const escalationQueueId = options.escalationBoardId !== undefined ? options.escalationBoardId : defaults.pilotEscalationQueueId;
      const reference = await provider.referenceData(ctx, { boardId });
      const storedBoardId = kind === 'connectwise' ? (boardId ?? reference.queues[0]?.id ?? null) : null;
      // ConnectWise statuses belong to a board: a separate escalation board brings its own list.
      const separateEscalationBoard = kind === 'connectwise' && escalationQueueId && escalationQueueId !== storedBoardId;
      const stored: StoredReferenceData = {
        ...reference,
        boardId: storedBoardId,
        ...(separateEscalationBoard && { escalationStatuses: await provider.listStatuses(ctx, { queueId: escalationQueueId }) }),
      };
      // A board change on ConnectWise makes the old status choices of that board meaningless.
      const boardChanged = kind === 'connectwise' && boardId !== defaults.queueId;
      const escalationBoardChanged = kind === 'connectwise' && escalationQueueId !== defaults.pilotEscalationQueueId;
      const escalatedStatusStale = escalationBoardChanged || (boardChanged && !separateEscalationBoard);
      const carried = {
        ...defaults,
        pilotEscalationQueueId: escalationQueueId,
        ...(boardChanged && { queueId: boardId, statusId: null, completedStatusId: null, pilotResolvedStatusId: null }),
        ...(escalatedStatusStale && { pilotEscalatedStatusId: null }),
      };
      const nextDefaults = suggestTicketDefaults(kind, carried, stored);
      const saved = await withTenant(deps.database, ctx, (tx) =>
        deps.integrations.updateReferenceData(tx, kind, stored, nextDefaults, deps.clock.now()),
      );
      return toView(ctx, kind, saved);
    },

    /** B8.4: credentials work, reference data readable, the chosen defaults still exist. */
    async validateConfiguration(ctx: RequestContext, kind: PsaKind) {
      requireRole(ctx, ['admin']);
      const checks: { id: string; label: string; ok: boolean; message: string }[] = [];
      const provider = await deps.connections.providerFor(ctx, kind);
      const row = (await findRow(ctx, kind)) as PsaIntegrationRow;
      const defaults = TicketDefaults.parse(row.ticket_defaults ?? {});
      const attempt = async <T>(id: string, label: string, work: () => Promise<T>, describe: (value: T) => string) => {
        try {
          const value = await work();
          checks.push({ id, label, ok: true, message: describe(value) });
          return value;
        } catch (error) {
          checks.push({ id, label, ok: false, message: error instanceof AppError ? error.message : 'Unexpected error' });
          return null;
        }
      };
      const connected = await attempt(
        'credentials',
        'Credentials work',
        () => provider.testConnection(ctx),
        (r) => r.message,
      );
      await recordTest(ctx, kind, connected !== null, checks[0]?.message ?? '');
      // Issue 15: an older ConnectWise API than the pinned one, a site that does not answer.
      for (const warning of connected?.warnings ?? []) {
        checks.push({ ...warning, ok: false });
      }
      if (connected) {
        // Issue 15: every right Flightdeck needs; one the PSA cannot check without writing is
        // listed as a reminder and does not fail the validation.
        for (const right of await provider.checkRights(ctx)) {
          checks.push({
            id: `right_${right.id}`,
            label: right.label,
            ok: right.ok !== false,
            message: right.message,
            ...(right.ok === null && { unverified: true }),
          });
        }
      }
      const reference = connected
        ? await attempt(
            'reference_data',
            'Reference data readable',
            async () => {
              const data = await provider.referenceData(ctx, { boardId: defaults.queueId });
              const escalationBoard = kind === 'connectwise' ? defaults.pilotEscalationQueueId : null;
              return escalationBoard && escalationBoard !== defaults.queueId
                ? { ...data, escalationStatuses: await provider.listStatuses(ctx, { queueId: escalationBoard }) }
                : data;
            },
            (r) =>
              `${r.queues.length} ${kind === 'connectwise' ? 'boards' : 'queues'}, ${r.sources.length} sources, ${r.statuses.length} statuses, ${r.priorities.length} priorities`,
          )
        : null;
      if (reference) {
        const problems = checkTicketDefaults(kind, defaults, { ...reference, boardId: defaults.queueId }, { requireAll: true });
        checks.push({
          id: 'ticket_defaults',
          label: 'Ticket defaults exist in the PSA',
          ok: problems.length === 0,
          message: problems.length
            ? problems.map((p) => `${p.path}: ${p.message}`).join('; ')
            : 'Queue, source, status, priorities and completed status are valid',
        });
      }
      checks.push({
        id: 'base_url',
        label: 'Flightdeck base URL set',
        ok: Boolean(row.flightdeck_base_url),
        message: row.flightdeck_base_url ?? 'Needed for ticket creation: tickets link to the Job Details page',
      });
      return { valid: checks.every((c) => c.ok), checks };
    },

    /** B1.3: live search of PSA companies by name (admins and operators). */
    async searchCompanies(ctx: RequestContext, kind: PsaKind, search: { query: string; page: number; pageSize: number }) {
      requireRole(ctx, ['admin', 'operator']);
      const provider = await deps.connections.providerFor(ctx, kind);
      const result = await provider.searchCompanies(ctx, search);
      return { ...result, page: search.page };
    },

    /** For other features: the settings that govern tickets, without secrets. Null when not set up. */
    async findTicketSettings(ctx: RequestContext, kind: PsaKind) {
      const row = await findRow(ctx, kind);
      const reference = row?.reference_data as StoredReferenceData | null;
      const statuses = [...(reference?.statuses ?? []), ...(reference?.escalationStatuses ?? [])];
      return row
        ? {
            enabled: row.enabled,
            flightdeckBaseUrl: row.flightdeck_base_url,
            /** Status names from the loaded reference data, for confirmations ("→ Complete"). */
            statusNames: Object.fromEntries(statuses.map((st) => [st.id, st.name])) as Record<string, string>,
            /** Queue (ConnectWise: board) names, for results ("moved to Tier 2 Support"). */
            queueNames: Object.fromEntries((reference?.queues ?? []).map((q) => [q.id, q.name])) as Record<string, string>,
            ticketDefaults: TicketDefaults.parse(row.ticket_defaults ?? {}),
            allowResolving: row.allow_resolving,
            allowManualTicketNumbers: row.allow_manual_ticket_numbers,
          }
        : null;
    },

    /** I3: builds ticket URLs from the current settings, for views (never stored). */
    async ticketUrls(ctx: RequestContext): Promise<TicketUrlOf> {
      const rows = await withTenant(deps.database, ctx, (tx) => deps.integrations.listIntegrations(tx));
      return ticketUrlsFrom(Object.fromEntries(rows.map((r) => [r.kind, (r.connection ?? {}) as Record<string, unknown>])));
    },

    /** Accounts that have any PSA integration enabled (the sync sweep). */
    listAccountsWithEnabledIntegrations: () =>
      withoutTenantIsolation(deps.database, 'the PSA sync sweep lists which accounts have an enabled integration', (tx) =>
        deps.integrations.listAccountIdsWithEnabledIntegrations(tx),
      ).then((rows) => rows.map((r) => r.account_id)),

    /** Enabled integrations of the account (for sync jobs). */
    async listEnabledKinds(ctx: RequestContext): Promise<PsaKind[]> {
      const rows = await withTenant(deps.database, ctx, (tx) => deps.integrations.listIntegrations(tx));
      return rows.filter((r) => r.enabled).map((r) => r.kind as PsaKind);
    },
  };
};

export type IntegrationsService = ReturnType<typeof createIntegrationsService>;
