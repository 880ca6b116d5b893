// Microsoft Graph as a mailbox poller meets it, from Microsoft's documentation and field reports:
// - Entra ID token endpoint `POST /{tenant}/oauth2/v2.0/token` (client credentials, form-encoded,
//   scope `https://graph.microsoft.com/.default`); errors as `{error, error_description:
//   "AADSTSnnnn: …", error_codes, trace_id, correlation_id}` — 400 for an unknown tenant
//   (AADSTS90002) or application (AADSTS700016), 401 `invalid_client` for a wrong secret
//   (AADSTS7000215).
// - Graph v1.0 under `/v1.0/users/{id|userPrincipalName}`: mailFolders (well-known names such as
//   `inbox`, `$filter=displayName eq '…'`, childFolders, create), folder messages with `$top`,
//   `$select` and `@odata.nextLink` paging (default page 10, at most 1000), `/messages/{id}/$value`
//   (the MIME as `text/plain`), `/messages/{id}/move` (201, the moved message with a new id).
// - Errors as `{error: {code, message, innerError}}`: 401 InvalidAuthenticationToken, 403
//   ErrorAccessDenied without Mail.Read(Write) consent, 404 ErrorInvalidUser for an unknown mailbox
//   and ErrorItemNotFound for an unknown folder or message, 409 ErrorFolderExists; throttling is
//   injected with the shared fault rules (429 with Retry-After).
import { randomUUID } from 'node:crypto';
import type { SandboxRequest, SandboxResponse } from '#sandbox/http/sandbox-server';
import { GRAPH_SANDBOX_CREDENTIALS as CREDS, type GraphFolder, type GraphMessage, type GraphStore } from './graph-store';

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const READ_ROLES = ['Mail.Read', 'Mail.ReadWrite'];

const identityError = (status: number, error: string, code: number, description: string): SandboxResponse => ({
  status,
  body: {
    error,
    error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${randomUUID()}\r\nCorrelation ID: ${randomUUID()}\r\nTimestamp: ${new Date().toISOString().replace('T', ' ').slice(0, 19)}Z`,
    error_codes: [code],
    timestamp: `${new Date().toISOString().replace('T', ' ').slice(0, 19)}Z`,
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
  },
});

export const graphError = (status: number, code: string, message: string): SandboxResponse => ({
  status,
  body: {
    error: {
      code,
      message,
      innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': randomUUID(), 'client-request-id': randomUUID() },
    },
  },
});

const folderView = (store: GraphStore, folder: GraphFolder) => {
  const inFolder = [...store.messages.values()].filter((m) => m.folderId === folder.id);
  return {
    id: folder.id,
    displayName: folder.displayName,
    parentFolderId: folder.parentFolderId,
    childFolderCount: [...store.folders.values()].filter((f) => f.parentFolderId === folder.id).length,
    unreadItemCount: inFolder.length,
    totalItemCount: inFolder.length,
    sizeInBytes: inFolder.reduce((sum, m) => sum + m.mime.length, 0),
    isHidden: false,
  };
};

const messageView = (message: GraphMessage, select: string[] | null) => {
  const full: Record<string, unknown> = {
    '@odata.etag': `W/"${message.id.slice(-12)}"`,
    id: message.id,
    subject: message.subject,
    receivedDateTime: message.receivedDateTime,
    parentFolderId: message.folderId,
    internetMessageId: null,
    from: { emailAddress: { name: message.from, address: message.from } },
    isRead: false,
  };
  if (!select) {
    return full;
  }
  // $select keeps the listed properties; id and the etag always come back.
  return Object.fromEntries(Object.entries(full).filter(([key]) => key === 'id' || key === '@odata.etag' || select.includes(key)));
};

/** `displayName eq 'Processed'` → the name ('' doubled for a quote), or null for anything else. */
const displayNameFilter = (filter: string | null) => {
  if (!filter) {
    return null;
  }
  const match = /^displayName eq '((?:[^']|'')*)'$/.exec(filter.trim());
  return match ? (match[1] as string).replaceAll("''", "'") : undefined;
};

export const createGraphApi = (store: GraphStore) => {
  const token = (req: SandboxRequest, tenant: string): SandboxResponse => {
    const form = new URLSearchParams(req.rawBody);
    if (tenant !== CREDS.tenantId && tenant.toLowerCase() !== CREDS.tenantDomain) {
      return identityError(
        400,
        'invalid_request',
        90002,
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      );
    }
    if (form.get('grant_type') !== 'client_credentials') {
      return identityError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    }
    if (form.get('client_id') !== CREDS.clientId) {
      return identityError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${form.get('client_id') ?? ''}' was not found in the directory '${CREDS.tenantDomain}'.`,
      );
    }
    if (form.get('client_secret') !== CREDS.clientSecret) {
      return identityError(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${CREDS.clientId}'.`,
      );
    }
    if (form.get('scope') !== GRAPH_SCOPE) {
      return identityError(400, 'invalid_scope', 1002012, `The provided value for scope ${form.get('scope') ?? ''} is not valid.`);
    }
    return { status: 200, body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: store.issueToken() } };
  };

  const authorise = (req: SandboxRequest): SandboxResponse | { roles: string[] } => {
    const header = req.headers.authorization ?? '';
    if (!header) {
      return graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    }
    const granted = store.tokens.get(header.replace(/^Bearer /, ''));
    if (!granted) {
      return graphError(401, 'InvalidAuthenticationToken', 'IDX14100: JWT is not well formed, there are no dots (.).');
    }
    if (granted.expiresAt < Date.now()) {
      return graphError(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
    }
    return { roles: granted.roles };
  };

  const graph = (req: SandboxRequest, parts: string[]): SandboxResponse => {
    const auth = authorise(req);
    if ('status' in auth) {
      return auth;
    }
    const [users, user, collection, id, action] = parts;
    if (users !== 'users' || !user) {
      return graphError(400, 'BadRequest', `Resource not found for the segment '${users ?? ''}'.`);
    }
    if (user.toLowerCase() !== CREDS.mailbox) {
      return graphError(404, 'ErrorInvalidUser', `The requested user '${user}' is invalid.`);
    }
    const canRead = auth.roles.some((r) => READ_ROLES.includes(r));
    const canWrite = auth.roles.includes('Mail.ReadWrite');
    const writes = req.method !== 'GET';
    if (!canRead || (writes && !canWrite)) {
      return graphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    }
    const base = `${req.url.protocol}//${req.headers.host}/v1.0/users/${encodeURIComponent(user)}`;

    if (collection === 'mailFolders') {
      if (!id) {
        if (req.method === 'POST') {
          return createFolder(req, store.rootId);
        }
        const wanted = displayNameFilter(req.url.searchParams.get('$filter'));
        if (wanted === undefined) {
          return graphError(400, 'ErrorInvalidUrlQueryFilter', 'The query filter contains one or more invalid nodes.');
        }
        const top = [...store.folders.values()].filter(
          (f) => f.parentFolderId === store.rootId && (wanted === null || f.displayName === wanted),
        );
        return { status: 200, body: { '@odata.context': `${base}/mailFolders`, value: top.map((f) => folderView(store, f)) } };
      }
      const folder = store.folderByIdOrWellKnown(id);
      if (!folder) {
        return graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      }
      if (!action) {
        return { status: 200, body: folderView(store, folder) };
      }
      if (action === 'childFolders') {
        if (req.method === 'POST') {
          return createFolder(req, folder.id);
        }
        const wanted = displayNameFilter(req.url.searchParams.get('$filter'));
        if (wanted === undefined) {
          return graphError(400, 'ErrorInvalidUrlQueryFilter', 'The query filter contains one or more invalid nodes.');
        }
        const children = [...store.folders.values()].filter(
          (f) => f.parentFolderId === folder.id && (wanted === null || f.displayName === wanted),
        );
        return { status: 200, body: { value: children.map((f) => folderView(store, f)) } };
      }
      if (action === 'messages' && req.method === 'GET') {
        return listMessages(req, folder, `${base}/mailFolders/${encodeURIComponent(id)}/messages`);
      }
    }
    if (collection === 'messages' && id) {
      const message = store.messages.get(id);
      if (!message) {
        return graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      }
      if (action === '$value' && req.method === 'GET') {
        return { status: 200, body: message.mime, headers: { 'content-type': 'text/plain' } };
      }
      if (action === 'move' && req.method === 'POST') {
        const destinationId = (req.body as { destinationId?: unknown } | undefined)?.destinationId;
        const destination = typeof destinationId === 'string' ? store.folderByIdOrWellKnown(destinationId) : undefined;
        if (!destination) {
          return graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
        }
        return { status: 201, body: messageView(store.move(message, destination.id), null) };
      }
      if (!action && req.method === 'GET') {
        return { status: 200, body: messageView(message, null) };
      }
    }
    return graphError(400, 'BadRequest', `Resource not found for the segment '${collection ?? ''}'.`);
  };

  const createFolder = (req: SandboxRequest, parentFolderId: string): SandboxResponse => {
    const displayName = (req.body as { displayName?: unknown } | undefined)?.displayName;
    if (typeof displayName !== 'string' || !displayName.trim()) {
      return graphError(400, 'ErrorInvalidRequest', 'The request is invalid: displayName is required.');
    }
    if ([...store.folders.values()].some((f) => f.parentFolderId === parentFolderId && f.displayName === displayName)) {
      return graphError(409, 'ErrorFolderExists', 'A folder with the specified name already exists.');
    }
    return { status: 201, body: folderView(store, store.addFolder(displayName, parentFolderId)) };
  };

  const listMessages = (req: SandboxRequest, folder: GraphFolder, self: string): SandboxResponse => {
    const params = req.url.searchParams;
    const top = params.has('$top') ? Number(params.get('$top')) : store.behaviour.defaultPageSize;
    const skip = Number(params.get('$skip') ?? 0);
    if (!Number.isInteger(top) || top < 1 || top > 1000 || !Number.isInteger(skip) || skip < 0) {
      return graphError(400, 'ErrorInvalidUrlQuery', 'The value of $top or $skip is not valid.');
    }
    const select =
      params
        .get('$select')
        ?.split(',')
        .map((s) => s.trim()) ?? null;
    // Newest first unless $orderby says otherwise; only receivedDateTime ordering is simulated.
    const ascending = params.get('$orderby')?.trim().toLowerCase() === 'receiveddatetime asc';
    const all = [...store.messages.values()]
      .filter((m) => m.folderId === folder.id)
      .sort((a, b) => (ascending ? 1 : -1) * a.receivedDateTime.localeCompare(b.receivedDateTime));
    const page = all.slice(skip, skip + top);
    const next = new URLSearchParams(params);
    next.set('$top', String(top));
    next.set('$skip', String(skip + top));
    return {
      status: 200,
      body: {
        '@odata.context': `${self}(${select?.join(',') ?? ''})`,
        value: page.map((m) => messageView(m, select)),
        ...(skip + top < all.length && { '@odata.nextLink': `${self}?${next.toString().replaceAll('%24', '$')}` }),
      },
    };
  };

  return async (req: SandboxRequest): Promise<SandboxResponse> => {
    const parts = req.path.split('/').filter(Boolean);
    if (parts[1] === 'oauth2' && parts[2] === 'v2.0' && parts[3] === 'token' && req.method === 'POST' && parts[0]) {
      return token(req, parts[0]);
    }
    if (parts[0] === 'v1.0') {
      return graph(req, parts.slice(1));
    }
    return graphError(404, 'NotFound', `No route for ${req.method} ${req.path}`);
  };
};
