// Issue 20: alert rules an admin sets — a condition, its threshold and the channels it goes to.
import { z } from 'zod';

export const AlertCondition = z.enum(['job_failing', 'customer_without_success', 'psa_auth_failing', 'mailbox_poll_failing']);
export type AlertCondition = z.infer<typeof AlertCondition>;

export const AlertRuleView = z.object({
  id: z.uuid(),
  name: z.string(),
  condition: AlertCondition,
  /** Runs in a row (job_failing) or days (customer_without_success); unused by the others. */
  threshold: z.number(),
  channelIds: z.array(z.uuid()),
  enabled: z.boolean(),
  /** Conditions open now (alerted, not cleared). */
  open: z.array(z.object({ key: z.string(), subject: z.string(), since: z.iso.datetime() })),
});
export type AlertRuleView = z.infer<typeof AlertRuleView>;

export const AlertRuleListView = z.object({ rules: z.array(AlertRuleView) });

export const SaveAlertRuleBody = z.strictObject({
  name: z.string().trim().min(1, 'Give the rule a name').max(120),
  condition: AlertCondition,
  threshold: z.number().int().min(1).max(365).default(1),
  channelIds: z.array(z.uuid()).min(1, 'Choose at least one channel').max(10),
  enabled: z.boolean().default(true),
});
export type SaveAlertRuleBody = z.infer<typeof SaveAlertRuleBody>;

export const AlertRuleParams = z.object({ id: z.uuid() });

export const EvaluationView = z.object({
  rules: z.number(),
  opened: z.number(),
  cleared: z.number(),
  stillOpen: z.number(),
  queued: z.number(),
});
export type EvaluationView = z.infer<typeof EvaluationView>;
