// flightdeck <command>: start | migrate [down <version>] | backup [--no-encrypt] | restore <file> [--force] | rotate-key | reset-password <email> [account-slug] | clear-unreadable-secrets | parse-mail <file.eml…>
import path from 'node:path';
import { loadConfig } from '#src/config';
import { assertOwnerBypassesRls, openConfiguredDatabase } from '#src/db/connection';
import { migrateDown, migrateUp } from '#src/db/migrator';
import { SERVER_LOCK_FILE } from '#src/db/server-lock';
import type { DemoSeedResult } from '#src/demo/seed-demo';
import { clearUnreadableSecrets } from '#src/features/credentials/key-recovery';
import { loadExistingKeyring, loadKeyring } from '#src/features/credentials/master-key';
import { rotateMasterKey } from '#src/features/credentials/rotate-master-key';
import { takeBackup } from '#src/features/db-backups/backup.service';
import { type RestoreTarget, restoreBackup } from '#src/features/db-backups/restore.service';
import { parseMailFile } from '#src/features/mail-intake/parse-mail-file';
import { type Running, startFlightdeck } from '#src/main';
import { createServices } from '#src/services';

const out = (line = '') => process.stdout.write(`${line}\n`);

const printBanner = (url: string, demo: DemoSeedResult | null, sandboxes: Running['sandboxes']) => {
  out();
  out(`  Flightdeck is running at ${url}`);
  if (demo?.created) {
    out('  Demo logins (passwords are shown only this once; keep them):');
    for (const l of demo.logins) {
      out(`    ${l.role.padEnd(9)} ${l.email.padEnd(34)} ${l.password}`);
    }
  } else if (demo) {
    out('  Demo logins (passwords were printed at first start):');
    for (const l of demo.logins) {
      out(`    ${l.role.padEnd(9)} ${l.email}`);
    }
    out('  Forgot one? npm run flightdeck -- reset-password <email>');
  }
  if (sandboxes) {
    out('  PSA sandboxes (in-process, reset at every start; see sandbox/README.md):');
    out(`    Autotask     ${sandboxes.autotask}`);
    out(`    ConnectWise  ${sandboxes.connectwise}`);
    out(`  Notifications sandbox: mails and webhook calls at ${sandboxes.notifications}`);
    out(`    SMTP sink ${sandboxes.smtp} (no TLS; user flightdeck, password sandbox-smtp)`);
  }
  out('  API docs: /api/docs    Stop: Ctrl+C');
  out();
};

const withDatabase = async <T>(work: (db: Awaited<ReturnType<typeof openConfiguredDatabase>>) => Promise<T>) => {
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    await assertOwnerBypassesRls(database);
    return await work(database);
  } finally {
    await database.close();
  }
};

const commands: Record<string, (args: string[]) => Promise<void>> = {
  async start() {
    const running = await startFlightdeck(loadConfig());
    printBanner(running.url, running.demo, running.sandboxes);
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) {
        return;
      }
      stopping = true;
      out(`\n  ${signal} received, shutting down…`);
      running.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
  },

  async migrate(args) {
    await withDatabase(async (database) => {
      const report = args[0] === 'down' ? await migrateDown(database, args[1] ?? '0') : await migrateUp(database);
      for (const m of report.applied) {
        out(`applied  ${m}`);
      }
      for (const m of report.reverted) {
        out(`reverted ${m}`);
      }
      if (!report.applied.length && !report.reverted.length) {
        out('Nothing to do: the database is up to date.');
      }
    });
  },

  /** Issue 21: a consistent, sealed backup of the whole database, verified by a restore. */
  async backup(args) {
    const config = loadConfig();
    const encrypt = !args.includes('--no-encrypt');
    await withDatabase(async (database) => {
      await migrateUp(database);
      const result = await takeBackup(
        {
          database,
          dir: config.backups.dir,
          keyring: encrypt ? loadKeyring(config) : null,
          now: () => new Date(),
          onProgress: (step) => out(`  … ${step}`),
        },
        'manual',
      );
      if (!result) {
        throw new Error('No backup was taken');
      }
      out(`${result.verification === 'passed' ? 'Verified' : 'FAILED verification'}: ${result.file}`);
      out(
        `  ${(result.size / 1024 / 1024).toFixed(1)} MiB, ${result.method}, migration ${result.migration}, sha256 ${result.sha256}${encrypt ? '' : ', NOT encrypted'}`,
      );
      if (result.verification !== 'passed') {
        throw new Error(`The backup did not restore as taken: ${result.reason}`);
      }
    });
  },

  /** Issue 21: restores a backup into an empty database or data directory. */
  async restore(args) {
    const file = args.find((a) => !a.startsWith('--'));
    if (!file) {
      throw new Error('Usage: flightdeck restore <file.fdbackup> [--force]');
    }
    const config = loadConfig();
    const target: RestoreTarget = config.databaseUrl
      ? { engine: 'postgres', connectionString: config.databaseUrl }
      : { engine: 'pglite', dataDir: path.join(config.dataDir, 'pgdata'), lockFile: path.join(config.dataDir, SERVER_LOCK_FILE) };
    const { header, restored, setAside } = await restoreBackup(path.resolve(file), loadExistingKeyring(config), target, {
      force: args.includes('--force'),
    });
    if (setAside) {
      out(`Set the previous data directory aside as ${setAside}`);
    }
    const tables = Object.entries(restored.counts);
    out(`Restored the backup of ${header.createdAt} (${header.engine}, migration ${header.migration}):`);
    out(
      `  ${tables.length} tables, ${tables.reduce((sum, [, n]) => sum + n, 0)} rows; every count and key-table checksum matches the backup.`,
    );
    for (const [table, n] of tables.filter(([, n]) => n > 0)) {
      out(`  ${table.padEnd(32)} ${n}`);
    }
  },

  async 'rotate-key'() {
    const config = loadConfig();
    await withDatabase(async (database) => {
      await migrateUp(database);
      const result = await rotateMasterKey(database, loadKeyring(config));
      out(`Re-encrypted ${result.reencrypted} credential record(s) with key ${result.keyId}. ${result.note}`);
    });
  },

  /**
   * B2.3 (issue 11): what the parsers read from report mails, one JSON line per file; nothing is
   * stored and no database is opened. `error` says why no parser understood a mail.
   */
  async 'parse-mail'(args) {
    if (args.length === 0) {
      throw new Error('Usage: flightdeck parse-mail <file.eml> [more.eml …]');
    }
    for (const file of args) {
      out(JSON.stringify(await parseMailFile(file)));
    }
  },

  /** I1 recovery: drops secrets no configured key opens, so admins can enter them again. */
  async 'clear-unreadable-secrets'() {
    const config = loadConfig();
    await withDatabase(async (database) => {
      const removed = await clearUnreadableSecrets(database, loadKeyring(config));
      for (const r of removed) {
        out(`removed  ${r.integration} secrets of account ${r.account_id} (sealed with key ${r.key_id})`);
      }
      out(
        removed.length
          ? `Removed ${removed.length} unreadable secret(s); enter them again in Settings.`
          : 'Every stored secret opens with the configured key.',
      );
    });
  },

  async 'reset-password'(args) {
    const email = args[0];
    if (!email) {
      throw new Error('Usage: flightdeck reset-password <email> [account-slug]');
    }
    const config = loadConfig();
    await withDatabase(async (database) => {
      const services = createServices({ database, keyring: loadKeyring(config) });
      const { temporaryPassword } = await services.users.resetPasswordByEmail(email, args[1]);
      out(`New password for ${email}: ${temporaryPassword}`);
    });
  },
};

const [name = 'start', ...args] = process.argv.slice(2);
const command = commands[name];
if (!command) {
  console.error(`Unknown command "${name}". Commands: ${Object.keys(commands).join(', ')}`);
  process.exit(2);
}
command(args).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
