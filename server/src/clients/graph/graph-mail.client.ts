// B2.3 (b), issue 11 item 7: a report mailbox in Microsoft 365, read through Microsoft Graph with
// an app registration (client credentials; application permission Mail.ReadWrite with admin
// consent). Every call goes through the logged, bounded external caller, with the secret and the
// token scrubbed from the log.
// - Token: `POST {signIn}/{tenant}/oauth2/v2.0/token`, cached until a minute before it expires.
// - Folders by path ("Inbox", "Inbox/Backup reports", "Processed"): a well-known name
//   (inbox, archive, …) or display names looked up level by level with `$filter`, created on
//   demand for the processed and failed folders.
// - Messages listed oldest first, `@odata.nextLink` followed (on the Graph origin only) until the
//   batch is full; all ids are collected before anything moves, because a moved message shifts
//   the `$skip` pages. The raw MIME from `/messages/{id}/$value`, then `/move`.
// - 429 / 503 / 504: wait Retry-After (capped) and try again, three times at most.

import type { ExternalCaller, ExternalCallRequest } from '#src/features/external-calls/external-caller';
import { AppError } from '#src/lib/app-error';
import type { RequestContext } from '#src/lib/context';
import { retryAfterSeconds } from '../retry-policy';

export const GRAPH_INTEGRATION = 'microsoft_graph';
export const DEFAULT_SIGN_IN_URL = 'https://login.microsoftonline.com';
export const DEFAULT_GRAPH_URL = 'https://graph.microsoft.com';
const WELL_KNOWN_FOLDERS = ['inbox', 'archive', 'deleteditems', 'drafts', 'junkemail', 'sentitems'];
const MAX_RETRIES = 3;
const MAX_WAIT_MS = 30_000;

export type GraphMailConfig = {
  signInUrl: string;
  graphUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  mailbox: string;
};

/** Which part of a mailbox connection failed: what Test connection names. */
export type GraphFailure = 'token' | 'mailbox' | 'folder' | 'permission' | 'throttled' | 'unavailable';

export class GraphMailError extends AppError {
  constructor(
    readonly failure: GraphFailure,
    message: string,
    status: number | null,
  ) {
    super(failure === 'unavailable' || failure === 'throttled' ? 'upstream_unavailable' : 'upstream_error', message, {
      provider: 'microsoft_graph',
      failure,
      status,
    });
  }
}

const errorText = (body: unknown) => {
  const b = (body && typeof body === 'object' ? body : {}) as {
    error?: { code?: string; message?: string } | string;
    error_description?: string;
  };
  if (typeof b.error === 'string') {
    // Entra ID: "AADSTS7000215: Invalid client secret provided. …\r\nTrace ID: …" — the first line.
    return `${b.error}: ${(b.error_description ?? '').split(/\r?\n/)[0]}`;
  }
  return b.error ? `${b.error.code ?? ''}: ${b.error.message ?? ''}` : typeof body === 'string' ? body.slice(0, 300) : '';
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type GraphMessageRef = { id: string; subject: string; receivedDateTime: string };

export const createGraphMailClient = (caller: ExternalCaller, ctx: RequestContext, config: GraphMailConfig) => {
  const graphOrigin = new URL(config.graphUrl).origin;
  const mailboxPath = `${graphOrigin}/v1.0/users/${encodeURIComponent(config.mailbox)}`;
  let token: { value: string; expiresAt: number } | null = null;
  const secrets = () => [config.clientSecret, ...(token ? [token.value] : [])];

  const withRetry = async (req: ExternalCallRequest) => {
    for (let attempt = 0; ; attempt++) {
      const response = await caller.call(ctx, { ...req, secrets: secrets() });
      if (![429, 503, 504].includes(response.status) || attempt >= MAX_RETRIES) {
        return response;
      }
      await sleep(Math.min(MAX_WAIT_MS, (retryAfterSeconds(response.headers) ?? 2 ** attempt) * 1000));
    }
  };

  const getToken = async () => {
    if (token && token.expiresAt > Date.now() + 60_000) {
      return token.value;
    }
    const response = await withRetry({
      integration: GRAPH_INTEGRATION,
      action: 'queried',
      method: 'POST',
      url: `${new URL(config.signInUrl).origin}/${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: config.clientId,
        client_secret: config.clientSecret,
        scope: `${DEFAULT_GRAPH_URL}/.default`,
      }).toString(),
    });
    const body = response.body as { access_token?: string; expires_in?: number };
    if (response.status !== 200 || typeof body?.access_token !== 'string') {
      throw new GraphMailError(
        response.status >= 500 ? 'unavailable' : 'token',
        `Microsoft Entra ID refused the sign-in of app ${config.clientId} in tenant ${config.tenantId} (HTTP ${response.status}): ${errorText(response.body)}`,
        response.status,
      );
    }
    token = { value: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 3599) * 1000 };
    return token.value;
  };

  const request = async (
    method: 'GET' | 'POST',
    url: string,
    options: { body?: unknown; bytes?: boolean; notFound?: GraphFailure; action?: ExternalCallRequest['action'] } = {},
  ) => {
    if (new URL(url).origin !== graphOrigin) {
      // A nextLink elsewhere would carry the token to another host.
      throw new GraphMailError('unavailable', `Graph answered with a link to another host (${new URL(url).origin}); not followed.`, null);
    }
    const response = await withRetry({
      integration: GRAPH_INTEGRATION,
      action: options.action ?? 'queried',
      method,
      url,
      headers: { authorization: `Bearer ${await getToken()}` },
      ...(options.body !== undefined && { body: options.body }),
      ...(options.bytes && { responseType: 'bytes' as const }),
    });
    if (response.status >= 200 && response.status < 300) {
      return response.body;
    }
    const text = errorText(response.body);
    const code = (response.body as { error?: { code?: string } })?.error?.code ?? '';
    if (response.status === 401) {
      token = null;
      throw new GraphMailError('token', `Graph did not accept the access token (HTTP 401): ${text}`, 401);
    }
    if (response.status === 403) {
      throw new GraphMailError(
        'permission',
        `The app may not read ${config.mailbox} (HTTP 403): ${text}. Grant the application permission Mail.ReadWrite with admin consent (and check any application access policy).`,
        403,
      );
    }
    if (response.status === 404 && (code === 'ErrorInvalidUser' || code === 'MailboxNotEnabledForRESTAPI' || code === 'ResourceNotFound')) {
      throw new GraphMailError('mailbox', `The mailbox ${config.mailbox} was not found (HTTP 404): ${text}`, 404);
    }
    if (response.status === 404) {
      throw new GraphMailError(options.notFound ?? 'folder', `Graph: not found (HTTP 404): ${text}`, 404);
    }
    if (response.status === 429) {
      throw new GraphMailError('throttled', `Graph is throttling this app (HTTP 429): ${text}`, 429);
    }
    throw new GraphMailError(
      response.status >= 500 ? 'unavailable' : 'folder',
      `Graph answered HTTP ${response.status}: ${text}`,
      response.status,
    );
  };

  type Folder = { id: string; displayName: string };
  const quoted = (name: string) => `'${name.replaceAll("'", "''")}'`;

  const childNamed = async (parentId: string | null, name: string): Promise<Folder | null> => {
    const collection = parentId ? `${mailboxPath}/mailFolders/${encodeURIComponent(parentId)}/childFolders` : `${mailboxPath}/mailFolders`;
    const body = (await request('GET', `${collection}?$filter=${encodeURIComponent(`displayName eq ${quoted(name)}`)}`)) as {
      value?: Folder[];
    };
    return body.value?.[0] ?? null;
  };

  /** The folder at a path; with `create`, missing levels are made. */
  const folderAt = async (path: string, create: boolean): Promise<Folder> => {
    const names = path
      .split('/')
      .map((n) => n.trim())
      .filter(Boolean);
    let parent = null as Folder | null;
    for (const [index, name] of names.entries()) {
      let found: Folder | null =
        index === 0 && WELL_KNOWN_FOLDERS.includes(name.toLowerCase().replaceAll(' ', ''))
          ? ((await request('GET', `${mailboxPath}/mailFolders/${name.toLowerCase().replaceAll(' ', '')}`)) as Folder)
          : await childNamed(parent?.id ?? null, name);
      if (!found && create) {
        const collection = parent
          ? `${mailboxPath}/mailFolders/${encodeURIComponent(parent.id)}/childFolders`
          : `${mailboxPath}/mailFolders`;
        found = (await request('POST', collection, { body: { displayName: name }, action: 'created' })) as Folder;
      }
      if (!found) {
        throw new GraphMailError('folder', `The folder "${names.slice(0, index + 1).join('/')}" does not exist in ${config.mailbox}.`, 404);
      }
      parent = found;
    }
    if (!parent) {
      throw new GraphMailError('folder', 'No folder given.', null);
    }
    return parent;
  };

  return {
    getToken,
    folderAt,
    /** Up to `limit` messages of a folder, oldest first. */
    async listMessages(folderId: string, limit: number): Promise<GraphMessageRef[]> {
      const found: GraphMessageRef[] = [];
      let url: string | undefined =
        `${mailboxPath}/mailFolders/${encodeURIComponent(folderId)}/messages?$select=id,subject,receivedDateTime&$orderby=receivedDateTime asc&$top=${Math.min(limit, 50)}`;
      while (url && found.length < limit) {
        const page = (await request('GET', url)) as { value?: GraphMessageRef[]; '@odata.nextLink'?: string };
        found.push(...(page.value ?? []));
        url = page['@odata.nextLink'];
      }
      return found.slice(0, limit);
    },
    fetchMime: async (messageId: string) =>
      (await request('GET', `${mailboxPath}/messages/${encodeURIComponent(messageId)}/$value`, {
        bytes: true,
        notFound: 'folder',
      })) as Buffer,
    move: (messageId: string, destinationId: string) =>
      request('POST', `${mailboxPath}/messages/${encodeURIComponent(messageId)}/move`, { body: { destinationId }, action: 'updated' }),
  };
};

export type GraphMailClient = ReturnType<typeof createGraphMailClient>;
