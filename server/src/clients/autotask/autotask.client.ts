// A thin typed client for the Autotask REST API v1.0: zone discovery (cached), queries with
// nextPageUrl paging, get / create / update, field info. Every call goes through the logged
// external caller, under the rate limiter, with retries only where they are safe.

import type { ExternalAction, ExternalCaller, ExternalCallResponse } from '#src/features/external-calls/external-caller';
import { AppError } from '#src/lib/app-error';
import type { RequestContext } from '#src/lib/context';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, sendWithRetries } from '../retry-policy';
import { isAutotaskThrottled, parseAutotaskError } from './autotask.errors';
import type { AutotaskRateLimiter } from './autotask.rate-limit';
import type { AutotaskCredentials, AutotaskField, AutotaskPage, AutotaskQuery, AutotaskThreshold, AutotaskZone } from './autotask.types';

export const AUTOTASK_DISCOVERY_URL = 'https://webservices.autotask.net/ATServicesRest/';
/** Autotask sends validation errors as 500, so only gateway-type statuses are worth retrying. */
const RETRYABLE_STATUSES = [502, 503, 504] as const;
/** A body with Autotask's `errors` list: a refusal even when it came with 200 (seen for the thread threshold). */
const hasErrors = (body: unknown) =>
  Boolean(
    body &&
      typeof body === 'object' &&
      Array.isArray((body as { errors?: unknown }).errors) &&
      (body as { errors: unknown[] }).errors.length,
  );
const MAX_PAGES = 200;

export type AutotaskClientOptions = {
  caller: ExternalCaller;
  credentials: AutotaskCredentials;
  /** The zone-discovery base, ending in `/ATServicesRest/`. */
  apiUrl: string;
  /** A zone discovered earlier (stored with the integration), so no discovery call is needed. */
  zone?: AutotaskZone | null;
  onZoneDiscovered?: (zone: AutotaskZone) => Promise<void> | void;
  limiter: AutotaskRateLimiter;
  retryPolicy?: RetryPolicy;
  timeoutMs?: number;
};

type Call = {
  action: ExternalAction;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  /** Path after `V1.0/`, or an absolute URL (a nextPageUrl). */
  path: string;
  body?: unknown;
  idempotent: boolean;
  /** The entity endpoint whose concurrency slot the call uses. */
  endpoint: string;
  related?: { type: string; id: string };
  externalId?: (body: unknown) => string | undefined;
  /** Statuses answered normally instead of thrown. */
  accept?: readonly number[];
};

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

export const createAutotaskClient = (options: AutotaskClientOptions) => {
  const policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
  const secrets = [options.credentials.secret, options.credentials.integrationCode];
  let zone = options.zone ?? null;

  const discoverZone = async (ctx: RequestContext): Promise<AutotaskZone> => {
    if (zone) {
      return zone;
    }
    const url = `${withSlash(options.apiUrl)}V1.0/zoneInformation?user=${encodeURIComponent(options.credentials.username)}`;
    const response = await sendWithRetries(
      () =>
        options.caller.call(ctx, { integration: 'autotask', action: 'queried', method: 'GET', url, timeoutMs: options.timeoutMs, secrets }),
      { idempotent: true, retryableStatuses: RETRYABLE_STATUSES, policy },
    );
    if (response.status !== 200) {
      throw parseAutotaskError(response.status, response.body, response.headers);
    }
    const body = response.body as { url?: unknown; webUrl?: unknown; zoneName?: unknown };
    if (typeof body?.url !== 'string' || typeof body.webUrl !== 'string') {
      throw new AppError('upstream_error', 'Autotask zone discovery returned no zone URL', { provider: 'autotask' });
    }
    zone = {
      url: withSlash(body.url),
      webUrl: withSlash(body.webUrl),
      zoneName: typeof body.zoneName === 'string' ? body.zoneName : undefined,
    };
    await options.onZoneDiscovered?.(zone);
    return zone;
  };

  const send = async (ctx: RequestContext, call: Call, zoneUrl: string): Promise<ExternalCallResponse> => {
    const url = /^https?:\/\//.test(call.path) ? call.path : `${zoneUrl}V1.0/${call.path}`;
    return options.limiter.withSlot(call.endpoint, () =>
      sendWithRetries(
        () => {
          options.limiter.spend();
          return options.caller.call(ctx, {
            integration: 'autotask',
            action: call.action,
            method: call.method,
            url,
            headers: {
              ApiIntegrationCode: options.credentials.integrationCode,
              UserName: options.credentials.username,
              Secret: options.credentials.secret,
            },
            body: call.body,
            timeoutMs: options.timeoutMs,
            secrets,
            related: call.related,
            externalId: call.externalId,
          });
        },
        {
          idempotent: call.idempotent,
          retryableStatuses: RETRYABLE_STATUSES,
          policy,
          // Refused for load (a thread or the hourly threshold), whatever the status: nothing was done.
          refused: (response) =>
            response.status !== 200 || hasErrors(response.body) ? isAutotaskThrottled(response.status, response.body) : false,
        },
      ),
    );
  };

  const refreshBudget = async (ctx: RequestContext, zoneUrl: string) => {
    if (!options.limiter.needsReading()) {
      return;
    }
    const response = await send(
      ctx,
      { action: 'queried', method: 'GET', path: 'ThresholdInformation', idempotent: true, endpoint: 'ThresholdInformation' },
      zoneUrl,
    );
    if (response.status === 200) {
      options.limiter.recordReading(response.body as AutotaskThreshold);
    }
  };

  const request = async <T>(ctx: RequestContext, call: Call): Promise<{ status: number; body: T }> => {
    const { url: zoneUrl } = await discoverZone(ctx);
    await refreshBudget(ctx, zoneUrl);
    const response = await send(ctx, call, zoneUrl);
    const throttled = isAutotaskThrottled(response.status, response.body);
    if (throttled) {
      options.limiter.markThrottled();
    }
    if (response.status >= 200 && response.status < 300 && !(throttled && hasErrors(response.body))) {
      return { status: response.status, body: response.body as T };
    }
    if (call.accept?.includes(response.status)) {
      return { status: response.status, body: response.body as T };
    }
    throw parseAutotaskError(response.status, response.body, response.headers);
  };

  return {
    discoverZone,
    /** The web UI base (for ticket deep links). */
    webUrl: async (ctx: RequestContext) => (await discoverZone(ctx)).webUrl,

    threshold: async (ctx: RequestContext) =>
      (
        await request<AutotaskThreshold>(ctx, {
          action: 'queried',
          method: 'GET',
          path: 'ThresholdInformation',
          idempotent: true,
          endpoint: 'ThresholdInformation',
        })
      ).body,

    /** One page; `nextPageUrl` is followed by re-posting the same body, as Autotask requires. */
    queryPage: async <T>(ctx: RequestContext, entity: string, query: AutotaskQuery, pageUrl?: string) =>
      (
        await request<AutotaskPage<T>>(ctx, {
          action: 'queried',
          method: 'POST',
          path: pageUrl ?? `${entity}/query`,
          body: query,
          idempotent: true,
          endpoint: entity,
        })
      ).body,

    /** Every matching record, following nextPageUrl (bounded). */
    async queryAll<T>(ctx: RequestContext, entity: string, query: AutotaskQuery): Promise<T[]> {
      const items: T[] = [];
      let pageUrl: string | undefined;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const result = await this.queryPage<T>(ctx, entity, query, pageUrl);
        items.push(...result.items);
        if (!result.pageDetails.nextPageUrl) {
          return items;
        }
        pageUrl = result.pageDetails.nextPageUrl;
      }
      throw new AppError('upstream_error', `Autotask returned more than ${MAX_PAGES} pages of ${entity}; narrow the query`, {
        provider: 'autotask',
      });
    },

    /** The record, or null when Autotask says it does not exist (200 {item:null} or 404). */
    async get<T>(ctx: RequestContext, entity: string, id: number, related?: Call['related']): Promise<T | null> {
      const result = await request<{ item: T | null } | null>(ctx, {
        action: 'queried',
        method: 'GET',
        path: `${entity}/${id}`,
        idempotent: true,
        endpoint: entity,
        related,
        accept: [404],
      });
      return result.status === 404 ? null : (result.body?.item ?? null);
    },

    /** Creates a record; never retried except after a 429 (a refused request created nothing). */
    async create(ctx: RequestContext, entity: string, body: unknown, related?: Call['related']): Promise<number> {
      const result = await request<{ itemId: number }>(ctx, {
        action: 'created',
        method: 'POST',
        path: entity,
        body,
        idempotent: false,
        endpoint: entity,
        related,
        externalId: (b) => String((b as { itemId?: unknown })?.itemId ?? ''),
      });
      return result.body.itemId;
    },

    async createTicketNote(ctx: RequestContext, ticketId: number, body: unknown, related?: Call['related']): Promise<number> {
      const result = await request<{ itemId: number }>(ctx, {
        action: 'noted',
        method: 'POST',
        path: `Tickets/${ticketId}/Notes`,
        body,
        idempotent: false,
        endpoint: 'TicketNotes',
        related,
        externalId: () => String(ticketId),
      });
      return result.body.itemId;
    },

    /** PATCH with the id in the body; setting the same fields twice is harmless, so it may be retried. */
    async update(
      ctx: RequestContext,
      entity: string,
      body: { id: number } & Record<string, unknown>,
      action: ExternalAction = 'updated',
      related?: Call['related'],
    ) {
      await request<{ itemId: number }>(ctx, {
        action,
        method: 'PATCH',
        path: entity,
        body,
        idempotent: true,
        endpoint: entity,
        related,
        externalId: () => String(body.id),
      });
    },

    /** PUT of the whole record, for a tenant that refuses PATCH on the entity (issue 15). */
    async replace(ctx: RequestContext, entity: string, body: { id: number } & Record<string, unknown>, action: ExternalAction = 'updated') {
      await request<{ itemId: number }>(ctx, {
        action,
        method: 'PUT',
        path: entity,
        body,
        idempotent: true,
        endpoint: entity,
        externalId: () => String(body.id),
      });
    },

    fieldInfo: async (ctx: RequestContext, entity: string) =>
      (
        await request<{ fields: AutotaskField[] }>(ctx, {
          action: 'queried',
          method: 'GET',
          path: `${entity}/entityInformation/fields`,
          idempotent: true,
          endpoint: entity,
        })
      ).body.fields,
  };
};

export type AutotaskClient = ReturnType<typeof createAutotaskClient>;
