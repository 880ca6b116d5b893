// Issue 19: ⌘/Ctrl+K from anywhere — what a technician can jump to by typing part of its name.
import { z } from 'zod';

export const JumpQuery = z.strictObject({ q: z.string().trim().min(1).max(100) });

export const JumpTarget = z.object({
  kind: z.enum(['customer', 'job', 'run', 'ticket', 'session']),
  label: z.string(),
  /** A second line: the customer of a job, the job of a ticket, a session's state. */
  detail: z.string(),
  customerId: z.uuid().nullable(),
  jobId: z.uuid().nullable(),
  runId: z.uuid().nullable(),
  sessionId: z.uuid().nullable(),
});
export type JumpTarget = z.infer<typeof JumpTarget>;
export const JumpResults = z.object({ targets: z.array(JumpTarget) });
