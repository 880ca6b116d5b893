// Issue 18 (P2.3, P3.4): a turn with a real model — the real SDK against the fake Messages API
// with scripted replies — turns the reply's markers into the task lane: a fact promoted in the
// same turn (about a question the model read from the session state), and a second fix that
// supersedes the first.
import { type MessagesFake, startMessagesFake } from '@flightdeck/sandbox/anthropic/messages-fake';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { readSessionState } from '#src/models/pilot-prompt';
import { fakeAnthropicPilot } from '../../../test/fake-model';
import { createTestApp, type TestApp } from '../../../test/test-app';

type Json = ReturnType<typeof JSON.parse>;
let fake: MessagesFake;
let t: TestApp;
let operator: Record<string, string>;

beforeAll(async () => {
  fake = await startMessagesFake();
  t = await createTestApp({
    pilot: fakeAnthropicPilot(fake.baseUrl),
  });
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});
beforeEach(async () => {
  fake.reset();
  const { users } = await t.newAccount();
  operator = await t.login(users.operator.email);
});

const api = async (method: 'GET' | 'POST', url: string, payload?: Json) => {
  const response = await t.app.inject({ method, url, headers: operator, ...(payload && { payload }) });
  return response.json() as Json;
};

it('promotes a fact about a question in the same turn, and lets a second fix supersede the first', async () => {
  const { id } = await api('POST', '/api/v1/ai-sessions', { title: 'Outlook keeps asking for the password' });
  fake.enqueueReplies(
    [
      'Cached Office tokens are the usual cause.',
      '[QUESTIONS]',
      '- Did it start after a password change?',
      '[DIAGNOSTIC_CHECKS]',
      '- List stored Office credentials | cmdkey /list',
      '[PROMOTE]{"source_type":"ai_synthesis","source_ref":null,"text":"The prompts started the morning after the password change.","summary":"from the first message"}[/PROMOTE]',
      '[SUGGEST_FIX]{"title":"Clear cached Office credentials","description":"Remove the stale entries.","confidence":60,"template":"clear-office-credentials","script":null,"parameters":{}}[/SUGGEST_FIX]',
    ].join('\n'),
  );
  const first = await api('POST', `/api/v1/ai-sessions/${id}/messages`, {
    content: 'Since yesterday’s password change Outlook prompts every few minutes.',
  });
  expect(first.message.content).toBe('Cached Office tokens are the usual cause.');
  expect(first.factsAdded).toBe(1);
  const firstFix = await api('GET', `/api/v1/ai-sessions/${id}/suggested-fixes/active`);
  expect(firstFix).toMatchObject({ title: 'Clear cached Office credentials', confidencePct: 60 });

  // The model reads the question's id from the session state on the new message, and refers to it.
  const [request] = fake.requests().slice(-1);
  expect(request?.body.system).toHaveLength(2);
  const lane = (await api('GET', `/api/v1/ai-sessions/${id}`)).taskLane;
  const question = lane.questions[0];
  fake.setResponder((body) => {
    const messages = body.messages as { content: string | { text: string }[] }[];
    const last = messages.at(-1)?.content;
    const { state } = readSessionState(typeof last === 'string' ? last : (last?.[0]?.text ?? ''));
    const asked = state?.questions[0];
    return [
      'That rules out a tenant-wide problem.',
      `[PROMOTE]${JSON.stringify({ source_type: 'question', source_ref: asked?.id, text: 'It started right after the password change.', summary: null })}[/PROMOTE]`,
      '[SUGGEST_FIX]{"title":"Reset the Office identity cache","description":"Clear the identity cache and sign in again.","confidence":80,"template":null,"script":null,"parameters":{}}[/SUGGEST_FIX]',
    ].join('\n');
  });
  const second = await api('POST', `/api/v1/ai-sessions/${id}/messages`, { content: 'Yes, right after the change.' });
  expect(second.factsAdded).toBe(1);
  const facts = (await api('GET', `/api/v1/ai-sessions/${id}/facts`)).facts;
  expect(facts.map((f: Json) => [f.sourceType, f.sourceRef])).toEqual([
    ['ai_synthesis', null],
    ['question', question.id],
  ]);
  const active = await api('GET', `/api/v1/ai-sessions/${id}/suggested-fixes/active`);
  expect(active).toMatchObject({ title: 'Reset the Office identity cache', confidencePct: 80 });
  expect(active.id).not.toBe(firstFix.id);
  // Two turns of the real prompt: the second read the first's stable prefix from the cache.
  const usage = fake.requests().map((r) => r.usage);
  expect(usage[0]?.cache_creation_input_tokens).toBeGreaterThan(1024);
  expect(usage[1]?.cache_read_input_tokens).toBeGreaterThanOrEqual(usage[0]?.cache_creation_input_tokens ?? Number.POSITIVE_INFINITY);
});
