import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '#src/plugins/authentication';
import type { Services } from '#src/services';
import { MAX_MAIL_BYTES, MailIntakeView, MailList, MailListQuery, MailParams, TriedMailView } from './mail-intake.schemas';
import { MailboxTestView, MailboxView, PollResultView, SaveMailboxBody } from './mailbox.schemas';

export const mailIntakeRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const tags = ['report mails'];
  const { mailIntake } = services;
  // A .eml upload is the raw message, not JSON.
  app.addContentTypeParser(
    ['message/rfc822', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: MAX_MAIL_BYTES },
    (_req, body, done) => {
      done(null, body);
    },
  );

  app.post(
    '/api/v1/mails',
    {
      bodyLimit: MAX_MAIL_BYTES,
      schema: {
        tags,
        summary: 'Upload a report mail (.eml as message/rfc822); it is stored and parsed into runs (admin, operator)',
        response: { 201: MailIntakeView, 200: MailIntakeView },
      },
    },
    async (req, reply) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const result = await mailIntake.intakeMail(contextOf(req), body, 'upload');
      return reply.status(result.alreadyReceived ? 200 : 201).send(result);
    },
  );

  app.post(
    '/api/v1/mails/try',
    {
      bodyLimit: MAX_MAIL_BYTES,
      schema: {
        tags,
        summary:
          'Try a report mail (.eml as message/rfc822): which parser matched and what it read, or why none did; nothing is stored (admin)',
        response: { 200: TriedMailView },
      },
    },
    async (req) => mailIntake.tryMail(contextOf(req), Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)),
  );

  app.get(
    '/api/v1/mails',
    { schema: { tags, summary: 'Report mails, newest first, by parse status', querystring: MailListQuery, response: { 200: MailList } } },
    async (req) => ({
      mails: await mailIntake.listMails(contextOf(req), req.query),
    }),
  );

  app.post(
    '/api/v1/mails/:mailId/reparse',
    {
      schema: {
        tags,
        summary: 'Parse a stored mail again, e.g. after a parser change (admin, operator)',
        params: MailParams,
        response: { 200: MailIntakeView },
      },
    },
    (req) => mailIntake.reparseMail(contextOf(req), req.params.mailId),
  );

  app.get(
    '/api/v1/mails/:mailId/raw',
    { schema: { tags, summary: 'Download the mail exactly as received', params: MailParams } },
    async (req, reply) => {
      const { raw } = await mailIntake.getRawMail(contextOf(req), req.params.mailId);
      return reply
        .header('content-type', 'message/rfc822')
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `attachment; filename="report-${req.params.mailId}.eml"`)
        .send(raw);
    },
  );

  app.get(
    '/api/v1/mailbox',
    {
      schema: { tags, summary: 'The IMAP report mailbox settings; the password is never returned (admin)', response: { 200: MailboxView } },
    },
    (req) => services.mailbox.getMailbox(contextOf(req)),
  );

  app.put(
    '/api/v1/mailbox',
    {
      schema: {
        tags,
        summary: 'Save the IMAP report mailbox; omit the password to keep it (admin)',
        body: SaveMailboxBody,
        response: { 200: MailboxView },
      },
    },
    (req) => services.mailbox.saveMailbox(contextOf(req), req.body),
  );

  app.post(
    '/api/v1/mailbox/poll',
    { schema: { tags, summary: 'Poll the report mailbox now (admin, operator)', response: { 200: PollResultView } } },
    (req) => services.mailbox.pollMailbox(contextOf(req)),
  );

  app.post(
    '/api/v1/mailbox/test',
    {
      schema: {
        tags,
        summary: 'Test the saved report mailbox: reach, sign in, find the mailbox and folder; names the step that failed (admin)',
        response: { 200: MailboxTestView },
      },
    },
    (req) => services.mailbox.testMailbox(contextOf(req)),
  );
};
