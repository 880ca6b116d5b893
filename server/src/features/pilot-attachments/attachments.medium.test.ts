// Issue 18 (Attach): what may be attached (checked by its bytes, bounded in size), stored with
// the session behind RLS, served as a sandboxed download; a log as a check's output; a message
// with a screenshot reaching the model as an image block (real SDK, fake Messages API) and the
// offline pilot saying it cannot read it.
import { type MessagesFake, startMessagesFake } from '@flightdeck/sandbox/anthropic/messages-fake';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAnthropicPilot } from '../../../test/fake-model';
import { createTestApp, type TestApp } from '../../../test/test-app';

type Json = ReturnType<typeof JSON.parse>;
// A real 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const LOG = 'WARNING: TCP connect to (203.0.113.10 : 443) failed\nPingSucceeded    : True\nTcpTestSucceeded : False\n';

const harness = (pilot?: () => Parameters<typeof createTestApp>[0]) => {
  const h = {} as { t: TestApp; operator: Record<string, string>; reporter: Record<string, string> };
  beforeAll(async () => {
    h.t = await createTestApp(pilot?.());
    const { users } = await h.t.newAccount();
    h.operator = await h.t.login(users.operator.email);
    h.reporter = await h.t.login(users.reporter.email);
  });
  afterAll(() => h.t?.close());
  const upload = (sessionId: string, body: Buffer, name: string, contentType: string, headers = h.operator) =>
    h.t.app.inject({
      method: 'POST',
      url: `/api/v1/ai-sessions/${sessionId}/attachments?name=${encodeURIComponent(name)}`,
      headers: { ...headers, 'content-type': contentType },
      payload: body,
    });
  const api = async (method: 'GET' | 'POST', url: string, payload?: Json, headers = h.operator) => {
    const response = await h.t.app.inject({ method, url, headers, ...(payload && { payload }) });
    return { status: response.statusCode, body: response.json() as Json };
  };
  return { h, upload, api };
};

describe('attachments with the offline pilot', () => {
  const { h, upload, api } = harness();

  it('takes screenshots and logs by their bytes, refuses the rest with the reason, and keeps them to the account', async () => {
    const { id } = (await api('POST', '/api/v1/ai-sessions', { title: 'VPN does not connect' })).body;
    const image = await upload(id, PNG, 'error.png', 'image/png');
    expect(image.statusCode).toBe(201);
    expect(image.json()).toMatchObject({ kind: 'image', contentType: 'image/png', fileName: 'error.png', sizeBytes: PNG.length });
    // A text log sent as octet-stream is still a log; a binary named .log is not.
    expect((await upload(id, Buffer.from(LOG), 'vpn.log', 'application/octet-stream')).json()).toMatchObject({ kind: 'text' });
    const binary = await upload(id, Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03]), 'evil.log', 'application/octet-stream');
    expect(binary.statusCode).toBe(400);
    expect(binary.json().detail).toContain('neither');
    expect((await upload(id, Buffer.alloc(1024 * 1024 + 10, 0x61), 'huge.log', 'text/plain')).json().detail).toContain('up to 1 MB');
    expect((await upload(id, PNG, 'x.png', 'image/png', h.reporter)).statusCode).toBe(403);

    const download = await h.t.app.inject({
      method: 'GET',
      url: `/api/v1/ai-sessions/${id}/attachments/${image.json().id}`,
      headers: h.operator,
    });
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['content-security-policy']).toContain('sandbox');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.rawPayload.equals(PNG)).toBe(true);

    const other = await h.t.newAccount();
    const stranger = await h.t.login(other.users.operator.email);
    expect((await api('GET', `/api/v1/ai-sessions/${id}/attachments`, undefined, stranger)).status).toBe(404);
  });

  it("turns an attached log into a check's output and its finding; the offline pilot says it cannot read a screenshot", async () => {
    const { id } = (await api('POST', '/api/v1/ai-sessions', { title: 'VPN does not connect' })).body;
    await api('POST', `/api/v1/ai-sessions/${id}/messages`, { content: 'VPN fails' });
    const check = (await api('GET', `/api/v1/ai-sessions/${id}`)).body.taskLane.checks[0];
    const log = (await upload(id, Buffer.from(LOG), 'test-netconnection.txt', 'text/plain')).json();
    const recorded = await api('POST', `/api/v1/ai-sessions/${id}/attachments/${log.id}/check-output`, { checkId: check.id });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
    expect(recorded.body.createdFact.text).toBe(
      'Test the VPN gateway port: WARNING: TCP connect to (203.0.113.10 : 443) failed; TcpTestSucceeded : False; PingSucceeded : True',
    );
    const image = (await upload(id, PNG, 'forticlient.png', 'image/png')).json();
    const turn = await api('POST', `/api/v1/ai-sessions/${id}/messages`, {
      content: 'This is what the client shows.',
      attachmentIds: [image.id],
    });
    expect(turn.body.message.content).toContain('I cannot read screenshots offline');
    const messages = (await api('GET', `/api/v1/ai-sessions/${id}/messages`)).body.messages;
    expect(messages.at(-2)).toMatchObject({ role: 'user', attachmentIds: [image.id] });
    const foreign = await api('POST', `/api/v1/ai-sessions/${id}/messages`, {
      content: 'x',
      attachmentIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(foreign.status).toBe(400);
  });
});

describe('attachments with a model (real SDK, fake Messages API)', () => {
  let fake: MessagesFake;
  // Started before the app that points at it.
  beforeAll(async () => {
    fake = await startMessagesFake();
  });
  afterAll(() => fake?.close());
  const { upload, api } = harness(() => ({ pilot: fakeAnthropicPilot(fake.baseUrl) }));
  it('sends the screenshot as an image block and the log as text with the message', async () => {
    const { id } = (await api('POST', '/api/v1/ai-sessions', { title: 'VPN does not connect' })).body;
    const image = (await upload(id, PNG, 'forticlient.png', 'image/png')).json();
    const log = (await upload(id, Buffer.from(LOG), 'vpn.log', 'text/plain')).json();
    await api('POST', `/api/v1/ai-sessions/${id}/messages`, {
      content: 'See the screenshot and the log.',
      attachmentIds: [image.id, log.id],
    });
    const sent = (fake.requests().at(-1)?.body.messages ?? []) as { role: string; content: unknown }[];
    const last = sent.at(-1);
    const blocks = last?.content as { type: string; source?: { media_type: string; data: string }; text?: string }[];
    expect(blocks[0]).toMatchObject({ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG.toString('base64') } });
    expect(blocks[1]?.text).toContain('See the screenshot and the log.');
    expect(blocks[1]?.text).toContain('Attached log vpn.log:');
    expect(blocks[1]?.text).toContain('TcpTestSucceeded : False');
  });
});
