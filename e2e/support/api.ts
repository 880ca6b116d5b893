// Calls the HTTP API the way a script would: a signed-in session (cookie + CSRF token) for a
// demo login, and an ingestion key for sending runs as a machine.
import type { Started } from './server';
import { demoLogin } from './sign-in';

export type ApiSession = <T>(method: string, path: string, body?: unknown) => Promise<{ status: number; body: T }>;

export const apiSession = async (server: Started, role: 'admin' | 'operator' | 'reporter'): Promise<ApiSession> => {
  const login = demoLogin(server, role);
  const signedIn = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: login.email, password: login.password }),
  });
  const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
  const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] as string;
  return async <T>(method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as T };
  };
};

/** Sends runs through the ingestion API with a fresh key the admin creates. */
export const ingestRuns = async (server: Started, runs: unknown[]) => {
  const admin = await apiSession(server, 'admin');
  const created = await admin<{ key: string }>('POST', '/api/v1/api-keys', { name: 'e2e ingest' });
  if (created.status !== 201) {
    throw new Error(`creating an API key failed: ${created.status}`);
  }
  const ingest = await fetch(`${server.url}/api/v1/ingest/runs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${created.body.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ source: 'rmm', runs }),
  });
  return (await ingest.json()) as { accepted?: number; items: { runId: string | null }[] };
};
