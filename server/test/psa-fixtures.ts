// PSA providers wired straight to the sandboxes, for medium tests of the PSA layer itself.
import type { Sandboxes } from '@flightdeck/sandbox/start-sandboxes';
import { AUTOTASK_SANDBOX_CREDENTIALS, CONNECTWISE_SANDBOX_CREDENTIALS } from '@flightdeck/sandbox/start-sandboxes';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '#src/clients/retry-policy';
import { createAutotaskLimiterPool, createPsaProvider, type PsaProviderConfig } from '#src/psa/create-psa-provider';
import type { PsaKind } from '#src/psa/psa-provider';
import type { Services } from '#src/services';

/** Real waits, capped, so retry tests stay quick. */
export const FAST_RETRIES: RetryPolicy = {
  ...DEFAULT_RETRY_POLICY,
  baseDelayMs: 5,
  maxDelayMs: 20,
  sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))),
};

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

export const providerForSandbox = (services: Services, sandboxes: Sandboxes, kind: PsaKind) =>
  createPsaProvider(sandboxConfig(sandboxes, kind), {
    caller: services.externalCalls,
    clock: services.clock,
    autotaskLimiter: createAutotaskLimiterPool(services.clock),
    retryPolicy: FAST_RETRIES,
    timeoutMs: 5_000,
  });
