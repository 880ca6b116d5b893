// Issue 20: where Flightdeck's notifications land offline — an SMTP sink and the Teams, Slack and
// signed-webhook receivers on one HTTP origin, with pages a person can read (`/` lists what came
// in, `/mails/{id}` shows one mail as a mail client would) and the shared `/_sandbox` control API.
import { escapeHtml, htmlPage } from '../http/html-page';
import { type SandboxResponse, startSandboxServer } from '../http/sandbox-server';
import { type SinkMail, type SmtpSinkOptions, startSmtpSink } from './smtp-sink';
import { createWebhookReceiver } from './webhook-receiver';

const mailRow = (m: SinkMail) =>
  `<tr><td>${escapeHtml(m.receivedAt)}</td><td>${escapeHtml(m.to)}</td><td><a href="/mails/${m.id}">${escapeHtml(m.subject || '(no subject)')}</a></td><td>${m.attachments.map((a) => escapeHtml(a.filename)).join(', ')}</td></tr>`;

const mailPage = (m: SinkMail): SandboxResponse =>
  htmlPage(
    m.subject,
    `<p><a href="/">← all mails</a></p><h1>${escapeHtml(m.subject)}</h1>
<table><tr><th>From</th><td>${escapeHtml(m.from)}</td></tr><tr><th>To</th><td>${escapeHtml(m.to)}</td></tr><tr><th>Received</th><td>${escapeHtml(m.receivedAt)}</td></tr>
<tr><th>Attachments</th><td>${m.attachments.map((a) => `${escapeHtml(a.filename)} (${escapeHtml(a.contentType)}, ${a.size} bytes)`).join('<br>') || 'none'}</td></tr></table>
${m.html ? `<h2>HTML part</h2><iframe title="HTML part" sandbox="" style="width:100%;height:70vh;border:1px solid #ccc" srcdoc="${escapeHtml(m.html)}"></iframe>` : ''}
<h2>Text part</h2><pre>${escapeHtml(m.text)}</pre>`,
  );

export const startNotificationsSandbox = async (options: { httpPort?: number; smtp?: SmtpSinkOptions; host?: string } = {}) => {
  const smtp = await startSmtpSink({ host: options.host, ...options.smtp });
  const receiver = createWebhookReceiver();

  const index = (): SandboxResponse => {
    const calls = receiver.received().reverse();
    return htmlPage(
      'Notifications sandbox',
      `<h1>Notifications sandbox</h1>
<p>SMTP sink at <code>${escapeHtml(smtp.host)}:${smtp.port}</code> (no TLS; user <code>flightdeck</code>, password <code>sandbox-smtp</code>).
Webhook URLs: <code>/teams/{name}</code>, <code>/slack/{name}</code>, <code>/hooks/{name}</code> (signed).</p>
<h2>Mails (${smtp.mails().length})</h2>
<table><tr><th>Received</th><th>To</th><th>Subject</th><th>Attachments</th></tr>${smtp.mails().reverse().map(mailRow).join('')}</table>
<h2>Webhook calls (${calls.length})</h2>
<table><tr><th>Received</th><th>Kind</th><th>Hook</th><th>Answer</th><th>Signature</th><th>Body</th></tr>${calls
        .map(
          (c) =>
            `<tr><td>${escapeHtml(c.at)}</td><td>${c.kind}</td><td>${escapeHtml(c.name)}</td><td>${c.status}</td><td>${
              c.verified === null ? '—' : c.verified ? 'verified' : `refused: ${escapeHtml(c.reason)}`
            }</td><td><pre>${escapeHtml(JSON.stringify(c.body, null, 2).slice(0, 4000))}</pre></td></tr>`,
        )
        .join('')}</table>`,
    );
  };

  const http = await startSandboxServer({
    name: 'notifications',
    port: options.httpPort,
    host: options.host,
    faultShape: {
      rateLimited: () => ({ error: 'rate limited' }),
      serverError: (status, message) => ({ error: message ?? `HTTP ${status}` }),
    },
    reset: () => {
      smtp.clear();
      receiver.clear();
    },
    handle(req) {
      const hook = receiver.handle(req);
      if (hook) {
        return hook;
      }
      if (req.method === 'GET' && req.path === '/') {
        return index();
      }
      const mail = /^\/mails\/(\d+)$/.exec(req.path);
      const found = mail ? smtp.mail(Number(mail[1])) : undefined;
      if (req.method === 'GET' && found) {
        return mailPage(found);
      }
      return htmlPage('Not found', '<p>Nothing here. <a href="/">Back</a></p>', 404);
    },
    control(req, parts) {
      const [head, sub] = parts;
      if (head === 'mails' && req.method === 'GET') {
        return { status: 200, body: { mails: smtp.mails() } };
      }
      if (head === 'mails' && req.method === 'DELETE') {
        smtp.clear();
        return { status: 204 };
      }
      if (head === 'webhooks' && req.method === 'GET') {
        return { status: 200, body: { calls: receiver.received() } };
      }
      if (head === 'webhooks' && req.method === 'DELETE') {
        receiver.clear();
        return { status: 204 };
      }
      if (head === 'smtp' && sub === 'refuse' && req.method === 'POST') {
        smtp.refuseConnections(Number((req.body as { times?: number })?.times ?? 1));
        return { status: 204 };
      }
      if (head === 'webhook-secrets' && req.method === 'POST') {
        const body = req.body as { name?: string; secret?: string };
        if (!body?.name || !body.secret) {
          return { status: 400, body: { error: 'name and secret are required' } };
        }
        receiver.setSecret(body.name, body.secret);
        return { status: 204 };
      }
      return undefined;
    },
  });

  return {
    smtp,
    receiver,
    http,
    origin: http.origin,
    /** A receiver URL for a channel kind and a hook name. */
    hookUrl: (kind: 'teams' | 'slack' | 'hooks', name: string) => `${http.origin}/${kind}/${name}`,
    close: async () => {
      await Promise.all([smtp.close(), http.close()]);
    },
  };
};

export type NotificationsSandbox = Awaited<ReturnType<typeof startNotificationsSandbox>>;
