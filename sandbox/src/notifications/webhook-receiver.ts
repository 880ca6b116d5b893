// The receiving end of Flightdeck's alert channels (issue 20), as the real services answer:
// - Microsoft Teams, a Workflows "When a Teams webhook request is received" trigger: Adaptive
//   Cards only, in a `{type: "message", attachments: [{contentType:
//   "application/vnd.microsoft.card.adaptive", content}]}` envelope (the old MessageCard format
//   is not accepted by Workflows, per Microsoft's "Create and send messages" page); 202 Accepted
//   with an empty body; a body that does not fit the trigger's schema gets 400
//   TriggerInputSchemaMismatch, as Logic Apps answers.
// - Slack incoming webhooks: 200 with the text body `ok`; 400 `invalid_payload` for a body that
//   is not JSON, 400 `no_text` when neither text nor blocks are given (as reported in GitLab issue
//   332611), 404 `no_service` for an unknown hook.
// - A generic webhook: Flightdeck signs `${timestamp}.${body}` with HMAC-SHA256; the receiver
//   checks the signature in constant time, refuses a timestamp more than five minutes away and a
//   signature it has already seen (a replay), as a careful receiver would.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SandboxRequest, SandboxResponse } from '../http/sandbox-server';

export const WEBHOOK_SANDBOX_SECRET = 'sandbox-webhook-signing-secret-7Qx';
export const SIGNATURE_HEADER = 'x-flightdeck-signature';
export const TIMESTAMP_HEADER = 'x-flightdeck-timestamp';
const TOLERANCE_SECONDS = 300;

export type ReceivedCall = {
  seq: number;
  at: string;
  kind: 'teams' | 'slack' | 'webhook';
  name: string;
  status: number;
  /** For signed webhooks: whether the signature held, and why not. */
  verified: boolean | null;
  reason: string | null;
  event: string | null;
  body: unknown;
};

const text = (status: number, body: string): SandboxResponse => ({ status, body, headers: { 'content-type': 'text/html' } });

export const verifySignature = (
  secret: string,
  rawBody: string,
  timestamp: string | undefined,
  signature: string | undefined,
  nowSeconds: number,
): { ok: true } | { ok: false; reason: string } => {
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, reason: 'missing or malformed timestamp' };
  }
  if (Math.abs(nowSeconds - Number(timestamp)) > TOLERANCE_SECONDS) {
    return { ok: false, reason: 'timestamp outside the five-minute window' };
  }
  const given = /^sha256=([0-9a-f]{64})$/.exec(signature ?? '')?.[1];
  if (!given) {
    return { ok: false, reason: 'missing or malformed signature' };
  }
  const expected = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex')) ? { ok: true } : { ok: false, reason: 'signature does not match' };
};

export const createWebhookReceiver = () => {
  const received: ReceivedCall[] = [];
  const secrets = new Map<string, string>();
  const seenSignatures = new Set<string>();
  let seq = 0;

  const keep = (call: Omit<ReceivedCall, 'seq' | 'at'>, response: SandboxResponse) => {
    seq += 1;
    received.push({ seq, at: new Date().toISOString(), ...call });
    return response;
  };

  const teams = (name: string, req: SandboxRequest) => {
    const body = req.body as { type?: unknown; attachments?: { contentType?: unknown; content?: { type?: unknown } }[] } | undefined;
    const card = Array.isArray(body?.attachments) ? body.attachments[0] : undefined;
    const fits =
      !req.malformedJson &&
      body?.type === 'message' &&
      card?.contentType === 'application/vnd.microsoft.card.adaptive' &&
      card.content?.type === 'AdaptiveCard';
    if (!fits) {
      return keep(
        { kind: 'teams', name, status: 400, verified: null, reason: 'not an Adaptive Card message', event: null, body: req.body ?? null },
        {
          status: 400,
          body: {
            error: {
              code: 'TriggerInputSchemaMismatch',
              message: "The input body for trigger 'manual' of type 'Request' did not match its schema definition.",
            },
          },
        },
      );
    }
    return keep({ kind: 'teams', name, status: 202, verified: null, reason: null, event: null, body }, { status: 202 });
  };

  const slack = (name: string, req: SandboxRequest) => {
    const body = req.body as { text?: unknown; blocks?: unknown } | undefined;
    const [status, answer] = req.malformedJson
      ? [400, 'invalid_payload']
      : typeof body?.text !== 'string' && !Array.isArray(body?.blocks)
        ? [400, 'no_text']
        : [200, 'ok'];
    return keep(
      { kind: 'slack', name, status, verified: null, reason: status === 200 ? null : answer, event: null, body: req.body ?? null },
      text(status, answer),
    );
  };

  const webhook = (name: string, req: SandboxRequest) => {
    const secret = secrets.get(name) ?? WEBHOOK_SANDBOX_SECRET;
    const signature = req.headers[SIGNATURE_HEADER] as string | undefined;
    const checked = verifySignature(
      secret,
      req.rawBody,
      req.headers[TIMESTAMP_HEADER] as string | undefined,
      signature,
      Math.floor(Date.now() / 1000),
    );
    const replay = checked.ok && signature !== undefined && seenSignatures.has(signature);
    const event = (req.headers['x-flightdeck-event'] as string | undefined) ?? null;
    if (!checked.ok || replay) {
      const reason = replay ? 'this signature was already used (replay)' : (checked as { reason: string }).reason;
      return keep(
        { kind: 'webhook', name, status: 401, verified: false, reason, event, body: req.body ?? null },
        { status: 401, body: { error: reason } },
      );
    }
    seenSignatures.add(signature as string);
    return keep({ kind: 'webhook', name, status: 204, verified: true, reason: null, event, body: req.body ?? null }, { status: 204 });
  };

  return {
    /** Answers POST /teams/{name}, /slack/{name} and /hooks/{name}; undefined for other paths. */
    handle(req: SandboxRequest): SandboxResponse | undefined {
      const match = /^\/(teams|slack|hooks)\/([A-Za-z0-9_-]{1,64})$/.exec(req.path);
      if (!match) {
        return req.path.startsWith('/slack/') ? text(404, 'no_service') : undefined;
      }
      if (req.method !== 'POST') {
        return { status: 405, body: { error: 'POST only' } };
      }
      const [, kind, name] = match as unknown as [string, string, string];
      return kind === 'teams' ? teams(name, req) : kind === 'slack' ? slack(name, req) : webhook(name, req);
    },
    received: () => [...received],
    clear: () => {
      received.length = 0;
      seenSignatures.clear();
    },
    /** The secret a generic hook checks signatures with (the fixed sandbox secret otherwise). */
    setSecret: (name: string, secret: string) => secrets.set(name, secret),
  };
};

export type WebhookReceiver = ReturnType<typeof createWebhookReceiver>;
