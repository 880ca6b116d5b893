import fs from 'node:fs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '#src/plugins/authentication';
import type { Services } from '#src/services';
import { BackupParams, BackupsView, BackupWarning, StartedBackup } from './db-backups.schemas';

export const dbBackupsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const tags = ['backups'];
  const { databaseBackups } = services;

  app.get(
    '/api/v1/backups',
    {
      schema: {
        tags,
        summary: "The database backup log, schedule and retention (the installation's admins)",
        response: { 200: BackupsView },
      },
    },
    async (req) => databaseBackups.list(contextOf(req)),
  );

  app.get(
    '/api/v1/backups/warning',
    {
      schema: {
        tags,
        summary:
          "For Home: whether the last verified backup is older than its schedule (the installation's admins; null for everyone else)",
        response: { 200: BackupWarning },
      },
    },
    async (req) => ({ warning: await databaseBackups.warning(contextOf(req)) }),
  );

  app.post(
    '/api/v1/backups',
    {
      schema: {
        tags,
        summary: 'Back up the database now, in the background; verified by a restore (installation admins)',
        response: { 202: StartedBackup },
      },
    },
    async (req, reply) => reply.status(202).send(await databaseBackups.backupNow(contextOf(req))),
  );

  app.get(
    '/api/v1/backups/:backupId/file',
    { schema: { tags, summary: 'Download a backup file (sealed unless taken with --no-encrypt)', params: BackupParams } },
    async (req, reply) => {
      const { file, name, size } = await databaseBackups.fileOf(contextOf(req), req.params.backupId);
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-length', size)
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(fs.createReadStream(file));
    },
  );
};
