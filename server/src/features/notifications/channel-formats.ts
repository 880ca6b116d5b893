// Issue 20: one message shaped for each channel, as each service expects it. Teams Workflows take
// Adaptive Cards only (Microsoft, "Create and send messages"); Slack incoming webhooks take `text`
// (the notification fallback) plus Block Kit blocks; a generic webhook gets the message as JSON.
import { escapeHtml, mailLayout } from './mail-layout';
import type { NotificationMessage, OutgoingMail } from './message';

const SEVERITY_COLOUR = { info: 'Accent', warning: 'Warning', critical: 'Attention', resolved: 'Good' } as const;
const SEVERITY_WORD = { info: 'Info', warning: 'Warning', critical: 'Alert', resolved: 'Cleared' } as const;

export const teamsCard = (m: NotificationMessage) => ({
  type: 'message',
  attachments: [
    {
      contentType: 'application/vnd.microsoft.card.adaptive',
      contentUrl: null,
      content: {
        $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
        type: 'AdaptiveCard',
        version: '1.4',
        body: [
          {
            type: 'TextBlock',
            text: `${SEVERITY_WORD[m.severity]}: ${m.title}`,
            weight: 'Bolder',
            size: 'Medium',
            color: SEVERITY_COLOUR[m.severity],
            wrap: true,
          },
          { type: 'TextBlock', text: m.summary, wrap: true },
          ...(m.facts.length ? [{ type: 'FactSet', facts: m.facts.map((f) => ({ title: f.label, value: f.value })) }] : []),
        ],
        ...(m.link && { actions: [{ type: 'Action.OpenUrl', title: 'Open in Flightdeck', url: m.link }] }),
      },
    },
  ],
});

/** Slack mrkdwn needs &, < and > escaped (Slack, "Formatting text for app surfaces"). */
const slackEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const slackMessage = (m: NotificationMessage) => ({
  text: `${SEVERITY_WORD[m.severity]}: ${m.title}`,
  blocks: [
    { type: 'header', text: { type: 'plain_text', text: `${SEVERITY_WORD[m.severity]}: ${m.title}`.slice(0, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: slackEscape(m.summary) } },
    ...(m.facts.length
      ? [
          {
            type: 'section',
            fields: m.facts.slice(0, 10).map((f) => ({ type: 'mrkdwn', text: `*${slackEscape(f.label)}*\n${slackEscape(f.value)}` })),
          },
        ]
      : []),
    ...(m.link
      ? [{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Flightdeck' }, url: m.link }] }]
      : []),
  ],
});

export const webhookBody = (m: NotificationMessage, deliveryId: string) => ({ id: deliveryId, ...m });

export const messageMail = (m: NotificationMessage, to: string[], brand: string): OutgoingMail => {
  const facts = m.facts
    .map(
      (f) =>
        `<tr><td style="padding:4px 12px 4px 0;color:#52525b;font-size:13px;vertical-align:top">${escapeHtml(f.label)}</td><td style="padding:4px 0;font-size:13px">${escapeHtml(f.value)}</td></tr>`,
    )
    .join('');
  const body = `<p style="margin:0 0 12px;font-size:14px">${escapeHtml(m.summary)}</p>${facts ? `<table role="presentation" cellpadding="0" cellspacing="0" border="0">${facts}</table>` : ''}`;
  return {
    to,
    subject: `[${SEVERITY_WORD[m.severity]}] ${m.title}`,
    html: mailLayout({ brand, heading: m.title, body, link: m.link ? { href: m.link, label: 'Open in Flightdeck' } : null }),
    text: [
      `${SEVERITY_WORD[m.severity]}: ${m.title}`,
      '',
      m.summary,
      '',
      ...m.facts.map((f) => `${f.label}: ${f.value}`),
      ...(m.link ? ['', `Open in Flightdeck: ${m.link}`] : []),
    ].join('\n'),
  };
};
