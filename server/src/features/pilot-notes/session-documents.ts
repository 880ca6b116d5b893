// P5 / issue 17: the resolution note (customer-visible) and the escalation package (internal),
// built from session state only — the session, its facts, the active fix and the task lane —
// never from the chat transcript.
//
// Both PSAs show note text as plain text: Autotask's TicketNote description is plain text (HTML is
// stored literally, the API cannot create rich text), and ConnectWise service-ticket notes are
// posted as plain `text`. So headings are their own lines, lists use "•", sections are separated
// by a blank line, and no markdown reaches the ticket.
//
// Rules for what a customer reads:
// - no confidence figures, no raw command output (a check contributes its finding, one line), and
//   e-mail addresses and secrets are removed;
// - the fix is stated as applied only when the engineer marked it applied or a script ran for it;
//   each script run is listed with its parameters (passwords as ••••);
// - the root cause is "Not determined" unless the engineer writes one in;
// - the Outcome is written by the engineer when posting (see `withOutcome`); nothing stands in
//   for it.
import type { TaskLane } from '#src/features/pilot-sessions/task-lane';

export type DocumentState = {
  title: string;
  customer: string | null;
  contact: string;
  priority: string;
  ticketLabel: string | null;
  facts: { text: string; sourceType: 'question' | 'diagnostic_check' | 'user_note' | 'ai_synthesis' }[];
  fix: { title: string; description: string; applied: boolean } | null;
  lane: TaskLane;
  /** Scripts generated in the session (P5, P7.1), parameters as stored: passwords are ••••. */
  scripts: { title: string; parametersText: string; forFix: boolean }[];
};

/** Prose a model may write for the problem statement and next steps; offline they are templates. */
export type DocumentProse = { problem?: string; nextSteps?: string };

const SOURCE_HEADINGS: [DocumentState['facts'][number]['sourceType'], string][] = [
  ['question', 'From questions'],
  ['diagnostic_check', 'From diagnostic checks'],
  ['user_note', 'Technician notes'],
  ['ai_synthesis', 'Other observations'],
];

export const NOT_DETERMINED = 'Not determined';
export const NO_FIX_APPLIED = 'No fix was marked as applied in this session.';

const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}/g;
// "password: x", "pwd=x", "secret=x", "api key: x" — the value up to the next space ("password
// reset on Monday" is no secret, so a separator is required).
// A value already shown as •••• (a script run's password) stays as it is.
const SECRET_ASSIGNMENT = /\b(pass(?:word)?|pwd|secret|token|api[ _-]?key|client[ _-]?secret)\b\s{0,3}[:=]\s{0,3}(?!••••)\S{1,200}/gi;
// Long runs of key-like characters (tokens, hashes, keys).
const KEY_LIKE = /\b[A-Za-z0-9+/_-]{32,}={0,2}/g;

/** Secrets out of any text; e-mail addresses out too when the text is for the customer. */
export const redact = (text: string, audience: 'customer' | 'internal') => {
  let out = text.replace(SECRET_ASSIGNMENT, (_m, label: string) => `${label}: (removed)`).replace(KEY_LIKE, '(removed)');
  if (audience === 'customer') {
    out = out.replace(EMAIL, '(e-mail address removed)');
  }
  return out;
};

/** One line of finding: markdown marks and code ticks off, the first line only, bounded. */
const finding = (text: string, audience: 'customer' | 'internal') => {
  const first =
    text
      .split('\n')
      .map((l) => l.trim())
      .find(Boolean) ?? '';
  const plain = first.replace(/[`*_]{1,3}/g, '').replace(/^#{1,6}\s*/, '');
  const bounded = plain.length > 240 ? `${plain.slice(0, 237)}…` : plain;
  return redact(bounded, audience);
};

const section = (heading: string, body: string) => `${heading}\n${body}`;

const problemOf = (state: DocumentState, audience: 'customer' | 'internal') =>
  [
    finding(state.title, audience),
    [
      state.customer && `Customer: ${state.customer}`,
      state.contact && audience === 'internal' ? `Contact: ${state.contact}` : null,
      `Priority: ${state.priority}`,
    ]
      .filter(Boolean)
      .join(' · '),
  ].join('\n');

const factsOf = (state: DocumentState, audience: 'customer' | 'internal') => {
  if (state.facts.length === 0) {
    return 'Nothing confirmed yet.';
  }
  const groups = SOURCE_HEADINGS.flatMap(([type, heading]) => {
    const facts = state.facts.filter((f) => f.sourceType === type);
    return facts.length ? [[`${heading}:`, ...facts.map((f) => `• ${finding(f.text, audience)}`)].join('\n')] : [];
  });
  return groups.join('\n');
};

/** "Script run: Reset the print spooler (parameters: computer_name = PRN-02, clear_queue = true)". */
const scriptLines = (state: DocumentState, audience: 'customer' | 'internal') =>
  state.scripts.map(
    (script) =>
      `Script run: ${finding(script.title, audience)}${script.parametersText ? ` (parameters: ${redact(script.parametersText, audience)})` : ''}`,
  );

/** The customer-visible resolution note, without its Outcome (the engineer writes that). */
export const resolutionNote = (state: DocumentState, prose: DocumentProse = {}) =>
  [
    section('Problem', prose.problem ? redact(prose.problem, 'customer') : problemOf(state, 'customer')),
    section('What we confirmed', factsOf(state, 'customer')),
    section('Root cause', NOT_DETERMINED),
    section(
      'Resolution',
      [
        state.fix?.applied || (state.fix && state.scripts.some((script) => script.forFix))
          ? `Applied: ${finding(state.fix.title, 'customer')}. ${finding(state.fix.description, 'customer')}`
          : state.scripts.length
            ? null
            : NO_FIX_APPLIED,
        ...scriptLines(state, 'customer'),
      ]
        .filter(Boolean)
        .join('\n'),
    ),
  ].join('\n\n');

/** The note as posted: the (possibly edited) text and the engineer's Outcome. */
export const withOutcome = (text: string, outcome: string) => `${text.trimEnd()}\n\nOutcome\n${outcome.trim()}`;

/** The internal escalation package for the next tier. */
export const escalationPackage = (state: DocumentState, prose: DocumentProse = {}) => {
  const ran = state.lane.checks.filter((c) => c.status === 'done');
  const openQuestions = state.lane.questions.filter((q) => q.status === 'open');
  const pendingChecks = state.lane.checks.filter((c) => c.status === 'pending');
  const steps = [
    ...openQuestions.map((q) => `• Answer: ${finding(q.text, 'internal')}`),
    ...pendingChecks.map((c) => `• Run: ${finding(c.title, 'internal')}${c.command ? ` (${finding(c.command, 'internal')})` : ''}`),
    ...(state.fix && !state.fix.applied ? [`• Verify the current hypothesis: ${finding(state.fix.title, 'internal')}`] : []),
  ];
  return [
    section('Problem', prose.problem ? redact(prose.problem, 'internal') : problemOf(state, 'internal')),
    section("What we've confirmed", factsOf(state, 'internal')),
    section(
      "What we've tried",
      ran.length || state.scripts.length
        ? [
            ...ran.map((c) => `• ${finding(c.title, 'internal')}: ${finding(c.result ?? '', 'internal') || 'no output'}`),
            ...scriptLines(state, 'internal').map((line) => `• ${line}`),
          ].join('\n')
        : 'No diagnostic checks were run.',
    ),
    section(
      'Current hypothesis',
      state.fix
        ? `${finding(state.fix.title, 'internal')}: ${finding(state.fix.description, 'internal')}${state.fix.applied ? ' (applied; the problem remains)' : ''}`
        : 'No hypothesis yet.',
    ),
    section(
      'Suggested next steps',
      prose.nextSteps
        ? redact(prose.nextSteps, 'internal')
        : steps.length
          ? steps.join('\n')
          : '• Review the confirmed facts with the next-level engineer.',
    ),
  ].join('\n\n');
};

/** Share update: a customer-visible progress note — what we found so far and what comes next. */
export const progressUpdate = (state: DocumentState) => {
  const pendingChecks = state.lane.checks.filter((c) => c.status === 'pending');
  const openQuestions = state.lane.questions.filter((q) => q.status === 'open');
  const next = [
    ...pendingChecks.map((c) => `• We are checking: ${finding(c.title, 'customer')}`),
    ...openQuestions.slice(0, 3).map((q) => `• We may ask you: ${finding(q.text, 'customer')}`),
    ...(state.fix && !state.fix.applied ? [`• We plan to: ${finding(state.fix.title, 'customer')}`] : []),
  ];
  return [
    section("What we've found so far", factsOf(state, 'customer')),
    section('Next steps', next.length ? next.join('\n') : 'We keep working on it and will update you here.'),
  ].join('\n\n');
};
