// Starts the Microsoft Graph simulator (Entra ID token endpoint and the Graph mail API on one
// origin) with its `/_sandbox` control routes: deliver a mail, list folders, change the app's
// permissions or the default page size. Point Flightdeck's "sign-in URL" and "Graph URL" at its
// origin.
import { z } from 'zod';
import { startSandboxServer } from '#sandbox/http/sandbox-server';
import { createGraphApi, graphError } from './graph-api';
import { createGraphStore } from './graph-store';

const Behaviour = z
  .object({
    permissions: z.array(z.enum(['Mail.Read', 'Mail.ReadWrite', 'User.Read.All'])),
    defaultPageSize: z.number().int().min(1).max(1000),
  })
  .partial()
  .strict();
const Delivery = z.object({ mimeBase64: z.string().min(1), folder: z.string().optional() }).strict();

export type GraphSandboxOptions = { port?: number; host?: string; clock?: () => Date };

export const startGraphSandbox = async (options: GraphSandboxOptions = {}) => {
  const store = createGraphStore(options.clock);
  const server = await startSandboxServer({
    name: 'graph',
    port: options.port,
    host: options.host,
    handle: createGraphApi(store),
    reset: store.reset,
    faultShape: {
      // What Exchange Online answers when an app exceeds its mailbox concurrency or rate.
      rateLimited: () => graphError(429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.').body,
      serverError: (status, detail) => graphError(status, 'ServiceUnavailable', detail ?? 'The service is temporarily unavailable.').body,
    },
    control: (req, parts) => {
      const [head] = parts;
      if (head === 'messages' && req.method === 'POST') {
        const parsed = Delivery.safeParse(req.body);
        if (!parsed.success) {
          return { status: 400, body: { error: 'invalid delivery', issues: parsed.error.issues } };
        }
        const message = store.deliver(Buffer.from(parsed.data.mimeBase64, 'base64'), parsed.data.folder);
        return { status: 201, body: { id: message.id } };
      }
      if (head === 'folders' && req.method === 'GET') {
        return {
          status: 200,
          body: {
            folders: [...store.folders.values()].map((f) => ({
              displayName: f.displayName,
              messages: [...store.messages.values()].filter((m) => m.folderId === f.id).map((m) => m.subject),
            })),
          },
        };
      }
      if (head === 'behaviour' && req.method === 'PATCH') {
        const parsed = Behaviour.safeParse(req.body);
        if (!parsed.success) {
          return { status: 400, body: { error: 'invalid behaviour', issues: parsed.error.issues } };
        }
        Object.assign(store.behaviour, parsed.data);
        return { status: 200, body: store.behaviour };
      }
      return undefined;
    },
  });
  const subjectsIn = (folderName: string) => {
    const folder = [...store.folders.values()].find((f) => f.displayName === folderName || f.wellKnownName === folderName);
    return folder ? [...store.messages.values()].filter((m) => m.folderId === folder.id).map((m) => m.subject) : [];
  };
  return { ...server, store, deliver: store.deliver, subjectsIn };
};

export type GraphSandbox = Awaited<ReturnType<typeof startGraphSandbox>>;
export { GRAPH_SANDBOX_CREDENTIALS } from './graph-store';
