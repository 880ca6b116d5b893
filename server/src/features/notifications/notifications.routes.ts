// Issue 20: outgoing mail, alert channels, alert rules and the delivery log (admin).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '#src/plugins/authentication';
import type { Services } from '#src/services';
import { AlertRuleListView, AlertRuleParams, AlertRuleView, EvaluationView, SaveAlertRuleBody } from './alert-rules.schemas';
import { DeliveryLogView } from './deliveries.schemas';
import { ChannelListView, ChannelParams, ChannelTestView, SaveChannelBody, SavedChannelView } from './channels.schemas';
import { SaveSmtpBody, SmtpSettingsView, SmtpTestBody, SmtpTestView } from './smtp.schemas';

export const notificationsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const tags = ['notifications'];
  const { smtp, channels, alerts, deliveries } = services.notifications;

  app.get(
    '/api/v1/notifications/smtp',
    { schema: { tags, summary: 'The outgoing mail server; the password is never returned (admin)', response: { 200: SmtpSettingsView } } },
    (req) => smtp.getSmtp(contextOf(req)),
  );
  app.put(
    '/api/v1/notifications/smtp',
    {
      schema: {
        tags,
        summary: 'Save the outgoing mail server; omit the password to keep it (admin)',
        body: SaveSmtpBody,
        response: { 200: SmtpSettingsView },
      },
    },
    (req) => smtp.saveSmtp(contextOf(req), req.body),
  );
  app.post(
    '/api/v1/notifications/smtp/test',
    {
      schema: {
        tags,
        summary: 'Send a test mail through the saved server now and say how it went (admin)',
        body: SmtpTestBody,
        response: { 200: SmtpTestView },
      },
    },
    (req) => smtp.testSmtp(contextOf(req), req.body.to),
  );

  app.get(
    '/api/v1/notifications/channels',
    {
      schema: {
        tags,
        summary: 'Alert channels: e-mail, Teams, Slack, signed webhooks; URLs and secrets are never returned (admin)',
        response: { 200: ChannelListView },
      },
    },
    (req) => channels.listChannels(contextOf(req)),
  );
  app.post(
    '/api/v1/notifications/channels',
    {
      schema: {
        tags,
        summary: 'Add a channel; a webhook without a signing secret gets one, returned this once (admin)',
        body: SaveChannelBody,
        response: { 201: SavedChannelView },
      },
    },
    async (req, reply) => reply.status(201).send(await channels.createChannel(contextOf(req), req.body)),
  );
  app.put(
    '/api/v1/notifications/channels/:id',
    {
      schema: {
        tags,
        summary: 'Change a channel; omit the URL or secret to keep it (admin)',
        params: ChannelParams,
        body: SaveChannelBody,
        response: { 200: SavedChannelView },
      },
    },
    (req) => channels.updateChannel(contextOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/v1/notifications/channels/:id',
    { schema: { tags, summary: 'Remove a channel and its sealed URL (admin)', params: ChannelParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await channels.deleteChannel(contextOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/v1/notifications/channels/:id/test',
    {
      schema: {
        tags,
        summary: 'Send a test message to the channel now (admin)',
        params: ChannelParams,
        response: { 200: ChannelTestView },
      },
    },
    (req) => channels.testChannel(contextOf(req), req.params.id),
  );

  app.get(
    '/api/v1/notifications/rules',
    { schema: { tags, summary: 'Alert rules with the conditions open now (admin)', response: { 200: AlertRuleListView } } },
    (req) => alerts.listRules(contextOf(req)),
  );
  app.post(
    '/api/v1/notifications/rules',
    { schema: { tags, summary: 'Add an alert rule (admin)', body: SaveAlertRuleBody, response: { 201: AlertRuleView } } },
    async (req, reply) => reply.status(201).send(await alerts.createRule(contextOf(req), req.body)),
  );
  app.put(
    '/api/v1/notifications/rules/:id',
    {
      schema: {
        tags,
        summary: 'Change an alert rule (admin)',
        params: AlertRuleParams,
        body: SaveAlertRuleBody,
        response: { 200: AlertRuleView },
      },
    },
    (req) => alerts.updateRule(contextOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/v1/notifications/rules/:id',
    { schema: { tags, summary: 'Remove an alert rule (admin)', params: AlertRuleParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await alerts.deleteRule(contextOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/v1/notifications/rules/evaluate',
    {
      schema: {
        tags,
        summary: 'Check every rule now (they are checked every five minutes anyway); messages are queued, not sent in the request (admin)',
        response: { 200: EvaluationView },
      },
    },
    (req) => alerts.evaluate(contextOf(req)),
  );

  app.get(
    '/api/v1/notifications/deliveries',
    { schema: { tags, summary: 'The last 100 messages sent or tried, newest first (admin)', response: { 200: DeliveryLogView } } },
    (req) => deliveries.recent(contextOf(req)),
  );
};
