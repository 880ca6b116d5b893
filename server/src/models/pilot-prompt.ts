// The prompt every pilot turn sends, whichever provider answers: fixed instructions (the marker
// protocol), the customer's environment insights, and the session state as JSON after a fixed
// header — the one contract the offline playbook pilot reads too.
import type { SystemBlock } from './model-provider';

export const SESSION_STATE_HEADER = 'SESSION STATE (JSON):';

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

/** The system prompt of a conversation turn. Three blocks; the comments say why each is or is not cached. */
export const pilotSystemPrompt = (state: PilotState): SystemBlock[] => [
  // Cached: the same instructions open every turn of every session.
  { text: PILOT_INSTRUCTIONS, cache: {} },
  // Not cached: short, and different per customer.
  {
    text: state.insights.length
      ? `Customer environment insights:\n${state.insights.map((i) => `- [${i.category}, ${i.confidence}] ${i.text}`).join('\n')}`
      : 'No environment insights are recorded for this customer.',
  },
  // Not cached: changes with every answer, check and fact.
  { text: `${SESSION_STATE_HEADER}\n${JSON.stringify(state)}` },
];

export const readSessionState = (system: string | readonly SystemBlock[]): PilotState | null => {
  const blocks = typeof system === 'string' ? [system] : system.map((b) => b.text);
  const block = blocks.find((text) => text.startsWith(SESSION_STATE_HEADER));
  if (!block) {
    return null;
  }
  try {
    return JSON.parse(block.slice(SESSION_STATE_HEADER.length)) as PilotState;
  } catch {
    return null;
  }
};

/** The user message of a fact-synthesis call. */
export const factSynthesisInput = (source: {
  sourceType: 'question' | 'diagnostic_check';
  sourceRef: string;
  prompt: string;
  response: string;
}) => JSON.stringify({ source_type: source.sourceType, source_ref: source.sourceRef, asked: source.prompt, response: source.response });
