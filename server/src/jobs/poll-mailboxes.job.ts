// B2.3 (b): polls report mailboxes every five minutes, one job per account.
import { z } from 'zod';
import { systemContext } from '#src/lib/system-context';
import { defineJob } from './job';

export const pollAccountMailbox = defineJob({
  name: 'mail.poll-mailbox',
  payload: z.object({ accountId: z.uuid(), slot: z.string() }).strict(),
  dedupeKey: (p) => `${p.accountId}:${p.slot}`,
  async handle(payload, { services, log }) {
    const ctx = systemContext(payload.accountId, 'mail.poll-mailbox', log);
    const result = await services.mailbox.pollMailbox(ctx);
    ctx.log[result.ok ? 'info' : 'warn'](result, 'report mailbox polled');
  },
});

export const scheduleMailboxPolls = defineJob({
  name: 'mail.schedule-mailbox-polls',
  payload: z.object({}).strict(),
  schedule: { cron: '*/5 * * * *', payload: {} },
  async handle(_payload, { services, queue }) {
    // The five-minute slot this tick stands for: a second node's tick in the same slot is the same poll.
    const now = services.clock.now();
    const slot = new Date(Math.floor(now.getTime() / 300_000) * 300_000).toISOString().slice(0, 16);
    for (const accountId of await services.mailbox.listAccountsToPoll()) {
      await queue.send(pollAccountMailbox, { accountId, slot });
    }
  },
});
