// The report mailbox in Microsoft 365, through the Graph mail client. The processed and failed
// folders are created when missing; mails are moved one by one (Graph has no batch move).
import { createGraphMailClient, type GraphMailConfig, GraphMailError } from '#src/clients/graph/graph-mail.client';
import type { ExternalCaller } from '#src/features/external-calls/external-caller';
import type { RequestContext } from '#src/lib/context';
import type { ConnectionStep, MailSource } from './mail-source';

export type GraphSettings = GraphMailConfig & { folder: string; processedFolder: string; failedFolder: string };

export const openGraphSource = async (caller: ExternalCaller, ctx: RequestContext, settings: GraphSettings): Promise<MailSource> => {
  const client = createGraphMailClient(caller, ctx, settings);
  const source = await client.folderAt(settings.folder, false);
  const processed = await client.folderAt(settings.processedFolder, true);
  const failed = await client.folderAt(settings.failedFolder, true);
  return {
    async waiting(limit) {
      return (await client.listMessages(source.id, limit)).map((m) => ({
        key: m.id,
        label: `"${m.subject}" (${m.receivedDateTime})`,
        raw: () => client.fetchMime(m.id),
      }));
    },
    async moveTo(keys, folder) {
      for (const key of keys) {
        await client.move(key, folder === 'processed' ? processed.id : failed.id);
      }
    },
    close: async () => {},
  };
};

const stepOf = (error: unknown): ConnectionStep['step'] => {
  const failure = error instanceof GraphMailError ? error.failure : 'unavailable';
  return failure === 'token' || failure === 'unavailable' || failure === 'throttled' ? 'token' : failure;
};

/** Test connection: sign in as the app, open the mailbox, find the folder, read a message. */
export const testGraph = async (caller: ExternalCaller, ctx: RequestContext, settings: GraphSettings): Promise<ConnectionStep[]> => {
  const client = createGraphMailClient(caller, ctx, settings);
  const steps: ConnectionStep[] = [];
  try {
    await client.getToken();
    steps.push({ step: 'token', ok: true, message: `Signed in as app ${settings.clientId} in tenant ${settings.tenantId}.` });
    await client.folderAt('Inbox', false);
    steps.push({ step: 'mailbox', ok: true, message: `Mailbox ${settings.mailbox} found.` });
    const folder = await client.folderAt(settings.folder, false);
    steps.push({ step: 'folder', ok: true, message: `Folder "${settings.folder}" found.` });
    await client.listMessages(folder.id, 1);
    steps.push({
      step: 'permission',
      ok: true,
      message: 'The app may read the mailbox. Moving mails needs Mail.ReadWrite; the first poll shows whether it is granted.',
    });
  } catch (error) {
    const step = stepOf(error);
    steps.push({ step, ok: false, message: (error as Error).message });
  }
  return steps;
};
