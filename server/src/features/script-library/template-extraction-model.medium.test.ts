// P7.4 with a model: the template-extraction model from settings proposes the template (real SDK
// against the fake Messages API); its proposal is used only when it renders back to the script
// exactly and parameterises no command, else the offline extractor answers.
import { type MessagesFake, startMessagesFake } from '@flightdeck/sandbox/anthropic/messages-fake';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { MODEL_SERVICES } from '#src/models/model-provider';
import { fakeAnthropicPilot } from '../../../test/fake-model';
import { createTestApp, type TestApp } from '../../../test/test-app';

let fake: MessagesFake;
let t: TestApp;
let operator: Record<string, string>;
const script = 'Get-PrintJob -ComputerName PRN-02 | Remove-PrintJob';

beforeAll(async () => {
  fake = await startMessagesFake();
  // Every other service on a cheaper model: the extraction model from settings is the one asked.
  const haiku = Object.fromEntries(MODEL_SERVICES.map((s) => [s, 'claude-haiku-4-5']));
  t = await createTestApp({ pilot: fakeAnthropicPilot(fake.baseUrl, { ...haiku, template_extraction: 'claude-sonnet-4-6' }) });
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

const extract = async () =>
  (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/script-templates/extract',
      headers: operator,
      payload: { language: 'powershell', script },
    })
  ).json();

it("uses the extraction model's proposal when it holds", async () => {
  fake.enqueueReplies(
    JSON.stringify({
      body: 'Get-PrintJob -ComputerName {{ print_server }} | Remove-PrintJob',
      parameters: [{ key: 'print_server', label: 'Print server', type: 'text', inferred_from: 'the computer PRN-02' }],
      values: { print_server: 'PRN-02' },
    }),
  );
  const proposal = await extract();
  expect(proposal).toMatchObject({ source: 'model', body: 'Get-PrintJob -ComputerName {{ print_server }} | Remove-PrintJob' });
  const [request] = fake.requests();
  expect(request?.body.model).toBe('claude-sonnet-4-6');
});

it('falls back to the offline extractor when the model parameterises a command or breaks the round trip', async () => {
  fake.enqueueReplies(
    JSON.stringify({
      body: '{{ verb }} -ComputerName PRN-02 | Remove-PrintJob',
      parameters: [{ key: 'verb', label: 'Command', type: 'text' }],
      values: { verb: 'Get-PrintJob' },
    }),
    'not json at all',
  );
  for (let i = 0; i < 2; i += 1) {
    const proposal = await extract();
    expect(proposal).toMatchObject({ source: 'offline', body: 'Get-PrintJob -ComputerName {{ computer_name }} | Remove-PrintJob' });
  }
});
