// The real app on a real database for medium tests: real schemas, auth, RLS and error handler.
// Logs are captured so tests can search them for secrets.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { buildApp } from '#src/app';
import { buildKeyring } from '#src/features/credentials/master-key';
import { createOutboundPolicy, type OutboundPolicy } from '#src/features/external-calls/outbound-policy';
import type { Clock } from '#src/lib/clock';
import type { UserRole } from '#src/lib/context';
import { createLogger } from '#src/logger';
import type { PilotModelConfig } from '#src/models/model-settings';
import { createServices } from '#src/services';
import { FAST_RETRIES } from './fast-retries';
import { createTestDatabase } from './test-database';

export const TEST_PASSWORD = 'correct-horse-battery-staple';

export const createTestApp = async (
  options: { clock?: Clock; fetch?: typeof fetch; pilot?: PilotModelConfig; outbound?: OutboundPolicy } = {},
) => {
  const { database, drop } = await createTestDatabase();
  const logLines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ level: 'debug', stream });
  const keyring = buildKeyring(randomBytes(32), [], 'env');
  const services = createServices({
    database,
    keyring,
    clock: options.clock,
    fetch: options.fetch,
    retryPolicy: FAST_RETRIES,
    psaTimeoutMs: 5_000,
    pilot: options.pilot,
    // Sandboxes and fakes listen on loopback; the outbound policy has tests of its own.
    outbound: options.outbound ?? createOutboundPolicy({ allowPrivate: true }),
  });
  const app = await buildApp({ services, logger });
  let accounts = 0;

  /** A new account with one user per role; every password is TEST_PASSWORD. */
  const newAccount = async (roles: UserRole[] = ['admin', 'operator', 'reporter']) => {
    accounts += 1;
    const slug = `acct-${accounts}-${randomBytes(3).toString('hex')}`;
    const { account, users } = await services.accounts.createAccount({
      name: `Account ${accounts}`,
      slug,
      users: roles.map((role) => ({ email: `${role}@${slug}.test`, displayName: `${role} of ${slug}`, role, password: TEST_PASSWORD })),
    });
    const byRole = Object.fromEntries(users.map((u) => [u.role, u])) as Record<UserRole, (typeof users)[number]>;
    return { account, users: byRole };
  };

  /** Signs in through the API; returns headers for later cookie-authenticated calls. */
  const login = async (email: string, password = TEST_PASSWORD) => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    if (response.statusCode !== 200) {
      throw new Error(`login failed: ${response.statusCode} ${response.body}`);
    }
    const cookie = response.cookies.find((c) => c.name === 'fd_session');
    const csrfToken = response.json<{ csrfToken: string }>().csrfToken;
    return { cookie: `fd_session=${cookie?.value}`, 'x-csrf-token': csrfToken };
  };

  return {
    app,
    services,
    database,
    keyring,
    logLines,
    newAccount,
    login,
    async close() {
      await app.close();
      await drop();
    },
  };
};

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;
