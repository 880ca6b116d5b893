// A small IMAP4rev1 server for tests and the demo: plain TCP, LOGIN, folders, SELECT/EXAMINE,
// UID SEARCH / FETCH of whole messages, UID MOVE and CREATE — what a mailbox poller uses. It is
// not a mail server; messages are put in with `deliver()`.
import net from 'node:net';

export const IMAP_SANDBOX_CREDENTIALS = { user: 'backups@msp.example', password: 'sandbox-mail' } as const;

type Message = { uid: number; raw: Buffer; flags: string[] };
type Folder = { messages: Message[]; nextUid: number };

const CAPABILITIES = 'IMAP4rev1 MOVE UIDPLUS ID ENABLE NAMESPACE LITERAL+';

/** Splits an IMAP command's arguments, honouring "quoted strings" and (lists). */
const tokens = (text: string) => {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === ' ') {
      i += 1;
    } else if (c === '"') {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\') {
          j += 1;
        }
        value += text[j];
        j += 1;
      }
      out.push(value);
      i = j + 1;
    } else if (c === '(') {
      let depth = 0;
      let j = i;
      do {
        if (text[j] === '(') {
          depth += 1;
        } else if (text[j] === ')') {
          depth -= 1;
        }
        j += 1;
      } while (depth > 0 && j < text.length);
      out.push(text.slice(i, j));
      i = j;
    } else {
      let j = i;
      while (j < text.length && text[j] !== ' ') {
        j += 1;
      }
      out.push(text.slice(i, j));
      i = j;
    }
  }
  return out;
};

/** Message indexes (0-based) of a sequence or UID set like "1:*" or "3,5:7". */
const selectSet = (set: string, messages: Message[], byUid: boolean) => {
  const max = byUid ? (messages.at(-1)?.uid ?? 0) : messages.length;
  const wanted = (n: number) =>
    set.split(',').some((part) => {
      const [a, b = a] = part.split(':');
      const lo = a === '*' ? max : Number(a);
      const hi = b === '*' ? max : Number(b);
      return n >= Math.min(lo, hi) && n <= Math.max(lo, hi);
    });
  return messages.map((m, index) => ({ m, index })).filter(({ m, index }) => wanted(byUid ? m.uid : index + 1));
};

export const startImapSandbox = async (options: { port?: number } = {}) => {
  const folders = new Map<string, Folder>([['INBOX', { messages: [], nextUid: 1 }]]);
  const commands: string[] = [];
  const sockets = new Set<net.Socket>();

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffer = Buffer.alloc(0);
    let selected: string | null = null;
    let authenticated = false;
    const send = (line: string | Buffer) => socket.write(typeof line === 'string' ? `${line}\r\n` : line);
    socket.write(`* OK [CAPABILITY ${CAPABILITIES}] Flightdeck IMAP sandbox ready\r\n`);

    const folderOf = (name: string) => folders.get(name.toUpperCase() === 'INBOX' ? 'INBOX' : name);

    const handle = (tag: string, command: string, args: string[]) => {
      commands.push(`${command} ${command === 'LOGIN' ? '***' : args.join(' ')}`.trim());
      switch (command) {
        case 'CAPABILITY':
          send(`* CAPABILITY ${CAPABILITIES}`);
          return send(`${tag} OK CAPABILITY completed`);
        case 'ID':
          send('* ID NIL');
          return send(`${tag} OK ID completed`);
        case 'NOOP':
        case 'SUBSCRIBE':
        case 'UNSUBSCRIBE':
        case 'ENABLE':
        case 'CHECK':
          return send(`${tag} OK ${command} completed`);
        case 'LOGIN':
          if (args[0] === IMAP_SANDBOX_CREDENTIALS.user && args[1] === IMAP_SANDBOX_CREDENTIALS.password) {
            authenticated = true;
            return send(`${tag} OK [CAPABILITY ${CAPABILITIES}] Logged in`);
          }
          return send(`${tag} NO [AUTHENTICATIONFAILED] Invalid credentials`);
        case 'LOGOUT':
          send('* BYE Logging out');
          send(`${tag} OK LOGOUT completed`);
          return socket.end();
      }
      if (!authenticated) {
        return send(`${tag} NO Log in first`);
      }
      switch (command) {
        case 'NAMESPACE':
          send('* NAMESPACE (("" "/")) NIL NIL');
          return send(`${tag} OK NAMESPACE completed`);
        case 'LIST':
        case 'LSUB':
          for (const name of folders.keys()) {
            send(`* ${command} (\\HasNoChildren) "/" "${name}"`);
          }
          return send(`${tag} OK ${command} completed`);
        case 'CREATE': {
          const name = args[0] as string;
          if (folderOf(name)) {
            return send(`${tag} NO [ALREADYEXISTS] Mailbox exists`);
          }
          folders.set(name, { messages: [], nextUid: 1 });
          return send(`${tag} OK CREATE completed`);
        }
        case 'SELECT':
        case 'EXAMINE': {
          const folder = folderOf(args[0] as string);
          if (!folder) {
            return send(`${tag} NO [NONEXISTENT] Unknown mailbox`);
          }
          selected = folders.get(args[0] as string) ? (args[0] as string) : 'INBOX';
          send('* FLAGS (\\Seen \\Deleted \\Flagged)');
          send(`* ${folder.messages.length} EXISTS`);
          send('* 0 RECENT');
          send('* OK [UIDVALIDITY 1] UIDs valid');
          send(`* OK [UIDNEXT ${folder.nextUid}] Predicted next UID`);
          return send(`${tag} OK [${command === 'SELECT' ? 'READ-WRITE' : 'READ-ONLY'}] ${command} completed`);
        }
        case 'CLOSE':
        case 'UNSELECT':
          selected = null;
          return send(`${tag} OK ${command} completed`);
        case 'STATUS': {
          const folder = folderOf(args[0] as string);
          if (!folder) {
            return send(`${tag} NO [NONEXISTENT] Unknown mailbox`);
          }
          send(`* STATUS "${args[0]}" (MESSAGES ${folder.messages.length} UIDNEXT ${folder.nextUid} UIDVALIDITY 1 UNSEEN 0)`);
          return send(`${tag} OK STATUS completed`);
        }
      }
      const folder = selected ? (folders.get(selected) as Folder) : null;
      if (!folder) {
        return send(`${tag} NO Select a mailbox first`);
      }
      const byUid = command === 'UID';
      const [sub, ...rest] = byUid ? [(args[0] as string).toUpperCase(), ...args.slice(1)] : [command, ...args];
      switch (sub) {
        case 'SEARCH': {
          const hits = folder.messages.map((m, index) => (byUid ? m.uid : index + 1));
          send(`* SEARCH${hits.length ? ` ${hits.join(' ')}` : ''}`);
          return send(`${tag} OK SEARCH completed`);
        }
        case 'FETCH': {
          for (const { m, index } of selectSet(rest[0] as string, folder.messages, byUid)) {
            const items = (rest.slice(1).join(' ') || '').toUpperCase();
            const parts = [`UID ${m.uid}`, `FLAGS (${m.flags.join(' ')})`];
            if (items.includes('RFC822.SIZE')) {
              parts.push(`RFC822.SIZE ${m.raw.length}`);
            }
            if (items.includes('BODY[]') || items.includes('BODY.PEEK[]') || items.includes('RFC822')) {
              send(
                Buffer.concat([
                  Buffer.from(`* ${index + 1} FETCH (${parts.join(' ')} BODY[] {${m.raw.length}}\r\n`),
                  m.raw,
                  Buffer.from(')\r\n'),
                ]),
              );
            } else {
              send(`* ${index + 1} FETCH (${parts.join(' ')})`);
            }
          }
          return send(`${tag} OK FETCH completed`);
        }
        case 'MOVE': {
          const target = folderOf(rest[1] as string);
          if (!target) {
            return send(`${tag} NO [TRYCREATE] No such mailbox`);
          }
          const moving = selectSet(rest[0] as string, folder.messages, byUid);
          const uids: number[] = [];
          const newUids: number[] = [];
          for (const { m } of moving) {
            uids.push(m.uid);
            newUids.push(target.nextUid);
            target.messages.push({ ...m, uid: target.nextUid++ });
          }
          send(`* OK [COPYUID 1 ${uids.join(',') || '0'} ${newUids.join(',') || '0'}] Moved`);
          for (const { index } of [...moving].sort((a, b) => b.index - a.index)) {
            folder.messages.splice(index, 1);
            send(`* ${index + 1} EXPUNGE`);
          }
          return send(`${tag} OK MOVE completed`);
        }
        default:
          return send(`${tag} BAD Unsupported command ${command}${byUid ? ` ${sub}` : ''}`);
      }
    };

    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const end = buffer.indexOf('\r\n');
        if (end < 0) {
          return;
        }
        let line = buffer.subarray(0, end).toString('utf8');
        let consumed = end + 2;
        // A literal ({n} or {n+}) continues the command with n raw bytes.
        const literal = /\{(\d+)(\+?)\}$/.exec(line);
        if (literal) {
          const size = Number(literal[1]);
          if (buffer.length < consumed + size) {
            if (!literal[2]) {
              socket.write('+ Ready for literal data\r\n');
            }
            return;
          }
          line = `${line.slice(0, literal.index)}"${buffer
            .subarray(consumed, consumed + size)
            .toString('utf8')
            .replaceAll('"', '\\"')}"`;
          consumed += size;
          const rest = buffer.indexOf('\r\n', consumed);
          if (rest < 0) {
            return;
          }
          line += buffer.subarray(consumed, rest).toString('utf8');
          consumed = rest + 2;
        }
        buffer = buffer.subarray(consumed);
        const [tag = '*', command = '', ...args] = tokens(line);
        handle(tag, command.toUpperCase(), args);
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
  const address = server.address() as net.AddressInfo;

  return {
    host: '127.0.0.1',
    port: address.port,
    /** Puts a message into a folder (INBOX by default). */
    deliver(raw: Buffer | string, folder = 'INBOX') {
      let target = folders.get(folder);
      if (!target) {
        target = { messages: [], nextUid: 1 };
        folders.set(folder, target);
      }
      target.messages.push({ uid: target.nextUid++, raw: Buffer.isBuffer(raw) ? raw : Buffer.from(raw), flags: [] });
    },
    count: (folder = 'INBOX') => folders.get(folder)?.messages.length ?? 0,
    commands: () => [...commands],
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) {
          socket.destroy();
        }
      }),
  };
};

export type ImapSandbox = Awaited<ReturnType<typeof startImapSandbox>>;
