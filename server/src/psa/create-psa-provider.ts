// Builds the PsaProvider for one integration's configuration and decrypted secrets.
import { createAutotaskClient } from '#src/clients/autotask/autotask.client';
import type { CallSlots } from '#src/clients/autotask/autotask.call-slots';
import { type AutotaskRateLimiter, createAutotaskRateLimiter } from '#src/clients/autotask/autotask.rate-limit';
import type { AutotaskZone } from '#src/clients/autotask/autotask.types';
import { createConnectWiseClient } from '#src/clients/connectwise/connectwise.client';
import type { RetryPolicy } from '#src/clients/retry-policy';
import type { ExternalCaller } from '#src/features/external-calls/external-caller';
import type { Clock } from '#src/lib/clock';
import { createAutotaskProvider } from './autotask-provider';
import { createConnectWiseProvider } from './connectwise-provider';
import type { PsaProvider } from './psa-provider';

export type AutotaskConnection = { apiUrl: string; username: string; zone: AutotaskZone | null };
export type ConnectWiseConnection = { siteUrl: string; codebase: string; companyId: string; publicKey: string; clientId: string };

export type PsaProviderConfig =
  | {
      kind: 'autotask';
      connection: AutotaskConnection;
      secrets: { secret: string; integrationCode: string };
      /** From the ticket defaults: the note type Flightdeck's notes use (issue 15). */
      noteTypeId?: string | null;
    }
  | { kind: 'connectwise'; connection: ConnectWiseConnection; secrets: { privateKey: string } };

export type PsaProviderDeps = {
  caller: ExternalCaller;
  clock: Clock;
  /** Autotask limits are per tenant database, so limiters outlive a single provider. */
  autotaskLimiter: (key: string) => AutotaskRateLimiter;
  retryPolicy?: RetryPolicy;
  timeoutMs?: number;
  onZoneDiscovered?: (zone: AutotaskZone) => Promise<void> | void;
};

/** One limiter per Autotask integration (API user), counting calls in `slots` (shared by nodes on PostgreSQL). */
export const createAutotaskLimiterPool = (clock: Clock, slots?: CallSlots) => {
  const limiters = new Map<string, AutotaskRateLimiter>();
  return (key: string) => {
    let limiter = limiters.get(key);
    if (!limiter) {
      limiter = createAutotaskRateLimiter({ clock, slots, slotKey: key });
      limiters.set(key, limiter);
    }
    return limiter;
  };
};

export const createPsaProvider = (config: PsaProviderConfig, deps: PsaProviderDeps): PsaProvider => {
  switch (config.kind) {
    case 'autotask':
      return createAutotaskProvider(
        createAutotaskClient({
          caller: deps.caller,
          credentials: { username: config.connection.username, ...config.secrets },
          apiUrl: config.connection.apiUrl,
          zone: config.connection.zone,
          onZoneDiscovered: deps.onZoneDiscovered,
          limiter: deps.autotaskLimiter(`${config.connection.apiUrl}|${config.connection.username.toLowerCase()}`),
          retryPolicy: deps.retryPolicy,
          timeoutMs: deps.timeoutMs,
        }),
        { noteTypeId: config.noteTypeId ?? null, clock: deps.clock },
      );
    case 'connectwise':
      return createConnectWiseProvider(
        createConnectWiseClient({
          caller: deps.caller,
          credentials: { ...config.connection, privateKey: config.secrets.privateKey },
          siteUrl: config.connection.siteUrl,
          codebase: config.connection.codebase,
          retryPolicy: deps.retryPolicy,
          timeoutMs: deps.timeoutMs,
        }),
        config.connection,
      );
  }
};
