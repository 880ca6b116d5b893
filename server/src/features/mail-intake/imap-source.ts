// The report mailbox over IMAP (imapflow). The password goes only to a host the outbound policy
// admits (N4), and TLS checks the certificate against the name the admin entered.
import { ImapFlow } from 'imapflow';
import { type OutboundPolicy, resolveOutboundHost } from '#src/features/external-calls/outbound-policy';
import type { RequestContext } from '#src/lib/context';
import type { ConnectionStep, MailSource, WaitingMail } from './mail-source';

const TIMEOUT_MS = 20_000;

export type ImapSettings = {
  host: string;
  port: number;
  tls: boolean;
  username: string;
  password: string;
  folder: string;
  processedFolder: string;
  failedFolder: string;
};

const detailOf = (error: unknown) => (error as { responseText?: string }).responseText ?? (error as Error).message;

const connect = async (ctx: RequestContext, outbound: OutboundPolicy, settings: ImapSettings) => {
  const address = await resolveOutboundHost(outbound, settings.host, settings.port);
  const client = new ImapFlow({
    host: address,
    ...(address !== settings.host && { servername: settings.host }),
    port: settings.port,
    secure: settings.tls,
    auth: { user: settings.username, pass: settings.password },
    logger: false,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  client.on('error', (error) => ctx.log.warn({ err: error }, 'IMAP connection error'));
  await client.connect();
  return client;
};

export const openImapSource = async (ctx: RequestContext, outbound: OutboundPolicy, settings: ImapSettings): Promise<MailSource> => {
  const client = await connect(ctx, outbound, settings);
  try {
    const existing = await client.list();
    for (const folder of [settings.processedFolder, settings.failedFolder]) {
      if (!existing.some((box) => box.path === folder)) {
        await client.mailboxCreate(folder);
      }
    }
    const lock = await client.getMailboxLock(settings.folder);
    return {
      async waiting(limit) {
        const mails: WaitingMail[] = [];
        for await (const message of client.fetch('1:*', { uid: true, source: true })) {
          if (message.source && mails.length < limit) {
            const source = message.source;
            mails.push({ key: String(message.uid), label: `UID ${message.uid}`, raw: async () => source });
          }
        }
        return mails;
      },
      async moveTo(keys, folder) {
        if (keys.length) {
          await client.messageMove(keys.join(','), folder === 'processed' ? settings.processedFolder : settings.failedFolder, {
            uid: true,
          });
        }
      },
      async close() {
        lock.release();
        await client.logout();
      },
    };
  } catch (error) {
    client.close();
    throw error;
  }
};

/** Test connection: reach the host, sign in, find the folder. */
export const testImap = async (ctx: RequestContext, outbound: OutboundPolicy, settings: ImapSettings): Promise<ConnectionStep[]> => {
  let client: ImapFlow;
  try {
    client = await connect(ctx, outbound, settings);
  } catch (error) {
    const authFailed = (error as { authenticationFailed?: boolean }).authenticationFailed;
    return authFailed
      ? [
          { step: 'connect', ok: true, message: `Reached ${settings.host}:${settings.port}.` },
          { step: 'sign_in', ok: false, message: `${settings.username} could not sign in: ${detailOf(error)}` },
        ]
      : [{ step: 'connect', ok: false, message: `Could not reach ${settings.host}:${settings.port}: ${detailOf(error)}` }];
  }
  const steps: ConnectionStep[] = [
    { step: 'connect', ok: true, message: `Reached ${settings.host}:${settings.port}.` },
    { step: 'sign_in', ok: true, message: `Signed in as ${settings.username}.` },
  ];
  try {
    const boxes = await client.list();
    const found = boxes.some(
      (box) => box.path === settings.folder || (settings.folder.toUpperCase() === 'INBOX' && box.path.toUpperCase() === 'INBOX'),
    );
    steps.push({
      step: 'folder',
      ok: found,
      message: found
        ? `Folder "${settings.folder}" found.`
        : `No folder "${settings.folder}"; folders are ${boxes.map((b) => b.path).join(', ')}.`,
    });
    await client.logout();
  } catch (error) {
    client.close();
    steps.push({ step: 'folder', ok: false, message: `Listing folders failed: ${detailOf(error)}` });
  }
  return steps;
};
