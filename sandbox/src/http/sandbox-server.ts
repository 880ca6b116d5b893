// The HTTP shell both PSA simulators share: it parses requests, records them in a request log,
// applies injected faults (latency, 429, 5xx, dropping the response after the write committed)
// and serves the `/_sandbox` control API. Each simulator supplies only its own API handler.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FaultRule, FaultRuleInput, type FaultShape, matchFault } from './faults';

export type SandboxRequest = {
  method: string;
  /** Decoded path without the query string, as sent (case kept). */
  path: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  /** Parsed JSON body; undefined when empty; the raw text when it is not JSON. */
  body: unknown;
  /** True when the body was present but not valid JSON. */
  malformedJson: boolean;
};

export type SandboxResponse = { status: number; body?: unknown; headers?: Record<string, string> };

export type RequestLogEntry = {
  seq: number;
  at: string;
  method: string;
  path: string;
  query: string;
  status: number | null;
  /** What an injected fault did to this request, if anything. */
  fault: FaultRule['mode'] | null;
  requestBody: unknown;
};

export type ControlRoute = (req: SandboxRequest, parts: string[]) => Promise<SandboxResponse | undefined> | SandboxResponse | undefined;

export type SandboxServerOptions = {
  name: string;
  handle: (req: SandboxRequest) => Promise<SandboxResponse> | SandboxResponse;
  /** Provider-specific control routes under /_sandbox (rename a company, delete a ticket, …). */
  control: ControlRoute;
  /** Restores the deterministic fixture. */
  reset: () => void;
  /** How this provider shapes error bodies for injected 429 and 5xx answers. */
  faultShape: FaultShape;
  port?: number;
  host?: string;
};

const readBody = (req: http.IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

const parseJson = (raw: string): { body: unknown; malformedJson: boolean } => {
  if (!raw.trim()) {
    return { body: undefined, malformedJson: false };
  }
  try {
    return { body: JSON.parse(raw), malformedJson: false };
  } catch {
    return { body: raw, malformedJson: true };
  }
};

const json = (status: number, body?: unknown, headers: Record<string, string> = {}): SandboxResponse => ({ status, body, headers });

export const startSandboxServer = async (options: SandboxServerOptions) => {
  const requestLog: RequestLogEntry[] = [];
  let faults: FaultRule[] = [];
  let seq = 0;
  let nextFaultId = 1;

  const controlApi = async (req: SandboxRequest): Promise<SandboxResponse> => {
    const parts = req.path.split('/').filter(Boolean).slice(1);
    const [head] = parts;
    if (head === 'requests' && req.method === 'GET') {
      const since = Number(req.url.searchParams.get('since') ?? 0);
      return json(200, { requests: requestLog.filter((entry) => entry.seq > since) });
    }
    if (head === 'requests' && req.method === 'DELETE') {
      requestLog.length = 0;
      return json(204);
    }
    if (head === 'faults' && req.method === 'GET') {
      return json(200, { faults });
    }
    if (head === 'faults' && req.method === 'POST') {
      const parsed = FaultRuleInput.safeParse(req.body);
      if (!parsed.success) {
        return json(400, { error: 'invalid fault rule', issues: parsed.error.issues });
      }
      const rule: FaultRule = { id: nextFaultId++, ...parsed.data, remaining: parsed.data.times ?? null };
      faults.push(rule);
      return json(201, rule);
    }
    if (head === 'faults' && req.method === 'DELETE') {
      faults = [];
      return json(204);
    }
    if (head === 'reset' && req.method === 'POST') {
      options.reset();
      faults = [];
      requestLog.length = 0;
      return json(204);
    }
    return (await options.control(req, parts)) ?? json(404, { error: `no sandbox control route ${req.method} ${req.path}` });
  };

  const server = http.createServer(async (incoming, outgoing) => {
    const url = new URL(incoming.url ?? '/', 'http://sandbox.local');
    const rawBody = await readBody(incoming);
    const request: SandboxRequest = {
      method: (incoming.method ?? 'GET').toUpperCase(),
      path: decodeURIComponent(url.pathname),
      url,
      headers: incoming.headers,
      rawBody,
      ...parseJson(rawBody),
    };
    const send = (response: SandboxResponse) => {
      // A Buffer is sent as bytes (a raw MIME message), a string as text, anything else as JSON.
      const raw = Buffer.isBuffer(response.body);
      const body =
        response.body === undefined || raw
          ? (response.body ?? '')
          : typeof response.body === 'string'
            ? response.body
            : JSON.stringify(response.body);
      const isJson = response.body !== undefined && !raw && typeof response.body !== 'string';
      outgoing.writeHead(response.status, {
        ...(isJson && { 'content-type': 'application/json; charset=utf-8' }),
        ...response.headers,
      });
      outgoing.end(body as string | Buffer);
    };

    if (request.path.toLowerCase().startsWith('/_sandbox/') || request.path.toLowerCase() === '/_sandbox') {
      try {
        send(await controlApi(request));
      } catch (error) {
        send(json(500, { error: (error as Error).message }));
      }
      return;
    }

    seq += 1;
    const entry: RequestLogEntry = {
      seq,
      at: new Date().toISOString(),
      method: request.method,
      path: request.path,
      query: url.search,
      status: null,
      fault: null,
      requestBody: request.body ?? null,
    };
    requestLog.push(entry);

    const fault = matchFault(faults, request);
    if (fault) {
      entry.fault = fault.mode;
      if (fault.remaining !== null) {
        fault.remaining -= 1;
        if (fault.remaining <= 0) {
          faults = faults.filter((rule) => rule !== fault);
        }
      }
    }
    if (fault?.mode === 'latency') {
      await new Promise((resolve) => setTimeout(resolve, fault.latencyMs ?? 1000));
    }
    if (fault?.mode === 'rate_limit') {
      const retryAfter = String(fault.retryAfterSeconds ?? 1);
      entry.status = 429;
      send(json(429, options.faultShape.rateLimited(), { 'retry-after': retryAfter }));
      return;
    }
    if (fault?.mode === 'server_error') {
      const status = fault.status ?? 503;
      entry.status = status;
      send(json(status, options.faultShape.serverError(status)));
      return;
    }

    let response: SandboxResponse;
    try {
      response = await options.handle(request);
    } catch (error) {
      response = json(500, options.faultShape.serverError(500, (error as Error).message));
    }
    entry.status = response.status;
    if (fault?.mode === 'drop_after_commit') {
      // The write has happened; the caller never hears about it (a crash or a cut connection).
      entry.status = null;
      incoming.socket.destroy();
      return;
    }
    send(response);
  });
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';

  return {
    name: options.name,
    port,
    origin: `http://${host}:${port}`,
    /** Requests served so far (control calls excluded). */
    requests: () => [...requestLog],
    clearRequests: () => {
      requestLog.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

export type SandboxServer = Awaited<ReturnType<typeof startSandboxServer>>;
