// bench/pilot-cache (issue 18): how much of FlowPilot's model input the prompt cache serves. A
// 10-turn session with the real prompts through the real services and the real @anthropic-ai/sdk,
// against the fake Messages API with its documented token rule and per-model minimums; answers,
// facts and the fix grow the session state as they would. Per turn: uncached input, cache
// creation and cache reads; target: from turn 2 on at least 80% of input tokens read from cache.
// Then the resolution-note and escalation previews (prose calls) on the same session.
// Usage: npm run bench -- pilot-cache (DATABASE_URL=… for PostgreSQL).
import { startMessagesFake } from '../sandbox/src/anthropic/messages-fake';
import { createOutboundPolicy } from '../server/src/features/external-calls/outbound-policy';
import { cacheMinimumFor } from '../server/src/models/cache-minimums';
import { MODEL_SERVICES, type ModelService } from '../server/src/models/model-provider';
import { createServices } from '../server/src/services';
import { benchAccount, openBenchDatabase } from './bench-setup';
import { recordResults } from './results';

const MODEL = 'claude-sonnet-4-6';
const TARGET = 0.8;

const fake = await startMessagesFake();
// A model's reply as a pilot writes it: a short answer and the next question, so the history grows.
let turn = 0;
fake.setResponder(() => {
  turn += 1;
  return `Thanks, that narrows it down (turn ${turn}). The prompts after a reset usually come from a stale Office token.\n[QUESTIONS]\n- Does the prompt also appear in a new Windows profile (turn ${turn})?`;
});
const models = Object.fromEntries(MODEL_SERVICES.map((s) => [s, MODEL])) as Record<ModelService, string>;
const { database, keyring, engine, close } = await openBenchDatabase(5);
const services = createServices({
  database,
  keyring,
  outbound: createOutboundPolicy({ allowPrivate: true }),
  pilot: {
    provider: 'anthropic',
    apiKey: 'sk-bench',
    baseUrl: fake.baseUrl,
    models,
    tools: { conversation: false, scriptGenerator: false, factSynthesis: false, notes: false, templateExtraction: false },
  },
});
const ctx = await benchAccount(services);
await services.scriptLibrary.seedStarterLibrary(ctx);
const customer = await services.customers.createCustomer(ctx, { name: 'Adatum Legal', notes: '' });
const session = await services.pilotSessions.createSession(ctx, {
  title: 'Outlook keeps asking for the password',
  customerId: customer.id,
  contact: 'Dana Reyes',
  priority: 'high',
  ticketNumber: null,
});

const MESSAGES = [
  'Since this morning Dana gets a password prompt in Outlook every few minutes; she changed her password yesterday.',
  'Only Outlook desktop prompts; Outlook on the web works fine.',
  'It is only Dana. Nobody else in the office has it.',
  'cmdkey /list shows two MicrosoftOffice16 entries for her account.',
  'The Office identity cache folder has files from last week.',
  'She is on Microsoft 365 Apps, version 2411, current channel.',
  'MFA is by Authenticator; the sign-in logs show successful MFA each time.',
  'A new Windows profile does not prompt.',
  'I cleared the Office identity cache and the two credentials.',
  'She signed in once and Outlook has been quiet for twenty minutes.',
];

type Row = { turn: number; input: number; creation: number; read: number; share: number };
const rows: Row[] = [];
for (const [index, message] of MESSAGES.entries()) {
  const before = fake.requests().length;
  await services.pilotConversation.sendMessage(ctx, session.id, message);
  rows.push({ turn: index + 1, ...usageOf(before) });
  if (index === 1) {
    await services.sessionFacts.addNote(ctx, session.id, 'Only Outlook desktop prompts; the web works.');
  }
}

function usageOf(at: number) {
  const usage = fake.requests()[at]?.usage;
  if (!usage) {
    throw new Error('the fake recorded no usage for the turn');
  }
  const total = usage.input_tokens + usage.cache_creation_input_tokens + usage.cache_read_input_tokens;
  return {
    input: usage.input_tokens,
    creation: usage.cache_creation_input_tokens,
    read: usage.cache_read_input_tokens,
    share: total ? usage.cache_read_input_tokens / total : 0,
  };
}

const prose: { call: string; input: number; creation: number; read: number; share: number }[] = [];
for (const [kind, label] of [
  ['resolution_note', 'resolution-note preview'],
  ['escalation_package', 'escalation-package preview'],
] as const) {
  const at = fake.requests().length;
  await services.sessionNotes.preview(ctx, session.id, kind);
  prose.push({ call: label, ...usageOf(at) });
}

const fromTurn2 = rows.slice(1);
const met = fromTurn2.every((r) => r.share >= TARGET);
const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
const body = [
  `Engine: ${engine}. Model ${MODEL} (cache minimum ${cacheMinimumFor(MODEL)} tokens in Flightdeck's table and the fake's); the fake counts ceil(bytes / 4) + 4 tokens per block. A 10-turn session with the real prompts (instructions and runbooks, the 8 starter templates, the customer's insights, the conversation, the session state on the new message).`,
  '',
  '| Turn | Uncached input | Cache creation | Cache reads | Read from cache |',
  '|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.turn} | ${r.input} | ${r.creation} | ${r.read} | ${pct(r.share)} |`),
  '',
  '| Call | Uncached input | Cache creation | Cache reads | Read from cache |',
  '|---|---:|---:|---:|---:|',
  ...prose.map((r) => `| ${r.call} | ${r.input} | ${r.creation} | ${r.read} | ${pct(r.share)} |`),
  '',
  `Target: from turn 2 on at least ${pct(TARGET)} of input tokens read from cache. ${
    met
      ? 'Met on every turn.'
      : `Missed on turn(s) ${fromTurn2
          .filter((r) => r.share < TARGET)
          .map((r) => r.turn)
          .join(', ')}.`
  } The note and package prose calls carry their instructions (about 90 tokens) and the session state only: below every model's cache minimum, so they are not cached (reported, no target).`,
].join('\n');
console.log(body);
recordResults(`pilot-cache on ${engine}`, body);
await fake.close();
await close();
process.exit(met ? 0 : 1);
