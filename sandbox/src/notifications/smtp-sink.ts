// An SMTP server that keeps every mail it is given (issue 20): for tests and the demo, built on
// nodemailer's smtp-server and read back with mailparser, so what Flightdeck sends is parsed the
// way a mail client would. It speaks plain SMTP with AUTH PLAIN/LOGIN (no TLS: loopback only),
// and can refuse connections with a 421 greeting, as a server that is down for maintenance does.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export const SMTP_SINK_CREDENTIALS = { user: 'flightdeck', password: 'sandbox-smtp' } as const;

export type SinkMail = {
  id: number;
  receivedAt: string;
  envelopeFrom: string;
  envelopeTo: string[];
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Attachments by file name and type, with their size (a monthly report's PDF and CSV). */
  attachments: { filename: string; contentType: string; size: number }[];
  raw: string;
};

export type SmtpSinkOptions = { port?: number; host?: string; requireAuth?: boolean };

export const startSmtpSink = async (options: SmtpSinkOptions = {}) => {
  const mails: SinkMail[] = [];
  let nextId = 1;
  let refuseNext = 0;
  let connections = 0;

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: options.requireAuth === false,
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    banner: 'Flightdeck SMTP sink',
    size: 25 * 1024 * 1024,
    logger: false,
    onConnect(_session, callback) {
      connections += 1;
      if (refuseNext > 0) {
        refuseNext -= 1;
        return callback(Object.assign(new Error('Service not available, try again later'), { responseCode: 421 }));
      }
      callback();
    },
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_SINK_CREDENTIALS.user && auth.password === SMTP_SINK_CREDENTIALS.password) {
        return callback(null, { user: auth.username });
      }
      callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            const addressText = (value: typeof parsed.to) =>
              Array.isArray(value) ? value.map((v) => v.text).join(', ') : (value?.text ?? '');
            mails.push({
              id: nextId++,
              receivedAt: new Date().toISOString(),
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              from: parsed.from?.text ?? '',
              to: addressText(parsed.to),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? '', contentType: a.contentType, size: a.size })),
              raw: raw.toString('utf8'),
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    host: options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1',
    port,
    mails: () => [...mails],
    mail: (id: number) => mails.find((m) => m.id === id),
    clear: () => {
      mails.length = 0;
    },
    /** The next `times` connections are greeted with 421 and closed. */
    refuseConnections: (times: number) => {
      refuseNext = times;
    },
    /** Connections accepted or refused since the start. */
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;
