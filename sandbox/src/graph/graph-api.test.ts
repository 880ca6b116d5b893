// The Graph simulator answers as Microsoft documents its token endpoint and mail API, checked
// with plain HTTP calls shaped like Microsoft's own examples (not through Flightdeck's client).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_SANDBOX_CREDENTIALS as GRAPH, type GraphSandbox, startGraphSandbox } from './graph-sandbox';

let graph: GraphSandbox;
beforeAll(async () => {
  graph = await startGraphSandbox();
});
afterAll(() => graph?.close());

const token = (form: Record<string, string>, tenant: string = GRAPH.tenantId) =>
  fetch(`${graph.origin}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
const good = {
  client_id: GRAPH.clientId,
  client_secret: GRAPH.clientSecret,
  scope: 'https://graph.microsoft.com/.default',
  grant_type: 'client_credentials',
};
const bearer = async () => `Bearer ${((await (await token(good)).json()) as { access_token: string }).access_token}`;
const me = `/v1.0/users/${GRAPH.mailbox}`;

describe('Microsoft Graph simulator', () => {
  it('issues a client-credentials token, and refuses as Entra ID does', async () => {
    const ok = await token(good);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ token_type: 'Bearer', expires_in: 3599, access_token: expect.any(String) });
    const wrongSecret = await token({ ...good, client_secret: 'nope' });
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect(
      ((await (await token({ ...good, client_id: '00000000-0000-0000-0000-000000000000' })).json()) as { error_codes: number[] })
        .error_codes,
    ).toEqual([700016]);
    const noTenant = await token(good, 'contoso.onmicrosoft.com');
    expect(noTenant.status).toBe(400);
    expect(((await noTenant.json()) as { error_description: string }).error_description).toMatch(
      /^AADSTS90002: Tenant 'contoso.onmicrosoft.com' not found/,
    );
    expect((await token(good, GRAPH.tenantDomain)).status).toBe(200);
  });

  it('pages folder messages with @odata.nextLink, serves the MIME as text/plain and gives a moved message a new id', async () => {
    graph.store.reset();
    graph.store.behaviour.defaultPageSize = 2;
    for (let i = 0; i < 5; i++) {
      graph.deliver(Buffer.from(`Subject: mail ${i}\r\nFrom: a@b.example\r\n\r\nbody ${i}\r\n`));
    }
    const auth = { authorization: await bearer() };
    const seen: string[] = [];
    let url: string | undefined = `${graph.origin}${me}/mailFolders/inbox/messages?$select=subject`;
    while (url) {
      const page = (await (await fetch(url, { headers: auth })).json()) as {
        value: { id: string; subject: string }[];
        '@odata.nextLink'?: string;
      };
      seen.push(...page.value.map((m) => m.subject));
      url = page['@odata.nextLink'];
    }
    expect(seen).toHaveLength(5);
    const [first] = (
      (await (await fetch(`${graph.origin}${me}/mailFolders/inbox/messages?$top=1`, { headers: auth })).json()) as {
        value: { id: string }[];
      }
    ).value as [{ id: string }];
    const mime = await fetch(`${graph.origin}${me}/messages/${first.id}/$value`, { headers: auth });
    expect(mime.headers.get('content-type')).toBe('text/plain');
    expect(await mime.text()).toContain('Subject: mail');
    const archive = (await (await fetch(`${graph.origin}${me}/mailFolders/archive`, { headers: auth })).json()) as { id: string };
    const moved = await fetch(`${graph.origin}${me}/messages/${first.id}/move`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ destinationId: archive.id }),
    });
    expect(moved.status).toBe(201);
    expect(((await moved.json()) as { id: string }).id).not.toBe(first.id);
    expect((await fetch(`${graph.origin}${me}/messages/${first.id}`, { headers: auth })).status).toBe(404);
  });

  it('answers Graph errors in their documented shape', async () => {
    graph.store.reset();
    const auth = { authorization: await bearer() };
    const noToken = await fetch(`${graph.origin}${me}/mailFolders`);
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toMatchObject({ error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } });
    const nobody = await fetch(`${graph.origin}/v1.0/users/nobody@contoso.com/mailFolders`, { headers: auth });
    expect(nobody.status).toBe(404);
    expect(((await nobody.json()) as { error: { code: string } }).error.code).toBe('ErrorInvalidUser');
    const folder = await fetch(`${graph.origin}${me}/mailFolders`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ displayName: 'Archive' }),
    });
    expect(folder.status).toBe(409);
    graph.store.behaviour.permissions = [];
    const denied = await fetch(`${graph.origin}${me}/mailFolders`, { headers: { authorization: await bearer() } });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { error: { code: string } }).error.code).toBe('ErrorAccessDenied');
  });
});
