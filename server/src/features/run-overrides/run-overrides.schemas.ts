// B3 overrides over HTTP.
import { z } from 'zod';
import { SaneDateTime } from '#src/lib/boundary-text';
import { MATCH_MODES, OVERRIDE_LEVELS, PROBLEM_STATUSES } from './override-matching';

export const OverrideParams = z.strictObject({ overrideId: z.uuid() });
export const OverrideListQuery = z.strictObject({ jobId: z.uuid().optional() });

export const CreateOverrideBody = z
  .strictObject({
    level: z.enum(OVERRIDE_LEVELS),
    jobId: z.uuid().nullish(),
    objectName: z.string().trim().min(1).max(300).nullish(),
    /** Empty: any problem status. */
    statuses: z.array(z.enum(PROBLEM_STATUSES)).max(3).default([]),
    matchText: z.string().trim().min(1).max(500).nullish(),
    matchMode: z.enum(MATCH_MODES).default('contains'),
    validFrom: SaneDateTime.nullish(),
    validUntil: SaneDateTime.nullish(),
    reason: z.string().trim().max(1000).default(''),
    /** Also mark the runs already waiting for review that the override covers. */
    applyToWaiting: z.boolean().default(true),
  })
  .superRefine((body, ctx) => {
    if (body.level !== 'global' && !body.jobId) {
      ctx.addIssue({ code: 'custom', path: ['jobId'], message: 'Choose the job this override is for' });
    }
    if (body.level === 'global' && body.jobId) {
      ctx.addIssue({ code: 'custom', path: ['jobId'], message: 'A global override is not tied to a job' });
    }
    if (body.level === 'object' && !body.objectName) {
      ctx.addIssue({ code: 'custom', path: ['objectName'], message: 'Name the object this override is for' });
    }
    if (body.level !== 'object' && body.objectName) {
      ctx.addIssue({ code: 'custom', path: ['objectName'], message: 'Only an object-level override names an object' });
    }
    if (body.validFrom && body.validUntil && new Date(body.validUntil) <= new Date(body.validFrom)) {
      ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'Must be after "from"' });
    }
  });
export type CreateOverrideBody = z.infer<typeof CreateOverrideBody>;

export const OverrideView = z.object({
  id: z.uuid(),
  level: z.enum(OVERRIDE_LEVELS),
  jobId: z.uuid().nullable(),
  jobName: z.string().nullable(),
  customerName: z.string().nullable(),
  objectName: z.string().nullable(),
  statuses: z.array(z.enum(PROBLEM_STATUSES)),
  matchText: z.string().nullable(),
  matchMode: z.enum(MATCH_MODES),
  action: z.literal('treat_as_success'),
  validFrom: z.iso.datetime().nullable(),
  validUntil: z.iso.datetime().nullable(),
  reason: z.string(),
  createdAt: z.iso.datetime(),
  createdByName: z.string().nullable(),
});
export type OverrideView = z.infer<typeof OverrideView>;

export const OverrideList = z.object({ overrides: z.array(OverrideView) });
export const CreatedOverride = z.object({ override: OverrideView, appliedToWaitingRuns: z.number() });
