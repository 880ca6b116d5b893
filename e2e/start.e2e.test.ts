// N1: `npm start` on an empty data dir serves Flightdeck, prints working demo logins once, and a
// restart keeps the data.
import { afterAll, describe, expect, it } from 'vitest';
import { type Instance, newInstance, type Started, startFlightdeck } from './support/server';

const signIn = async (url: string, email: string, password: string) => {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0] ?? '';
  return { status: response.status, cookie, csrf: response.ok ? ((await response.json()) as { csrfToken: string }).csrfToken : '' };
};

describe('npm start', () => {
  let running: Started | undefined;
  let instance: Instance | undefined;
  afterAll(async () => {
    await running?.stop();
    await instance?.drop();
  });

  it('serves the app, prints demo logins that work, stops cleanly and keeps the data across a restart', async () => {
    instance = await newInstance();
    running = await startFlightdeck(instance);
    expect(running.logins.map((l) => l.role)).toEqual(['admin', 'operator', 'reporter']);
    expect(running.logins.every((l) => l.password)).toBe(true);
    const page = await fetch(running.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');

    for (const login of running.logins) {
      expect((await signIn(running.url, login.email, login.password as string)).status).toBe(200);
    }
    const admin = running.logins[0] as { email: string; password: string };
    const session = await signIn(running.url, admin.email, admin.password);
    const created = await fetch(`${running.url}/api/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
      body: JSON.stringify({ email: 'kept@demo.test', displayName: 'Kept Across Restart', role: 'operator', password: 'kept-password-1' }),
    });
    expect(created.status).toBe(201);

    expect(await running.stop()).toBe(0);
    running = await startFlightdeck(instance);
    expect(running.output).toContain('printed at first start');
    expect(running.logins.every((l) => !l.password)).toBe(true);
    expect((await signIn(running.url, admin.email, admin.password)).status).toBe(200);
    expect((await signIn(running.url, 'kept@demo.test', 'kept-password-1')).status).toBe(200);
  });

  it('sends the page and its assets compressed, caches hashed assets for good and revalidates the page (issue 14)', async () => {
    const url = (running as Started).url;
    // The page itself is a few hundred bytes, below the point where compressing pays.
    const page = await fetch(url, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1] as string);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      const br = await fetch(`${url}${asset}`, { headers: { 'accept-encoding': 'br, gzip' } });
      expect(br.headers.get('content-encoding'), asset).toBe('br');
      expect(br.headers.get('cache-control'), asset).toBe('public, max-age=31536000, immutable');
      const gzip = await fetch(`${url}${asset}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(gzip.headers.get('content-encoding'), asset).toBe('gzip');
      expect(await gzip.text()).toBe(await br.text());
    }
    // A client-side route gets the page too, revalidated.
    const route = await fetch(`${url}/backup-checks/runs`, { headers: { 'accept-encoding': 'gzip' } });
    expect(route.headers.get('cache-control')).toBe('no-cache');
    // API answers above the threshold are compressed; the OpenAPI document is one.
    const api = await fetch(`${url}/api/openapi.json`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(api.headers.get('content-encoding')).toBe('br');
    expect(((await api.json()) as { openapi: string }).openapi).toMatch(/^3\./);
  });
});
