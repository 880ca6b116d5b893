// Starts Flightdeck: database, migrations, keyring, services, demo seed, HTTP, jobs; and stops it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNotificationsSandbox } from '@flightdeck/sandbox/notifications/notifications-sandbox';
import { startSandboxes } from '@flightdeck/sandbox/start-sandboxes';
import { buildApp } from '#src/app';
import type { Config } from '#src/config';
import { assertOwnerBypassesRls, openConfiguredDatabase } from '#src/db/connection';
import { holdServerLock } from '#src/db/server-lock';
import { withStartupLock } from '#src/db/startup-lock';
import { type DemoSeedResult, seedDemoAccount } from '#src/demo/seed-demo';
import { demoAdminContext, seedDemoIntegrations } from '#src/demo/seed-demo-integrations';
import { seedDemoNotifications } from '#src/demo/seed-demo-notifications';
import { seedDemoRuns } from '#src/demo/seed-demo-runs';
import { assertKeyringOpensSealedData, assertNoSealedDataWithoutKey } from '#src/features/credentials/key-recovery';
import { loadKeyring } from '#src/features/credentials/master-key';
import { migrateWithBackup } from '#src/features/db-backups/pre-migration-backup';
import { createOutboundPolicy } from '#src/features/external-calls/outbound-policy';
import { createMemoryPreviewCache, createRedisPreviewCache } from '#src/features/pilot-notes/preview-cache';
import { deliverNotification } from '#src/jobs/notifications.job';
import { createPgBossQueue } from '#src/jobs/pg-boss-queue';
import { ALL_JOBS } from '#src/jobs/registry';
import { createLogger } from '#src/logger';
import { createServices } from '#src/services';

export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export type Running = {
  url: string;
  demo: DemoSeedResult | null;
  sandboxes: { autotask: string; connectwise: string; notifications: string; smtp: string } | null;
  stop(): Promise<void>;
};

export const startFlightdeck = async (config: Config): Promise<Running> => {
  const logger = createLogger({ level: config.logLevel });
  const database = await openConfiguredDatabase(config);
  try {
    return await startOn(config, database, logger);
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
};

const startOn = async (
  config: Config,
  database: Awaited<ReturnType<typeof openConfiguredDatabase>>,
  logger: ReturnType<typeof createLogger>,
): Promise<Running> => {
  await assertOwnerBypassesRls(database);
  // Issue 21: an embedded data directory is this process's while it runs (restore checks it).
  const releaseLock = database.engine === 'pglite' ? holdServerLock(config.dataDir) : () => undefined;
  // Issue 21: pending migrations wait for a verified backup of the database as it is. Issue 14:
  // under the startup lock, so a second node starting at the same time waits and finds them done.
  const migrations = await withStartupLock(database, () =>
    migrateWithBackup(database, {
      enabled: config.backups.beforeMigrations,
      dir: config.backups.dir,
      keyring: async () => {
        await assertNoSealedDataWithoutKey(database, config);
        return loadKeyring(config);
      },
    }),
  );
  if (migrations.backup) {
    logger.info({ file: migrations.backup.file, verification: migrations.backup.verification }, 'backup taken before migrations');
  }
  if (migrations.applied.length) {
    logger.info({ applied: migrations.applied }, 'migrations applied');
  }
  // I1: never a new key over sealed data, never a start with secrets no key opens.
  await assertNoSealedDataWithoutKey(database, config);
  const keyring = loadKeyring(config);
  await assertKeyringOpensSealedData(database, keyring);
  const previewCache = config.redisUrl ? createRedisPreviewCache(config.redisUrl) : createMemoryPreviewCache();
  // Targets the operator named in the environment (a model endpoint) are theirs to choose; what
  // admins enter in the UI is checked against the policy.
  const outbound = createOutboundPolicy({
    allowPrivate: config.allowPrivateTargets,
    allowedOrigins: config.pilot.provider === 'offline' ? [] : [new URL(config.pilot.baseUrl).origin],
  });
  // Links in mails and alerts point here; known for certain once the server listens.
  let publicUrl: string | null = config.publicUrl ?? null;
  const services = createServices({
    publicUrl: () => publicUrl,
    database,
    keyring,
    sessionTtlHours: config.sessionTtlHours,
    pilot: config.pilot,
    previewCache,
    outbound,
    backups: { dir: config.backups.dir, cron: config.backups.cron, retention: config.backups.retention },
  });
  // One node creates the demo account; another starting with it sees it there.
  const demo = config.demo ? await withStartupLock(database, () => seedDemoAccount(services)) : null;

  const sandboxes = config.sandboxes.enabled
    ? await startSandboxes({ autotaskPort: config.sandboxes.autotaskPort, connectwisePort: config.sandboxes.connectwisePort })
    : null;
  // Issue 20: the SMTP sink and webhook receivers, for the demo's notifications.
  const notificationsSandbox = config.sandboxes.enabled ? await startNotificationsSandbox() : null;
  if (notificationsSandbox) {
    outbound.allowedOrigins.add(notificationsSandbox.origin);
    // Non-HTTP hosts are checked as https://host:port (resolveOutboundHost): the sink is allowed so.
    outbound.allowedOrigins.add(`https://${notificationsSandbox.smtp.host}:${notificationsSandbox.smtp.port}`);
  }
  // The in-process demo sandboxes are allowed by name (their origin), not by a blanket rule.
  for (const sandbox of sandboxes ? [sandboxes.autotask, sandboxes.connectwise] : []) {
    outbound.allowedOrigins.add(sandbox.origin);
  }
  // ConnectWise's sandbox also plays a cloud tenant: the site and its api- host (issue 15).
  for (const origin of sandboxes ? [sandboxes.connectwise.cloud.siteUrl, sandboxes.connectwise.cloud.apiOrigin] : []) {
    outbound.allowedOrigins.add(origin);
  }
  const app = await buildApp({ services, logger, webDistDir: path.resolve(DEFAULT_WEB_DIST), trustProxy: config.trustProxy });
  await app.listen({ port: config.port, host: config.host });
  const queue = config.jobs ? createPgBossQueue(database, ALL_JOBS, { services, log: logger }) : null;
  await queue?.start();
  if (queue) {
    services.notifications.dispatch.bind((accountId, deliveryId) => queue.send(deliverNotification, { accountId, deliveryId }));
  }

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  publicUrl = url;
  // The in-process sandboxes are this node's own: with several nodes on one database the demo
  // follows the node that started last. The lock keeps two first starts from seeding at once.
  await withStartupLock(database, async () => {
    if (demo && sandboxes) {
      await seedDemoIntegrations(services, demo.accountId, { sandboxes, baseUrl: url, log: logger });
    }
    if (demo && notificationsSandbox) {
      await seedDemoNotifications(services, demo.accountId, { smtp: notificationsSandbox.smtp, log: logger });
    }
    if (demo?.created) {
      const admin = await demoAdminContext(services, demo.accountId, logger);
      if (admin) {
        await seedDemoRuns(services, admin);
      }
    }
  });
  return {
    url,
    demo,
    sandboxes:
      sandboxes && notificationsSandbox
        ? {
            autotask: sandboxes.autotask.apiUrl,
            connectwise: sandboxes.connectwise.apiUrl,
            notifications: notificationsSandbox.origin,
            smtp: `${notificationsSandbox.smtp.host}:${notificationsSandbox.smtp.port}`,
          }
        : null,
    async stop() {
      await app.close();
      await queue?.stop();
      await sandboxes?.close();
      await notificationsSandbox?.close();
      await previewCache.close();
      await database.close();
      releaseLock();
    },
  };
};
