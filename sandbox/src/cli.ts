// `npm run sandbox -- --autotask-port 7101 --connectwise-port 7102`: both PSA simulators and the
// notifications sandbox (SMTP sink, webhook receivers) standalone.
import { parseArgs } from 'node:util';
import { startNotificationsSandbox } from './notifications/notifications-sandbox';
import { SMTP_SINK_CREDENTIALS } from './notifications/smtp-sink';
import { AUTOTASK_SANDBOX_CREDENTIALS, CONNECTWISE_SANDBOX_CREDENTIALS, startSandboxes } from './start-sandboxes';

const { values } = parseArgs({
  options: {
    'autotask-port': { type: 'string', default: '7101' },
    'connectwise-port': { type: 'string', default: '7102' },
    'notifications-port': { type: 'string', default: '7103' },
    'smtp-port': { type: 'string', default: '7125' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});

const port = (value: string | undefined, name: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`--${name} must be a port number (0-65535), got "${value}"`);
    process.exit(2);
  }
  return n;
};

const sandboxes = await startSandboxes({
  autotaskPort: port(values['autotask-port'], 'autotask-port'),
  connectwisePort: port(values['connectwise-port'], 'connectwise-port'),
  host: values.host,
});

const notifications = await startNotificationsSandbox({
  httpPort: port(values['notifications-port'], 'notifications-port'),
  smtp: { port: port(values['smtp-port'], 'smtp-port') },
  host: values.host,
});

console.log(`Autotask sandbox     ${sandboxes.autotask.apiUrl}
  user ${AUTOTASK_SANDBOX_CREDENTIALS.username} · secret ${AUTOTASK_SANDBOX_CREDENTIALS.secret} · integration code ${AUTOTASK_SANDBOX_CREDENTIALS.integrationCode}
ConnectWise sandbox  ${sandboxes.connectwise.apiUrl}
  company ${CONNECTWISE_SANDBOX_CREDENTIALS.companyId} · public key ${CONNECTWISE_SANDBOX_CREDENTIALS.publicKey} · private key ${CONNECTWISE_SANDBOX_CREDENTIALS.privateKey} · client id ${CONNECTWISE_SANDBOX_CREDENTIALS.clientId}
Notifications        ${notifications.origin} (mails and webhook calls received; /teams/{name}, /slack/{name}, /hooks/{name})
  SMTP sink ${notifications.smtp.host}:${notifications.smtp.port} · user ${SMTP_SINK_CREDENTIALS.user} · password ${SMTP_SINK_CREDENTIALS.password} (no TLS)
Control API: <sandbox>/_sandbox/… (see sandbox/README.md). Stop: Ctrl+C`);

const stop = async () => {
  await Promise.all([sandboxes.close(), notifications.close()]);
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
