// Browser: sign in as each role, an admin creates a user, a reporter cannot reach admin pages.
// Any console error or page error fails the test; screenshots go to test-results/screenshots.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, screenshot } from './support/browser';
import { type Instance, type Login, newInstance, type Started, startFlightdeck } from './support/server';
import { demoLogin, signIn as signInAs } from './support/sign-in';

describe.skipIf(!hasChromium)('roles in the browser (skipped only when /usr/bin/chromium is absent outside CI)', () => {
  let server: Started;
  let instance: Instance;
  let browser: Browser;
  const login = (role: Login['role']) => demoLogin(server, role);

  beforeAll(async () => {
    instance = await newInstance();
    server = await startFlightdeck(instance);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await instance?.drop();
  });

  const signIn = (role: Login['role'], email = login(role).email, password = login(role).password) =>
    signInAs(browser, server, email, password);

  it.each(['admin', 'operator', 'reporter'] as const)('signs in as %s and sees the shell', async (role) => {
    const { page, problems, close } = await signIn(role);
    expect(await page.getByText(role, { exact: true }).first().isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Users' }).count()).toBe(role === 'admin' ? 1 : 0);
    await screenshot(page, `home-${role}`);
    await close();
    expect(problems).toEqual([]);
  });

  it('lets an admin create a user who can then sign in', async () => {
    const { page, problems, close } = await signIn('admin');
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.getByLabel('E-mail').fill('new.operator@demo.test');
    await page.getByLabel('Name').fill('Nia Newcomer');
    await page.getByLabel('Role', { exact: true }).selectOption('operator');
    await page.getByLabel('Initial password').fill('nia-first-password');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByText('new.operator@demo.test can now sign in.').waitFor();
    await page.getByTestId('user-new.operator@demo.test').waitFor();
    await screenshot(page, 'users-admin-created');
    await close();
    expect(problems).toEqual([]);

    const newcomer = await signIn('operator', 'new.operator@demo.test', 'nia-first-password');
    expect(await newcomer.page.getByRole('heading', { name: 'Good to see you, Nia' }).isVisible()).toBe(true);
    await newcomer.close();
    expect(newcomer.problems).toEqual([]);
  });

  it('keeps a reporter out of admin pages, in the UI and in the API', async () => {
    const { page, problems, close } = await signIn('reporter');
    await page.goto('/settings/users');
    await page.getByTestId('not-allowed').waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    const api = await page.request.get('/api/v1/users');
    expect(api.status()).toBe(403);
    await screenshot(page, 'users-reporter-denied');
    await close();
    expect(problems).toEqual([]);
  });

  it('lets an admin create a scoped API key, shown once, see its last use, and revoke it after confirming (issue 13 finding 6)', async () => {
    const { page, problems, close } = await signIn('admin');
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await page.getByLabel('Name').fill('Nightly RMM export');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = (await page.getByTestId('created-key-value').textContent())?.trim() ?? '';
    expect(key).toMatch(/^fdk_/);
    const bearer = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const ingest = await fetch(`${server.url}/api/v1/ingest/runs`, {
      method: 'POST',
      headers: bearer,
      body: JSON.stringify({ source: 'rmm', runs: [{}] }),
    });
    expect(ingest.status).toBe(200);
    expect((await fetch(`${server.url}/api/v1/customers`, { headers: bearer })).status).toBe(403);

    await page.getByRole('button', { name: 'I stored it' }).click();
    await page.reload();
    const row = page.getByTestId('api-key-row').filter({ hasText: 'Nightly RMM export' });
    await row.waitFor();
    expect(await row.textContent()).toContain('ingest');
    expect(await row.textContent()).not.toContain(key);
    await row.getByRole('button', { name: 'Revoke…' }).click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Revoke key' }).click();
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('revoked');
    expect((await fetch(`${server.url}/api/v1/ingest/runs`, { method: 'POST', headers: bearer, body: '{"runs":[{}]}' })).status).toBe(401);
    await screenshot(page, 'api-keys');
    await close();
    expect(problems).toEqual([]);
  });
});
