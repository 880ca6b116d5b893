// P0.1 / P3.5: the offline pilot, the default when no model is configured. It answers from the
// playbooks with the same markers a model would emit, reading the session state from the prompt
// (pilot-prompt.ts). Fact synthesis is conservative and extractive: a fact only restates what the
// answer or check output says, and a non-answer yields no fact.
import type { ModelProvider, ModelReply, ModelRequest } from '../model-provider';
import { type PilotState, readSessionState } from '../pilot-prompt';
import { checkFinding } from './check-findings';
import { answerIn, choosePlaybook, type Playbook, playbookById } from './playbooks';

export const OFFLINE_MODEL = 'offline-playbooks';

const NON_ANSWERS = /^(\?+|-+|n\/?a|none|no idea|not sure|unsure|unknown|don'?t know|dunno|idk|skip|later|tbd|\.+)$/i;

export const synthesiseFact = (input: string): string => {
  let source: { source_type?: string; source_ref?: string; asked?: string; response?: string };
  try {
    source = JSON.parse(input);
  } catch {
    return 'No new fact.';
  }
  const response = (source.response ?? '').replace(/\s+/g, ' ').trim();
  if (!response || NON_ANSWERS.test(response) || response.length < 2) {
    return 'No new fact.';
  }
  const asked = (source.asked ?? '').trim();
  // A check contributes what its output shows, not the dump (issue 18); the raw output stays on the check.
  const text =
    source.source_type === 'diagnostic_check'
      ? `${asked}: ${checkFinding(source.response ?? '')}`
      : `${asked.replace(/\?$/, '')}: ${response.slice(0, 300)}`;
  return `[PROMOTE]${JSON.stringify({ source_type: source.source_type, source_ref: source.source_ref ?? null, text, summary: null })}[/PROMOTE]`;
};

const HOST_IN_FACT = /(?<![\w.@-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}|(?:\d{1,3}\.){3}\d{1,3})(?![\w-])/i;

/** The playbook's script with `<host>` filled from what the session confirmed; null if it did not. */
export const draftScript = (script: string | null, facts: { text: string }[]) => {
  if (!script?.includes('<host>')) {
    return script;
  }
  const host = facts.map((f) => HOST_IN_FACT.exec(f.text)?.[1]).find(Boolean);
  return host ? script.replaceAll('<host>', host) : null;
};

const POWERSHELL = /\b[A-Z][a-z]+-[A-Z][A-Za-z]+\b|\$env:/;
// "PowerShell is blocked / disabled / not allowed / in constrained language mode …"
const RESTRICTS_POWERSHELL =
  /powershell[^.]{0,60}\b(block|disabl|restrict|not allowed|forbidden|constrained|prohibit)|\b(no|without|block\w*|disabl\w*)\b[^.]{0,30}powershell/i;

const list = (items: string[]) => items.map((i) => `- ${i}`).join('\n');

export const playbookTurn = (state: PilotState, lastMessage: string): string => {
  const playbook: Playbook =
    playbookById(state.playbookId) ?? choosePlaybook(`${state.title} ${lastMessage} ${state.facts.map((f) => f.text).join(' ')}`);
  const asked = new Set(state.questions.map((q) => q.text));
  const fresh = playbook.questions.filter((q) => !asked.has(q));
  const restriction = state.insights.find((i) => i.category === 'command_constraints' && RESTRICTS_POWERSHELL.test(i.text));
  // The first turn: nothing of the playbook is in the task lane yet.
  if (fresh.length === playbook.questions.length && state.checks.length === 0) {
    // What the technician already wrote is recorded, not asked again.
    const told = playbook.questions.map((q) => ({ q, answer: answerIn(q, lastMessage) })).filter((t) => t.answer);
    const toAsk = fresh.filter((q) => !told.some((t) => t.q === q));
    const promotions = told.map(
      ({ q, answer }) =>
        `[PROMOTE]${JSON.stringify({
          source_type: 'ai_synthesis',
          source_ref: null,
          text: `${q.replace(/\?$/, '')}: ${answer}`,
          summary: 'from the first message',
        })}[/PROMOTE]`,
    );
    return [
      `Playbook: ${playbook.title}. ${playbook.intro}`,
      told.length ? `From your message I noted: ${told.map((t) => t.q.replace(/\?$/, '').toLowerCase()).join('; ')}.` : null,
      ...promotions,
      toAsk.length ? '[QUESTIONS]' : null,
      toAsk.length ? list(toAsk) : null,
      '',
      restriction ? `This customer restricts PowerShell (insight: "${restriction.text}"), so the checks use cmd where they can.` : null,
      '[DIAGNOSTIC_CHECKS]',
      list(
        playbook.checks.map((c) => {
          // I4: a command_constraints insight that rules out PowerShell changes the check's command.
          const command = restriction && c.command && POWERSHELL.test(c.command) ? (c.cmd ?? null) : c.command;
          return command ? `${c.title} | ${command}` : c.title;
        }),
      ),
      '',
      'Answer what you can and run the checks; I will add what we confirm to "What we know".',
    ]
      .filter((line) => line !== null)
      .join('\n');
  }
  if (state.activeFix) {
    return `The suggested fix stands: ${state.activeFix.title}. Apply it and confirm with the user, then Resolve; tell me if something new turns up.`;
  }
  // Evidence is what we confirmed: facts, not answers ("don't know" is an answer and no evidence).
  const evidence = state.facts.length;
  if (evidence >= 2) {
    const confidence = Math.min(90, 50 + 10 * evidence);
    return [
      `Based on what we confirmed (${state.facts.length} fact${state.facts.length === 1 ? '' : 's'}), this matches "${playbook.title}".`,
      `[SUGGEST_FIX]${JSON.stringify({
        title: playbook.fix.title,
        description: playbook.fix.description,
        confidence,
        template: playbook.fix.templateSlug,
        script: draftScript(playbook.fix.script, state.facts),
        parameters: null,
      })}[/SUGGEST_FIX]`,
      `Suggested fix: ${playbook.fix.title}. Review it in the task lane, apply it, and mark it applied when it is done.`,
    ].join('\n');
  }
  const open = state.questions.find((q) => q.status === 'open');
  const pending = state.checks.find((c) => c.status === 'pending');
  return [
    'I need a little more evidence before suggesting a fix.',
    open ? `Next question: ${open.text}` : null,
    pending ? `Next check: ${pending.title}${pending.command ? ` (\`${pending.command}\`)` : ''}` : null,
  ]
    .filter(Boolean)
    .join('\n');
};

const respond = (request: ModelRequest): string => {
  const last = [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  switch (request.service) {
    case 'fact_synthesis':
      return synthesiseFact(last);
    case 'conversation': {
      const { state, text } = readSessionState(last);
      if (!state) {
        return 'I can only help inside a FlowPilot session.';
      }
      // The offline pilot reads words, not pictures: it says so instead of pretending.
      const images = [...request.messages].reverse().find((m) => m.role === 'user')?.images?.length ?? 0;
      const unread = images
        ? `I cannot read screenshots offline; type the error text or what the screen shows, or paste the log. (${images} screenshot${images === 1 ? '' : 's'} kept with the session.)\n`
        : '';
      return `${unread}${playbookTurn(state, text)}`;
    }
    default:
      // Notes and packages are built from templates when offline; nothing asks the playbooks for prose.
      return '';
  }
};

const reply = (text: string): ModelReply => ({
  text,
  model: OFFLINE_MODEL,
  usage: { inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0 },
  stopReason: 'end_turn',
});

export const createOfflineProvider = (): ModelProvider => ({
  kind: 'offline',
  complete: async (_ctx, request) => reply(respond(request)),
  async stream(_ctx, request, onText) {
    const text = respond(request);
    for (const piece of text.match(/\S+\s*|\s+/g) ?? []) {
      onText(piece);
    }
    return reply(text);
  },
});
