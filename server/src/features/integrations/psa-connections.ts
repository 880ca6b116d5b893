// Hands out the PsaProvider of an account's integration. A disabled or unconfigured integration
// yields an error before any network call (B6.3: with the integration off, Flightdeck makes no
// PSA call of any kind). Providers are cached per configuration version.
import { createLocalCallSlots, createSharedCallSlots } from '#src/clients/autotask/autotask.call-slots';
import type { RetryPolicy } from '#src/clients/retry-policy';
import type { Database } from '#src/db/connection';
import { withTenant } from '#src/db/tenant';
import type { IntegrationCredentialsService } from '#src/features/credentials/integration-credentials.service';
import type { ExternalCaller } from '#src/features/external-calls/external-caller';
import { AppError } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import type { RequestContext } from '#src/lib/context';
import {
  type AutotaskConnection,
  type ConnectWiseConnection,
  createAutotaskLimiterPool,
  createPsaProvider,
} from '#src/psa/create-psa-provider';
import { PSA_LABELS, type PsaKind, type PsaProvider } from '#src/psa/psa-provider';
import type { IntegrationsRepository, PsaIntegrationRow } from './integrations.repository';

export type PsaConnectionsDeps = {
  database: Database;
  integrations: IntegrationsRepository;
  credentials: IntegrationCredentialsService;
  caller: ExternalCaller;
  clock: Clock;
  retryPolicy?: RetryPolicy;
  timeoutMs?: number;
};

const disabled = (kind: PsaKind) =>
  new AppError(
    'invalid_state',
    `The ${PSA_LABELS[kind]} integration is disabled. An admin can enable it in Settings → Extensions & Integrations.`,
    {
      reason: 'integration_disabled',
    },
  );

export const createPsaConnections = (deps: PsaConnectionsDeps) => {
  // Several nodes share one PostgreSQL and so one count of Autotask's concurrent requests (issue 14).
  const autotaskLimiter = createAutotaskLimiterPool(
    deps.clock,
    deps.database.engine === 'postgres' ? createSharedCallSlots(deps.database) : createLocalCallSlots(),
  );
  const cache = new Map<string, { version: string; provider: PsaProvider }>();

  const build = async (ctx: RequestContext, row: PsaIntegrationRow): Promise<PsaProvider> => {
    const kind = row.kind as PsaKind;
    const secrets = await deps.credentials.findSecret(ctx, kind);
    const connection = row.connection as Record<string, unknown>;
    if (kind === 'autotask') {
      if (!secrets?.secret || !secrets.integrationCode) {
        throw new AppError('invalid_state', 'The Autotask secret and integration code are not stored yet.', {
          reason: 'integration_incomplete',
        });
      }
      return createPsaProvider(
        {
          kind,
          connection: connection as AutotaskConnection,
          secrets: { secret: secrets.secret, integrationCode: secrets.integrationCode },
          noteTypeId: ((row.ticket_defaults ?? {}) as { noteTypeId?: string | null }).noteTypeId ?? null,
        },
        {
          ...deps,
          autotaskLimiter,
          // Remember the zone so later calls (and other nodes) skip discovery.
          onZoneDiscovered: (zone) =>
            withTenant(deps.database, ctx, (tx) => deps.integrations.updateConnection(tx, kind, { ...connection, zone })).then(
              () => undefined,
            ),
        },
      );
    }
    if (!secrets?.privateKey) {
      throw new AppError('invalid_state', 'The ConnectWise private key is not stored yet.', { reason: 'integration_incomplete' });
    }
    return createPsaProvider(
      { kind, connection: connection as ConnectWiseConnection, secrets: { privateKey: secrets.privateKey } },
      { ...deps, autotaskLimiter },
    );
  };

  return {
    /** The provider of an enabled integration; throws invalid_state before any PSA call otherwise. */
    async providerFor(ctx: RequestContext, kind: PsaKind): Promise<PsaProvider> {
      const row = await withTenant(deps.database, ctx, (tx) => deps.integrations.findIntegration(tx, kind));
      if (!row?.enabled) {
        throw disabled(kind);
      }
      const key = `${ctx.accountId}:${kind}`;
      const version = row.updated_at.toISOString();
      const cached = cache.get(key);
      if (cached?.version === version) {
        return cached.provider;
      }
      const provider = await build(ctx, row);
      cache.set(key, { version, provider });
      return provider;
    },

    /** Drops a cached provider (after credentials change). */
    forget(ctx: RequestContext, kind: PsaKind) {
      cache.delete(`${ctx.accountId}:${kind}`);
    },
  };
};

export type PsaConnections = ReturnType<typeof createPsaConnections>;
