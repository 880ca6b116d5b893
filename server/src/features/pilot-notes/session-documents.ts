// P5: the resolution note and the escalation package, built from session state only — the
// session, its facts, the active fix and the task lane — never from the chat transcript. Every
// line restates something in that state; sections without support say so instead of guessing.
import type { TaskLane } from '#src/features/pilot-sessions/task-lane';

export type DocumentState = {
  title: string;
  customer: string | null;
  contact: string;
  priority: string;
  ticketLabel: string | null;
  facts: { text: string; sourceType: 'question' | 'diagnostic_check' | 'user_note' | 'ai_synthesis' }[];
  fix: { title: string; description: string; confidencePct: number; parameters: Record<string, unknown> | null } | null;
  lane: TaskLane;
};

/** Prose a model may write for the sections that are not lists; offline they are templates. */
export type DocumentProse = { problem?: string; rootCause?: string; nextSteps?: string };

const SOURCE_HEADINGS: [DocumentState['facts'][number]['sourceType'], string][] = [
  ['question', 'From questions'],
  ['diagnostic_check', 'From diagnostic checks'],
  ['user_note', 'Technician notes'],
  ['ai_synthesis', 'Pilot observations'],
];

const SECRET_KEY = /pass(word)?|secret|token|key|credential/i;

/** Script parameters with anything password-like redacted. */
export const redactParameters = (parameters: Record<string, unknown>) =>
  Object.entries(parameters).map(([key, value]) => `\`${key}\` = ${SECRET_KEY.test(key) ? '••••••' : `\`${String(value)}\``}`);

const problemOf = (state: DocumentState) =>
  [
    state.title,
    [state.customer && `Customer: ${state.customer}`, state.contact && `Contact: ${state.contact}`, `Priority: ${state.priority}`]
      .filter(Boolean)
      .join(' · '),
  ].join('\n\n');

const factsSection = (state: DocumentState) => {
  if (state.facts.length === 0) {
    return 'Nothing confirmed yet.';
  }
  return SOURCE_HEADINGS.flatMap(([type, heading]) => {
    const facts = state.facts.filter((f) => f.sourceType === type);
    return facts.length ? [`**${heading}**`, ...facts.map((f) => `- ${f.text}`), ''] : [];
  })
    .join('\n')
    .trim();
};

export const resolutionNote = (state: DocumentState, prose: DocumentProse = {}) =>
  [
    '## Problem',
    prose.problem ?? problemOf(state),
    '',
    '## What we confirmed',
    factsSection(state),
    '',
    '## Root cause',
    prose.rootCause ??
      (state.fix
        ? `${state.fix.description} (suggested fix "${state.fix.title}", ${state.fix.confidencePct}% confidence)`
        : 'Not established in this session.'),
    '',
    '## Resolution',
    state.fix ? `Applied: ${state.fix.title}. ${state.fix.description}` : 'No fix was recorded in this session.',
    ...(state.fix?.parameters && Object.keys(state.fix.parameters).length
      ? ['', 'Parameters used:', ...redactParameters(state.fix.parameters).map((p) => `- ${p}`)]
      : []),
    '',
    'Outcome: confirm with the user before posting.',
  ].join('\n');

export const escalationPackage = (state: DocumentState, prose: DocumentProse = {}) => {
  const ran = state.lane.checks.filter((c) => c.status === 'done');
  const openQuestions = state.lane.questions.filter((q) => q.status === 'open');
  const pendingChecks = state.lane.checks.filter((c) => c.status === 'pending');
  const steps = [
    ...openQuestions.map((q) => `- Answer: ${q.text}`),
    ...pendingChecks.map((c) => `- Run: ${c.title}${c.command ? ` (\`${c.command}\`)` : ''}`),
    ...(state.fix ? [`- Verify the current hypothesis: ${state.fix.title}`] : []),
  ];
  return [
    '## Problem',
    prose.problem ?? problemOf(state),
    '',
    "## What we've confirmed",
    factsSection(state),
    '',
    "## What we've tried",
    ran.length
      ? ran.map((c) => `- ${c.title}: ${(c.result ?? '').split('\n')[0]?.slice(0, 300)}`).join('\n')
      : 'No diagnostic checks were run.',
    '',
    '## Current hypothesis',
    state.fix ? `${state.fix.title} (${state.fix.confidencePct}% confidence): ${state.fix.description}` : 'No hypothesis yet.',
    '',
    '## Suggested next steps',
    prose.nextSteps ?? (steps.length ? steps.join('\n') : '- Review the confirmed facts with the next-level engineer.'),
  ].join('\n');
};
