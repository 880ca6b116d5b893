// One Flightdeck (started as `npm start` does) and one browser for a describe block, with a
// sign-in helper for the demo logins. Hooks registered after this one run after the start.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser';
import { type Instance, type Login, newInstance, type Started, startFlightdeck } from './server';
import { demoLogin, signIn } from './sign-in';

export const useFlightdeckInBrowser = () => {
  const running = {} as { server: Started; instance: Instance; browser: Browser };
  beforeAll(async () => {
    running.instance = await newInstance();
    running.server = await startFlightdeck(running.instance);
    running.browser = await launchBrowser();
  });
  afterAll(async () => {
    await running.browser?.close();
    await running.server?.stop();
    await running.instance?.drop();
  });
  return {
    server: () => running.server,
    browser: () => running.browser,
    /** Signs in as the demo user of this role; returns the watched page. */
    signIn: (role: Login['role']) => {
      const login = demoLogin(running.server, role);
      return signIn(running.browser, running.server, login.email, login.password);
    },
  };
};
