// P2.2: the session's pending task lane — questions, diagnostic checks and actions — as stored in
// ai_sessions.pending_task_lane. Every item gets a stable UUID when first persisted; items saved
// before ids existed get one when the session is next loaded (`upgradeTaskLane`).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

const Question = z.object({
  id: z.uuid().optional(),
  text: z.string(),
  status: z.enum(['open', 'answered', 'skipped']).default('open'),
  answer: z.string().nullable().default(null),
  answeredAt: z.string().nullable().default(null),
});
const Check = z.object({
  id: z.uuid().optional(),
  title: z.string(),
  command: z.string().nullable().default(null),
  status: z.enum(['pending', 'done']).default('pending'),
  result: z.string().nullable().default(null),
  ranAt: z.string().nullable().default(null),
});
const Action = z.object({ id: z.uuid().optional(), text: z.string(), done: z.boolean().default(false) });

const StoredTaskLane = z.object({
  questions: z.array(Question).default([]),
  checks: z.array(Check).default([]),
  actions: z.array(Action).default([]),
});

type WithId<T> = T & { id: string };
export type TaskLaneQuestion = WithId<z.infer<typeof Question>>;
export type TaskLaneCheck = WithId<z.infer<typeof Check>>;
export type TaskLaneAction = WithId<z.infer<typeof Action>>;
export type TaskLane = { questions: TaskLaneQuestion[]; checks: TaskLaneCheck[]; actions: TaskLaneAction[] };

/** Reads a stored lane; reports whether any item was missing its id (then the caller saves it back). */
export const upgradeTaskLane = (stored: unknown): { lane: TaskLane; upgraded: boolean } => {
  const parsed = StoredTaskLane.safeParse(stored ?? {});
  const raw = parsed.success ? parsed.data : { questions: [], checks: [], actions: [] };
  let upgraded = !parsed.success;
  const withId = <T extends { id?: string }>(item: T): T & { id: string } => {
    if (item.id) {
      return item as T & { id: string };
    }
    upgraded = true;
    return { ...item, id: randomUUID() };
  };
  const lane = { questions: raw.questions.map(withId), checks: raw.checks.map(withId), actions: raw.actions.map(withId) };
  return { lane, upgraded };
};

const normalised = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

/** Adds new questions and checks from a reply; repeats of open items are not added twice. */
export const addToTaskLane = (
  lane: TaskLane,
  items: { questions: string[]; checks: { title: string; command: string | null }[] },
): TaskLane => {
  const knownQuestions = new Set(lane.questions.map((q) => normalised(q.text)));
  const knownChecks = new Set(lane.checks.map((c) => normalised(c.title)));
  const questions = items.questions
    .filter((text) => !knownQuestions.has(normalised(text)))
    .map((text) => ({ id: randomUUID(), text, status: 'open' as const, answer: null, answeredAt: null }));
  const checks = items.checks
    .filter((c) => !knownChecks.has(normalised(c.title)))
    .map((c) => ({ id: randomUUID(), title: c.title, command: c.command, status: 'pending' as const, result: null, ranAt: null }));
  return { ...lane, questions: [...lane.questions, ...questions], checks: [...lane.checks, ...checks] };
};

export const findLaneItem = (lane: TaskLane, id: string) =>
  lane.questions.find((q) => q.id === id) ?? lane.checks.find((c) => c.id === id) ?? lane.actions.find((a) => a.id === id) ?? null;

export const laneItemKind = (lane: TaskLane, id: string): 'question' | 'diagnostic_check' | null =>
  lane.questions.some((q) => q.id === id) ? 'question' : lane.checks.some((c) => c.id === id) ? 'diagnostic_check' : null;
