// A thin typed client for the ConnectWise Manage REST API 3.0: Basic auth with the clientId
// header, `conditions` queries with page / pageSize paging, JSON-Patch updates. Every call goes
// through the logged external caller, with retries only where they are safe.

import type { ExternalAction, ExternalCaller } from '#src/features/external-calls/external-caller';
import { AppError } from '#src/lib/app-error';
import type { RequestContext } from '#src/lib/context';
import { connectWiseHosts } from '#src/psa/connectwise-hosts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, sendWithRetries } from '../retry-policy';
import { parseConnectWiseError } from './connectwise.errors';
import type { ConnectWiseCredentials, CwPatchOperation } from './connectwise.types';

const RETRYABLE_STATUSES = [500, 502, 503, 504] as const;
export const CONNECTWISE_MAX_PAGE_SIZE = 1000;
/**
 * Issue 14: the longest request URL we send. ConnectWise's GET filters travel in the query
 * string; spinen/connectwise-php-client refuses URIs over 2,000 characters (PR #26, "limit query
 * length") after requests over it failed, and 2,000 is also the classic IIS/proxy safe length.
 */
export const CONNECTWISE_MAX_URL_LENGTH = 2000;
const MAX_PAGES = 100;

export type ConnectWiseClientOptions = {
  caller: ExternalCaller;
  credentials: ConnectWiseCredentials;
  /** The Manage site, e.g. https://api-na.myconnectwise.net. */
  siteUrl: string;
  /** The code base path segment, e.g. v4_6_release (cloud tenants report theirs in /login/companyinfo). */
  codebase: string;
  retryPolicy?: RetryPolicy;
  timeoutMs?: number;
};

type Call = {
  action: ExternalAction;
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  idempotent: boolean;
  related?: { type: string; id: string };
  externalId?: (body: unknown) => string | undefined;
  accept?: readonly number[];
};

/** Issue 15: API calls go to the API host derived from the site (api-<region> on the cloud). */
export const connectWiseBaseUrl = (siteUrl: string, codebase: string) =>
  `${connectWiseHosts(siteUrl).apiOrigin}/${codebase.replace(/^\/+|\/+$/g, '')}/apis/3.0`;

/**
 * The API version Flightdeck is built and tested for, pinned in the Accept header as the vendor's
 * versioning guide asks of production integrations (psa-field-notes.md): without it every request
 * gets whatever model the next Manage release serves.
 */
export const CONNECTWISE_API_VERSION = '2025.1';
const ACCEPT = `application/vnd.connectwise.com+json; version=${CONNECTWISE_API_VERSION}`;

/** "2024.3" < "2025.1": versions compare by year, then release. */
export const olderApiVersion = (a: string, b: string) => {
  const [ay, ar] = a.split('.').map(Number) as [number, number];
  const [by, br] = b.split('.').map(Number) as [number, number];
  return ay < by || (ay === by && (ar ?? 0) < (br ?? 0));
};

export const createConnectWiseClient = (options: ConnectWiseClientOptions) => {
  // What the server said it runs, from its api-current-version header (null until a response).
  let serverApiVersion: string | null = null;
  const policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
  const base = connectWiseBaseUrl(options.siteUrl, options.codebase);
  const { companyId, publicKey, privateKey, clientId } = options.credentials;
  const authorization = `Basic ${Buffer.from(`${companyId}+${publicKey}:${privateKey}`).toString('base64')}`;
  const secrets = [privateKey, authorization.slice(6), authorization];

  const urlOf = (path: string, query: Call['query']) => {
    const url = new URL(`${base}${path}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== '') {
        url.searchParams.set(key, String(value));
      }
    }
    return url;
  };

  const request = async <T>(ctx: RequestContext, call: Call): Promise<{ status: number; body: T; headers: Headers }> => {
    const url = urlOf(call.path, call.query);
    const response = await sendWithRetries(
      () =>
        options.caller.call(ctx, {
          integration: 'connectwise',
          action: call.action,
          method: call.method,
          url: url.toString(),
          headers: { authorization, clientId, accept: ACCEPT },
          body: call.body,
          timeoutMs: options.timeoutMs,
          secrets,
          related: call.related,
          externalId: call.externalId,
        }),
      { idempotent: call.idempotent, retryableStatuses: RETRYABLE_STATUSES, policy },
    );
    serverApiVersion = response.headers.get('api-current-version') ?? serverApiVersion;
    if ((response.status >= 200 && response.status < 300) || call.accept?.includes(response.status)) {
      return { status: response.status, body: response.body as T, headers: response.headers };
    }
    throw parseConnectWiseError(response.status, response.body, response.headers);
  };

  return {
    /** How long the URL of a paged list request with this query is (the last page's number included). */
    listUrlLength: (path: string, query: Call['query']) =>
      urlOf(path, { ...query, page: 999, pageSize: CONNECTWISE_MAX_PAGE_SIZE }).toString().length,
    /**
     * Issue 15: whether the member may make this call, by making it with nothing to write — the
     * answer is Manage's 403 Security, or anything else (a validation error, a 404, a page).
     */
    async probe(
      ctx: RequestContext,
      call: { method: 'GET' | 'POST' | 'PATCH'; path: string; query?: Record<string, string | number>; body?: unknown },
    ): Promise<{ denied: boolean }> {
      const answer = await request<{ code?: string } | null>(ctx, {
        action: 'queried',
        method: call.method,
        path: call.path,
        query: call.query,
        body: call.body,
        idempotent: true,
        accept: [400, 403, 404, 405, 409],
      });
      return { denied: answer.status === 403 && answer.body?.code === 'Security' };
    },

    /** The server's API version as its last response named it (`api-current-version`). */
    serverApiVersion: () => serverApiVersion,

    /**
     * Issue 15: the site (UI) host's public company info (`/login/companyinfo/<company>`), which
     * names the code base and the site; null when the host does not answer it as Manage does.
     */
    async siteCompanyInfo(ctx: RequestContext): Promise<{ Codebase?: string; SiteUrl?: string; IsCloud?: boolean } | null> {
      const response = await sendWithRetries(
        () =>
          options.caller.call(ctx, {
            integration: 'connectwise',
            action: 'queried',
            method: 'GET',
            url: `${connectWiseHosts(options.siteUrl).siteOrigin}/login/companyinfo/${encodeURIComponent(companyId)}`,
            headers: { accept: 'application/json' },
            timeoutMs: options.timeoutMs,
            secrets,
          }),
        { idempotent: true, retryableStatuses: RETRYABLE_STATUSES, policy },
      );
      const body = response.body as { Codebase?: unknown } | null;
      return response.status === 200 && body && typeof body === 'object' && typeof body.Codebase === 'string'
        ? (body as { Codebase: string; SiteUrl?: string; IsCloud?: boolean })
        : null;
    },

    systemInfo: async (ctx: RequestContext) =>
      (await request<{ version: string }>(ctx, { action: 'queried', method: 'GET', path: '/system/info', idempotent: true })).body,

    /** One page of a collection. */
    listPage: async <T>(
      ctx: RequestContext,
      path: string,
      query: { conditions?: string; page?: number; pageSize?: number; orderBy?: string; fields?: string },
    ) => (await request<T[]>(ctx, { action: 'queried', method: 'GET', path, query, idempotent: true })).body,

    /** One page, and whether Manage's Link header names a next one (no count call needed). */
    async listPageWithNext<T>(
      ctx: RequestContext,
      path: string,
      query: { conditions?: string; page: number; pageSize: number; orderBy?: string; fields?: string },
    ) {
      const result = await request<T[]>(ctx, { action: 'queried', method: 'GET', path, query, idempotent: true });
      return { items: result.body, hasNext: /rel="next"/.test(result.headers.get('link') ?? '') };
    },

    /** Every matching record, page by page until a short page (bounded). */
    async listAll<T>(
      ctx: RequestContext,
      path: string,
      query: { conditions?: string; orderBy?: string; fields?: string } = {},
    ): Promise<T[]> {
      const items: T[] = [];
      for (let page = 1; page <= MAX_PAGES; page += 1) {
        const batch = await this.listPage<T>(ctx, path, { ...query, page, pageSize: CONNECTWISE_MAX_PAGE_SIZE });
        items.push(...batch);
        if (batch.length < CONNECTWISE_MAX_PAGE_SIZE) {
          return items;
        }
      }
      throw new AppError('upstream_error', `ConnectWise returned more than ${MAX_PAGES} pages of ${path}; narrow the query`, {
        provider: 'connectwise',
      });
    },

    /** The record, or null on 404. */
    async get<T>(ctx: RequestContext, path: string, related?: Call['related']): Promise<T | null> {
      const result = await request<T>(ctx, { action: 'queried', method: 'GET', path, idempotent: true, related, accept: [404] });
      return result.status === 404 ? null : result.body;
    },

    /** Creates a record; never retried except after a 429. */
    create: async <T extends { id: number }>(
      ctx: RequestContext,
      path: string,
      body: unknown,
      action: ExternalAction,
      related?: Call['related'],
    ) =>
      (
        await request<T>(ctx, {
          action,
          method: 'POST',
          path,
          body,
          idempotent: false,
          related,
          externalId: (b) => String((b as { id?: unknown })?.id ?? ''),
        })
      ).body,

    /** JSON Patch; replacing a field with the same value twice is harmless, so it may be retried. */
    patch: async <T>(
      ctx: RequestContext,
      path: string,
      operations: CwPatchOperation[],
      action: ExternalAction,
      related?: Call['related'],
    ) => (await request<T>(ctx, { action, method: 'PATCH', path, body: operations, idempotent: true, related })).body,
  };
};

export type ConnectWiseClient = ReturnType<typeof createConnectWiseClient>;

/** A conditions string literal: quotes escaped. */
export const cwString = (value: string) => `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
