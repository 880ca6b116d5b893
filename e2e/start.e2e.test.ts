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
});
