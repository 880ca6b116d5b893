// P1, P2, P3, P4 over HTTP: sessions, their chat, task lane, facts and suggested fix.
import { z } from 'zod';

export const SessionParams = z.strictObject({ sessionId: z.uuid() });
export const FactParams = z.strictObject({ sessionId: z.uuid(), factId: z.uuid() });
export const LaneItemParams = z.strictObject({ sessionId: z.uuid(), itemId: z.uuid() });
export const FixParams = z.strictObject({ sessionId: z.uuid(), fixId: z.uuid() });

export const CreateSessionBody = z.strictObject({
  title: z.string().trim().min(1, 'Give the incident a title').max(200),
  customerId: z.uuid().nullable().default(null),
  contact: z.string().trim().max(200).default(''),
  priority: z.enum(['low', 'normal', 'high', 'critical']).default('normal'),
  /** A PSA ticket number; validated in the customer's PSA and linked (I3). */
  ticketNumber: z.string().trim().min(1).max(64).nullable().default(null),
});
export type CreateSessionBody = z.infer<typeof CreateSessionBody>;
export const LinkTicketBody = z.strictObject({ ticketNumber: z.string().trim().min(1, 'Enter a ticket number').max(64) });

export const TaskLaneView = z.object({
  questions: z.array(
    z.object({
      id: z.uuid(),
      text: z.string(),
      status: z.enum(['open', 'answered', 'skipped']),
      answer: z.string().nullable(),
      answeredAt: z.string().nullable(),
    }),
  ),
  checks: z.array(
    z.object({
      id: z.uuid(),
      title: z.string(),
      command: z.string().nullable(),
      status: z.enum(['pending', 'done']),
      result: z.string().nullable(),
      ranAt: z.string().nullable(),
    }),
  ),
  actions: z.array(z.object({ id: z.uuid(), text: z.string(), done: z.boolean() })),
});

export const FixView = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  confidencePct: z.number(),
  templateSlug: z.string().nullable(),
  draftedScript: z.string().nullable(),
  draftedParameters: z.record(z.string(), z.unknown()).nullable(),
  userDecision: z.enum(['one_off', 'draft_template', 'build_template', 'dismissed']).nullable(),
  /** When the engineer marked the fix applied (the resolution note says "applied" only then). */
  appliedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type FixView = z.infer<typeof FixView>;

export const SessionTicketView = z.object({
  psaKind: z.enum(['autotask', 'connectwise', 'syncro']).nullable(),
  ticketId: z.string().nullable(),
  ticketNumber: z.string(),
  ticketUrl: z.string().nullable(),
  /** e.g. "CW #48291" or "AT T20261122.0001". */
  label: z.string(),
  lastStatusName: z.string().nullable(),
});

export const SessionView = z.object({
  id: z.uuid(),
  title: z.string(),
  customerId: z.uuid().nullable(),
  customerName: z.string().nullable(),
  contact: z.string(),
  priority: z.enum(['low', 'normal', 'high', 'critical']),
  state: z.enum(['active', 'paused', 'resolved', 'escalated']),
  stateVersion: z.number(),
  ticket: SessionTicketView.nullable(),
  taskLane: TaskLaneView,
  /** The active suggested fix (P4.1), so the screen needs no request that may 404. */
  activeFix: FixView.nullable(),
  resolutionNotePostedAt: z.iso.datetime().nullable(),
  escalationPackagePostedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  lastActivityAt: z.iso.datetime(),
});
export type SessionView = z.infer<typeof SessionView>;

export const SessionSummaryView = SessionView.omit({ activeFix: true }).pick({
  id: true,
  title: true,
  customerName: true,
  state: true,
  ticket: true,
  priority: true,
  lastActivityAt: true,
});
export const SessionList = z.object({ active: z.array(SessionSummaryView), recent: z.array(SessionSummaryView) });

export const MessageView = z.object({
  id: z.uuid(),
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  model: z.string().nullable(),
  authorName: z.string().nullable().optional(),
  /** The attachments the message carried (GET …/attachments for their names). */
  attachmentIds: z.array(z.uuid()).optional(),
  /** P0.4: the MCP tool calls the pilot made for this reply, shown collapsed (input and output cut to 2,000 characters). */
  toolCalls: z
    .array(z.object({ name: z.string(), input: z.string(), output: z.string(), isError: z.boolean(), durationMs: z.number() }))
    .optional(),
  createdAt: z.iso.datetime(),
});
export const MessageList = z.object({ messages: z.array(MessageView) });
export const SendMessageBody = z.strictObject({
  content: z.string().trim().min(1, 'Write a message').max(20_000),
  /** Screenshots and logs attached to the session for this message. */
  attachmentIds: z.array(z.uuid()).max(10).default([]),
});

export const FACT_SOURCE_TYPES = ['question', 'diagnostic_check', 'user_note', 'ai_synthesis'] as const;
export const FactView = z.object({
  id: z.uuid(),
  text: z.string(),
  sourceType: z.enum(FACT_SOURCE_TYPES),
  sourceRef: z.uuid().nullable(),
  sourceSummary: z.string().nullable(),
  /** P3.2: question and check facts are edited through their source. */
  editable: z.boolean(),
  createdByName: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type FactView = z.infer<typeof FactView>;
export const FactList = z.object({ facts: z.array(FactView), stateVersion: z.number() });
export const CreateFactBody = z.strictObject({ text: z.string().trim().min(1, 'Write the note').max(2000) });
export const UpdateFactBody = z.strictObject({
  text: z.string().trim().min(1).max(2000),
  sourceSummary: z.string().trim().max(200).nullable().optional(),
});
export const PromoteFactBody = z.strictObject({
  source_type: z.enum(FACT_SOURCE_TYPES),
  source_ref: z.uuid().nullable().default(null),
  proposed_text: z.string().trim().min(1).max(2000),
  proposed_summary: z.string().trim().max(200).nullable().default(null),
});
export type PromoteFactBody = z.infer<typeof PromoteFactBody>;

export const AnswerBody = z.strictObject({ answer: z.string().trim().min(1, 'Write the answer').max(4000) });
export const CheckResultBody = z.strictObject({ output: z.string().trim().min(1, 'Paste the output').max(20_000) });
export const LaneUpdateResult = z.object({
  taskLane: TaskLaneView,
  createdFact: FactView.nullable(),
  /** The pilot's reply when the new evidence changed its picture (a fix, new questions or checks). */
  pilotReply: MessageView.nullable(),
  stateVersion: z.number(),
});

export const FixDecisionBody = z.strictObject({ decision: z.enum(['one_off', 'draft_template', 'build_template', 'dismissed']) });
