// The state of the Microsoft Graph simulator: one Entra ID tenant with one app registration
// (client credentials) and one mailbox with Exchange's default folders. Ids are opaque strings,
// as Graph's are, and a message gets a new id when it moves to another folder, as in Exchange.
import { randomBytes } from 'node:crypto';

export const GRAPH_SANDBOX_CREDENTIALS = {
  tenantId: '6f1d3a52-1c2b-4f7e-9a0d-5b8e2c4d7f10',
  /** The tenant's domain also names it in token requests, as on the real service. */
  tenantDomain: 'flightdecksandbox.onmicrosoft.com',
  clientId: '0c5e8a14-3b7d-4e2f-8c91-7a6d5f4e3b21',
  clientSecret: 'sandbox-graph-secret~Q8',
  mailbox: 'backups@flightdecksandbox.onmicrosoft.com',
} as const;

export type GraphFolder = { id: string; displayName: string; parentFolderId: string; wellKnownName: string | null };
export type GraphMessage = { id: string; folderId: string; mime: Buffer; subject: string; from: string; receivedDateTime: string };

const opaqueId = (prefix: string) => `${prefix}${randomBytes(24).toString('base64url')}=`;

const WELL_KNOWN: readonly [wellKnownName: string, displayName: string][] = [
  ['inbox', 'Inbox'],
  ['archive', 'Archive'],
  ['deleteditems', 'Deleted Items'],
  ['drafts', 'Drafts'],
  ['junkemail', 'Junk Email'],
  ['sentitems', 'Sent Items'],
];

/** Subject and From of a raw mail, for the message list (unfolded, undecoded: as a list shows). */
const headerOf = (mime: Buffer, name: string) => {
  const head =
    mime
      .subarray(0, 16_384)
      .toString('latin1')
      .split(/\r?\n\r?\n/)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? line.slice(name.length + 1).trim() : '';
};

export const createGraphStore = (clock: () => Date = () => new Date()) => {
  const rootId = opaqueId('AAMkRoot');
  const folders = new Map<string, GraphFolder>();
  const messages = new Map<string, GraphMessage>();
  const tokens = new Map<string, { expiresAt: number; roles: string[] }>();
  const behaviour = {
    /** Application permissions granted to the app (admin consent); Mail.ReadWrite by default. */
    permissions: ['Mail.ReadWrite'] as string[],
    /** Graph's default page size for message lists is 10. */
    defaultPageSize: 10,
  };

  const reset = () => {
    folders.clear();
    messages.clear();
    tokens.clear();
    behaviour.permissions = ['Mail.ReadWrite'];
    behaviour.defaultPageSize = 10;
    for (const [wellKnownName, displayName] of WELL_KNOWN) {
      const id = opaqueId('AAMkFolder');
      folders.set(id, { id, displayName, parentFolderId: rootId, wellKnownName });
    }
  };
  reset();

  return {
    rootId,
    folders,
    messages,
    tokens,
    behaviour,
    reset,
    issueToken: () => {
      const token = `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${randomBytes(32).toString('base64url')}`;
      tokens.set(token, { expiresAt: clock().getTime() + 3599_000, roles: [...behaviour.permissions] });
      return token;
    },
    folderByIdOrWellKnown: (key: string) =>
      folders.get(key) ?? [...folders.values()].find((f) => f.wellKnownName !== null && f.wellKnownName === key.toLowerCase()),
    addFolder: (displayName: string, parentFolderId: string) => {
      const id = opaqueId('AAMkFolder');
      const folder = { id, displayName, parentFolderId, wellKnownName: null };
      folders.set(id, folder);
      return folder;
    },
    deliver: (mime: Buffer, folderName = 'inbox') => {
      const folder = [...folders.values()].find((f) => f.wellKnownName === folderName || f.displayName === folderName);
      if (!folder) {
        throw new Error(`no folder ${folderName}`);
      }
      const id = opaqueId('AAMkMessage');
      const message = {
        id,
        folderId: folder.id,
        mime,
        subject: headerOf(mime, 'subject'),
        from: headerOf(mime, 'from'),
        receivedDateTime: clock()
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z'),
      };
      messages.set(id, message);
      return message;
    },
    /** Exchange gives a moved item a new id in its new folder. */
    move: (message: GraphMessage, folderId: string) => {
      messages.delete(message.id);
      const moved = { ...message, id: opaqueId('AAMkMessage'), folderId };
      messages.set(moved.id, moved);
      return moved;
    },
  };
};

export type GraphStore = ReturnType<typeof createGraphStore>;
