// I2: the one wrapper every outbound HTTP call goes through. It bounds the call with a timeout,
// measures it, and records it in the external call log at the account's level (off / errors /
// all) with secrets redacted. Retries are the client's decision (only it knows what is
// idempotent), so they happen above this wrapper and each attempt is logged.
import type { Database } from '#src/db/connection';
import { withTenant } from '#src/db/tenant';
import { AppError } from '#src/lib/app-error';
import type { Clock } from '#src/lib/clock';
import { actorId, type RequestContext } from '#src/lib/context';
import type { AccountSettingsService } from '../settings/account-settings.service';
import type { ExternalCallLogRepository } from './external-call-log.repository';
import { checkOutboundUrl, createGuardedDispatcher, type OutboundPolicy } from './outbound-policy';
import { redact, redactUrl } from './redact';

export const API_LOG_LEVELS = ['off', 'errors', 'all'] as const;
export type ApiLogLevel = (typeof API_LOG_LEVELS)[number];
export const DEFAULT_API_LOG_LEVEL: ApiLogLevel = 'errors';
export const apiLogLevelSetting = (integration: string) => `integrations.${integration}.api_log_level`;

export type ExternalAction =
  | 'created'
  | 'updated'
  | 'linked'
  | 'attached'
  | 'queried'
  | 'noted'
  | 'transitioned'
  | 'deleted'
  | 'tested'
  | 'sent';

export type ExternalCallRequest = {
  integration: string;
  action: ExternalAction;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** Serialised as JSON; a string is sent as-is. */
  body?: unknown;
  timeoutMs?: number;
  /** Secret values to scrub from the log wherever they appear (credentials used by this call). */
  secrets?: readonly string[];
  related?: { type: string; id: string };
  externalId?: (responseBody: unknown) => string | undefined;
  /** `bytes`: a successful body comes back as a Buffer, byte for byte (a raw MIME message), and is logged by its size. */
  responseType?: 'json' | 'bytes';
};

export type ExternalCallResponse = { status: number; headers: Headers; body: unknown; durationMs: number };

const MAX_LOGGED_BODY_CHARS = 64_000;

const parseBody = (text: string): unknown => {
  if (!text) {
    return null;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

const forLog = (body: unknown, secrets: readonly string[]) => {
  if (body === undefined || body === null) {
    return null;
  }
  const json = JSON.stringify(redact(body, secrets));
  return json.length > MAX_LOGGED_BODY_CHARS ? JSON.stringify({ truncated: json.slice(0, MAX_LOGGED_BODY_CHARS) }) : json;
};

export const createExternalCaller = (deps: {
  database: Database;
  log: ExternalCallLogRepository;
  settings: AccountSettingsService;
  clock: Clock;
  fetch?: typeof fetch;
  defaultTimeoutMs?: number;
  /** N4: which targets may be called (checked after DNS resolution). */
  outbound: OutboundPolicy;
}) => {
  // Real requests go through a dispatcher that re-checks the address it connects to (N4).
  const dispatcher = deps.fetch ? undefined : createGuardedDispatcher(deps.outbound);
  const doFetch: typeof fetch = deps.fetch ?? ((input, init) => fetch(input, { ...init, dispatcher } as RequestInit));

  /** A refused target is logged without any response (none was asked for) and never called. */
  const admit = async (ctx: RequestContext, req: ExternalCallRequest) => {
    try {
      await checkOutboundUrl(deps.outbound, req.url);
    } catch (error) {
      await record(ctx, req, { status: null, durationMs: 0, kind: 'network_error', error: (error as Error).message });
      throw error;
    }
  };

  const record = async (
    ctx: RequestContext,
    req: ExternalCallRequest,
    outcome: {
      status: number | null;
      durationMs: number;
      kind: 'ok' | 'http_error' | 'network_error' | 'timeout';
      error?: string;
      responseBody?: unknown;
    },
  ) => {
    const level = (await deps.settings.getSetting(ctx, apiLogLevelSetting(req.integration), DEFAULT_API_LOG_LEVEL)) as ApiLogLevel;
    const secrets = req.secrets ?? [];
    ctx.log.info(
      {
        integration: req.integration,
        method: req.method,
        url: redactUrl(req.url, secrets),
        status: outcome.status,
        durationMs: outcome.durationMs,
        outcome: outcome.kind,
      },
      'external call',
    );
    if (level === 'off' || (level === 'errors' && outcome.kind === 'ok')) {
      return;
    }
    await withTenant(deps.database, ctx, (tx) =>
      deps.log.insertExternalCall(tx, {
        account_id: ctx.accountId,
        integration: req.integration,
        direction: 'outbound',
        action: req.action,
        method: req.method,
        url: redactUrl(req.url, secrets),
        http_status: outcome.status,
        duration_ms: outcome.durationMs,
        outcome: outcome.kind,
        error_message: outcome.error ? (redact(outcome.error, secrets) as string) : null,
        external_id: outcome.kind === 'ok' ? (req.externalId?.(outcome.responseBody) ?? null) : null,
        actor_id: actorId(ctx.actor),
        actor_kind: ctx.actor.kind,
        correlation_id: ctx.requestId,
        related_type: req.related?.type ?? null,
        related_id: req.related?.id ?? null,
        request_body: forLog(req.body, secrets),
        response_body: forLog(outcome.responseBody, secrets),
      }),
    );
  };

  return {
    /**
     * For protocols other than HTTP (SMTP): runs `call` bounded by the timeout and logs it like an
     * HTTP call. `status` reads the protocol's reply code from the result or the error (an SMTP
     * server's 250, 421 or 535), kept in the status column; an answered refusal is an `http_error`.
     */
    async track<T>(
      ctx: RequestContext,
      req: Omit<ExternalCallRequest, 'method'> & { method: string; status: (outcome: { result?: T; error?: unknown }) => number | null },
      call: (signal: AbortSignal) => Promise<T>,
    ): Promise<T> {
      const started = deps.clock.now().getTime();
      const elapsed = () => Math.max(0, deps.clock.now().getTime() - started);
      const timeoutMs = req.timeoutMs ?? deps.defaultTimeoutMs ?? 30_000;
      const signal = AbortSignal.timeout(timeoutMs);
      const logged = req as unknown as ExternalCallRequest;
      try {
        const result = await Promise.race([
          call(signal),
          new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error(`No answer within ${timeoutMs} ms`)))),
        ]);
        await record(ctx, logged, { status: req.status({ result }), durationMs: elapsed(), kind: 'ok', responseBody: result });
        return result;
      } catch (error) {
        const status = req.status({ error });
        const kind = signal.aborted ? 'timeout' : status === null ? 'network_error' : 'http_error';
        await record(ctx, logged, { status, durationMs: elapsed(), kind, error: (error as Error).message });
        throw error;
      }
    },

    /**
     * A `fetch` for SDKs that bring their own HTTP handling (the Anthropic SDK): every request it
     * makes is bounded and logged like `call`. A streamed (SSE) reply is passed through as it
     * arrives and logged when it ends, with the streamed text as its body.
     */
    fetchFor(ctx: RequestContext, base: Pick<ExternalCallRequest, 'integration' | 'action' | 'secrets' | 'timeoutMs'>): typeof fetch {
      return async (input, init) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        const method = (init?.method ?? 'GET').toUpperCase() as ExternalCallRequest['method'];
        const req: ExternalCallRequest = { ...base, method, url, body: typeof init?.body === 'string' ? parseBody(init.body) : undefined };
        await admit(ctx, req);
        const started = deps.clock.now().getTime();
        const elapsed = () => Math.max(0, deps.clock.now().getTime() - started);
        const timeout = AbortSignal.timeout(base.timeoutMs ?? deps.defaultTimeoutMs ?? 30_000);
        let response: Response;
        try {
          // Redirects are answered, never followed: a 3xx could point at another host.
          response = await doFetch(input, {
            ...init,
            redirect: 'manual',
            signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout,
          });
        } catch (error) {
          const timedOut = timeout.aborted;
          const message = timedOut ? 'No answer in time' : `Network error: ${(error as Error).message}`;
          await record(ctx, req, { status: null, durationMs: elapsed(), kind: timedOut ? 'timeout' : 'network_error', error: message });
          throw error;
        }
        const outcome = (responseBody: unknown) =>
          record(ctx, req, {
            status: response.status,
            durationMs: elapsed(),
            kind: response.ok ? 'ok' : 'http_error',
            responseBody,
            ...(!response.ok && { error: `HTTP ${response.status}` }),
          });
        if (!response.body || !(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
          const text = await response.text();
          await outcome(parseBody(text));
          return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
        }
        let streamed = '';
        const decoder = new TextDecoder();
        const tap = new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            if (streamed.length < MAX_LOGGED_BODY_CHARS) {
              streamed += decoder.decode(chunk, { stream: true });
            }
            controller.enqueue(chunk);
          },
          flush: () => outcome({ stream: streamed }),
        });
        return new Response(response.body.pipeThrough(tap), {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        });
      };
    },

    /**
     * Performs the call and logs it. Resolves with any HTTP status (the client interprets error
     * bodies); rejects with `upstream_unavailable` on a timeout or network failure.
     */
    async call(ctx: RequestContext, req: ExternalCallRequest): Promise<ExternalCallResponse> {
      await admit(ctx, req);
      const started = deps.clock.now().getTime();
      const elapsed = () => Math.max(0, deps.clock.now().getTime() - started);
      const timeoutMs = req.timeoutMs ?? deps.defaultTimeoutMs ?? 30_000;
      const body = req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
      let response: Response;
      let text: string;
      let bytes: Buffer | null = null;
      try {
        response = await doFetch(req.url, {
          method: req.method,
          headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...req.headers },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (req.responseType === 'bytes' && response.ok) {
          bytes = Buffer.from(await response.arrayBuffer());
          text = '';
        } else {
          text = await response.text();
        }
      } catch (error) {
        const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        const message = timedOut ? `No answer within ${timeoutMs} ms` : `Network error: ${(error as Error).message}`;
        await record(ctx, req, { status: null, durationMs: elapsed(), kind: timedOut ? 'timeout' : 'network_error', error: message });
        throw new AppError('upstream_unavailable', `${req.integration}: ${message}`, { integration: req.integration });
      }
      const parsed = bytes ?? parseBody(text);
      const durationMs = elapsed();
      await record(ctx, req, {
        status: response.status,
        durationMs,
        kind: response.ok ? 'ok' : 'http_error',
        responseBody: bytes ? { bytes: bytes.length } : parsed,
        ...(!response.ok && { error: `HTTP ${response.status}` }),
      });
      return { status: response.status, headers: response.headers, body: parsed, durationMs };
    },
  };
};

export type ExternalCaller = ReturnType<typeof createExternalCaller>;
