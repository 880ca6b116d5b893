// The prompt every pilot turn sends, whichever provider answers, ordered for the prompt cache
// (issue 18): what never changes first — the instructions and the runbooks of every playbook —
// then what is the same for every session of the customer — the team's script templates and the
// customer's environment insights — then the conversation, its last stable turn a breakpoint,
// and last the new message with the session state as JSON after a fixed header: the one
// contract the offline playbook pilot reads too.
import type { ChatMessage, SystemBlock } from './model-provider';
import { PLAYBOOKS } from './offline/playbooks';

export const SESSION_STATE_HEADER = 'SESSION STATE (JSON):';
export const SESSION_STATE_END = 'END OF SESSION STATE';

export type PilotState = {
  title: string;
  customer: string | null;
  playbookId: string | null;
  questions: { id: string; text: string; status: string; answer: string | null }[];
  checks: { id: string; title: string; command: string | null; status: string; result: string | null }[];
  facts: { text: string; sourceType: string }[];
  activeFix: { title: string; confidence: number } | null;
  insights: { category: string; confidence: string; text: string }[];
};

export const PILOT_INSTRUCTIONS = [
  'You are FlowPilot, a troubleshooting co-pilot for technicians at a managed IT service provider.',
  'Work from evidence: ask short questions, propose diagnostic checks, and only state what the session has confirmed.',
  'Do not ask what the technician or the conversation already said; record it as a fact with [PROMOTE] instead.',
  'Put machine-readable blocks in your reply; the technician sees the rest of the text:',
  '[QUESTIONS] followed by "- question" lines, for questions to the technician or end user.',
  '[DIAGNOSTIC_CHECKS] followed by "- title | command" lines (command optional).',
  '[PROMOTE]{"source_type":"question|diagnostic_check|user_note|ai_synthesis","source_ref":"<task-lane id or null>","text":"…","summary":"…"}[/PROMOTE] to record a confirmed fact.',
  '[SUGGEST_FIX]{"title":"…","description":"…","confidence":0-100,"template":"<slug or null>","script":"<script or null>","parameters":{}}[/SUGGEST_FIX] when the evidence supports one fix.',
  'Never invent facts that are not in the session state or the conversation.',
].join('\n');

export const FACT_SYNTHESIS_INSTRUCTIONS = [
  'Turn one answer or one check output into at most one fact for the session.',
  'Use only information present in the input. If it holds no substantive information, reply exactly: No new fact.',
  'Otherwise reply with one [PROMOTE]{…}[/PROMOTE] block using the given source_type and source_ref.',
].join('\n');

/** The runbooks the offline pilot follows, as knowledge for a model: the same checks, the same templates. */
export const PLAYBOOK_KNOWLEDGE = [
  'Runbooks for common MSP incidents. Use their questions, checks and fixes when an incident matches; name the template slug in [SUGGEST_FIX] when the team has that template.',
  ...PLAYBOOKS.map((p) =>
    [
      `## ${p.title} (${p.id})`,
      `Applies when the incident mentions: ${[...p.keywords, ...(p.cues ?? [])].join(', ')}.`,
      p.intro,
      `Ask: ${p.questions.join(' / ')}`,
      `Check: ${p.checks
        .map((c) => (c.command ? `${c.title} (\`${c.command}\`${c.cmd ? `; without PowerShell: \`${c.cmd}\`` : ''})` : c.title))
        .join(' / ')}`,
      `Fix: ${p.fix.title}. ${p.fix.description}${p.fix.templateSlug ? ` Template: ${p.fix.templateSlug}.` : ''}`,
    ].join('\n'),
  ),
].join('\n\n');

/** What the pilot is told about the team's templates: the slug (or id) to name, and the parameters. */
export type TemplateSummary = { ref: string; name: string; language: string; parameters: string[] };

const customerBlock = (templates: readonly TemplateSummary[], insights: PilotState['insights']) =>
  [
    templates.length
      ? `The team's script templates (name one by its ref in [SUGGEST_FIX] "template"):\n${[...templates]
          .sort((a, b) => a.ref.localeCompare(b.ref))
          .map((t) => `- ${t.ref}: ${t.name} (${t.language}; parameters: ${t.parameters.join(', ') || 'none'})`)
          .join('\n')}`
      : 'The team has no script templates yet.',
    insights.length
      ? `Customer environment insights:\n${insights.map((i) => `- [${i.category}, ${i.confidence}] ${i.text}`).join('\n')}`
      : 'No environment insights are recorded for this customer.',
  ].join('\n\n');

/**
 * One conversation turn's prompt. Cache breakpoints (at most four, ADR 7): the instructions and
 * runbooks (the same for every call), the templates and insights (the same for the customer),
 * and the last turn before the new message (the same as the previous call's conversation); the
 * session state rides on the new message, so nothing that changes each turn sits before a
 * breakpoint.
 */
export const pilotPrompt = (input: {
  state: PilotState;
  templates: readonly TemplateSummary[];
  history: readonly ChatMessage[];
}): { system: SystemBlock[]; messages: ChatMessage[] } => {
  const history = [...input.history];
  const last = history.pop();
  const earlier = history.map((m, index) => (index === history.length - 1 ? { ...m, cache: {} } : m));
  const stateText = `${SESSION_STATE_HEADER}\n${JSON.stringify(input.state)}\n${SESSION_STATE_END}`;
  return {
    system: [
      { text: `${PILOT_INSTRUCTIONS}\n\n${PLAYBOOK_KNOWLEDGE}`, cache: {} },
      { text: customerBlock(input.templates, input.state.insights), cache: {} },
    ],
    messages: [
      ...earlier,
      {
        role: 'user',
        content: `${stateText}\n\n${last?.role === 'user' ? last.content : ''}`.trimEnd(),
        ...(last?.images?.length && { images: last.images }),
      },
    ],
  };
};

/** The session state and the technician's words of a turn's last message (the offline pilot reads both). */
export const readSessionState = (message: string): { state: PilotState | null; text: string } => {
  if (!message.startsWith(SESSION_STATE_HEADER)) {
    return { state: null, text: message };
  }
  const end = message.indexOf(`\n${SESSION_STATE_END}`);
  try {
    const state = JSON.parse(message.slice(SESSION_STATE_HEADER.length, end)) as PilotState;
    return { state, text: message.slice(end + SESSION_STATE_END.length + 1).trim() };
  } catch {
    return { state: null, text: message };
  }
};

/** The user message of a fact-synthesis call. */
export const factSynthesisInput = (source: {
  sourceType: 'question' | 'diagnostic_check';
  sourceRef: string;
  prompt: string;
  response: string;
}) => JSON.stringify({ source_type: source.sourceType, source_ref: source.sourceRef, asked: source.prompt, response: source.response });
