// Signs in through the login page, as a person would, and returns the watched page.
import type { Browser } from 'playwright-core';
import { watchedPage } from './browser';
import type { Login, Started } from './server';

/** A demo login printed by the server, with its first-start password. */
export const demoLogin = (server: Started, role: Login['role']) => server.logins.find((l) => l.role === role) as Required<Login>;

export const signIn = async (browser: Browser, server: Started, email: string, password: string) => {
  const session = await watchedPage(browser, server.url);
  await session.page.goto('/');
  await session.page.waitForURL('**/login');
  await session.page.getByLabel('E-mail').fill(email);
  await session.page.getByLabel('Password').fill(password);
  await session.page.getByRole('button', { name: 'Sign in' }).click();
  await session.page.getByRole('heading', { name: /Good to see you/ }).waitFor();
  return session;
};
