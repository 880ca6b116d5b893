// PSA providers wired straight to the sandboxes, for medium tests of the PSA layer itself.
import type { Sandboxes } from '@flightdeck/sandbox/start-sandboxes';
import { AUTOTASK_SANDBOX_CREDENTIALS, CONNECTWISE_SANDBOX_CREDENTIALS } from '@flightdeck/sandbox/start-sandboxes';
import { createAutotaskLimiterPool, createPsaProvider, type PsaProviderConfig } from '#src/psa/create-psa-provider';
import type { PsaKind } from '#src/psa/psa-provider';
import type { Services } from '#src/services';
import { FAST_RETRIES } from './fast-retries';
import type { TestApp } from './test-app';

export const sandboxConfig = (sandboxes: Sandboxes, kind: PsaKind): PsaProviderConfig =>
  kind === 'autotask'
    ? {
        kind,
        connection: { apiUrl: sandboxes.autotask.apiUrl, username: AUTOTASK_SANDBOX_CREDENTIALS.username, zone: null },
        secrets: { secret: AUTOTASK_SANDBOX_CREDENTIALS.secret, integrationCode: AUTOTASK_SANDBOX_CREDENTIALS.integrationCode },
      }
    : {
        kind,
        connection: {
          siteUrl: sandboxes.connectwise.siteUrl,
          codebase: 'v4_6_release',
          companyId: CONNECTWISE_SANDBOX_CREDENTIALS.companyId,
          publicKey: CONNECTWISE_SANDBOX_CREDENTIALS.publicKey,
          clientId: CONNECTWISE_SANDBOX_CREDENTIALS.clientId,
        },
        secrets: { privateKey: CONNECTWISE_SANDBOX_CREDENTIALS.privateKey },
      };

export const providerForSandbox = (services: Services, sandboxes: Sandboxes, kind: PsaKind, options: { noteTypeId?: string } = {}) =>
  createPsaProvider({ ...sandboxConfig(sandboxes, kind), ...options } as PsaProviderConfig, {
    caller: services.externalCalls,
    clock: services.clock,
    autotaskLimiter: createAutotaskLimiterPool(services.clock),
    retryPolicy: FAST_RETRIES,
    timeoutMs: 5_000,
  });

/** Saves an enabled sandbox configuration through the API, as an admin would. */
export const configureSandboxIntegration = async (
  t: TestApp,
  headers: Record<string, string>,
  sandboxes: Sandboxes,
  kind: PsaKind,
  overrides: Record<string, unknown> = {},
) => {
  const config = sandboxConfig(sandboxes, kind);
  const common = {
    kind,
    enabled: true,
    environment: 'sandbox',
    flightdeckBaseUrl: 'https://flightdeck.example.com',
    ticketDefaults: {},
    allowResolving: true,
    allowManualTicketNumbers: false,
    apiLogLevel: 'all',
  };
  const payload =
    config.kind === 'autotask'
      ? { ...common, apiUrl: config.connection.apiUrl, username: config.connection.username, ...config.secrets }
      : { ...common, ...config.connection, ...config.secrets };
  const response = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/integrations/${kind}`,
    headers,
    payload: { ...payload, ...overrides },
  });
  if (response.statusCode !== 200) {
    throw new Error(`configuring ${kind} failed: ${response.statusCode} ${response.body}`);
  }
  return response.json();
};

/** Both sandboxes back to their fixture; faults and request logs cleared. */
export const resetSandboxes = (sandboxes: Sandboxes) =>
  Promise.all([sandboxes.autotask, sandboxes.connectwise].map((s) => fetch(`${s.origin}/_sandbox/reset`, { method: 'POST' })));
