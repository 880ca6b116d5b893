// Browser (issue 18, P0.4): with a model configured (the real SDK against the fake Messages API,
// started here), an admin adds a documentation MCP server in Settings, tests it and sees its
// tools; a technician's next pilot turn calls one, and the call shows collapsed under the reply.
import { type MessagesFake, startMessagesFake } from '@flightdeck/sandbox/anthropic/messages-fake';
import { type DocsMcpServer, startDocsMcpServer } from '@flightdeck/sandbox/mcp/docs-mcp-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, screenshot } from './support/browser';
import { type Instance, newInstance, type Started, startFlightdeck } from './support/server';
import { demoLogin, signIn } from './support/sign-in';

const POLL = { timeout: 20_000, interval: 200 };

describe.skipIf(!hasChromium)('pilot tools over MCP in the browser (skipped only when /usr/bin/chromium is absent outside CI)', () => {
  let server: Started;
  let instance: Instance;
  let browser: Browser;
  let fake: MessagesFake;
  let docs: DocsMcpServer;

  beforeAll(async () => {
    fake = await startMessagesFake();
    docs = await startDocsMcpServer({ bearerToken: 'docs-token-42' });
    instance = await newInstance();
    // The fake model and the MCP server listen on loopback: only the documented opt-in reaches them.
    server = await startFlightdeck({
      ...instance,
      env: {
        ...instance.env,
        FLIGHTDECK_PILOT_PROVIDER: 'anthropic',
        ANTHROPIC_API_KEY: 'sk-e2e',
        ANTHROPIC_BASE_URL: fake.baseUrl,
        FLIGHTDECK_ALLOW_PRIVATE_TARGETS: '1',
      },
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await instance?.drop();
    await fake?.close();
    await docs?.close();
  });

  it('adds a docs MCP server, and shows the tool call the pilot made for its reply', async () => {
    const admin = demoLogin(server, 'admin');
    const { page, problems, close } = await signIn(browser, server, admin.email, admin.password);
    try {
      await page.goto(`${server.url}/settings/integrations`);
      await page.getByRole('tab', { name: 'Pilot tools (MCP)' }).click();
      await page.getByRole('button', { name: 'Add server' }).click();
      await page.getByLabel('Name').fill('Docs');
      await page.getByLabel('URL').fill(docs.url);
      await page.getByLabel('Bearer token (optional)').fill('docs-token-42');
      await page.getByRole('form', { name: 'Add an MCP server' }).getByRole('button', { name: 'Add server' }).click();
      const row = page.getByTestId('mcp-server').filter({ hasText: 'Docs' });
      await row.getByText('token stored').waitFor(POLL);
      await row.getByRole('button', { name: 'Test' }).click();
      await expect.poll(() => row.getByTestId('mcp-test-result').textContent(), POLL).toMatch(/Connected: 3 tools listed, 3 offered/);
      await row.getByText('microsoft_docs_search').waitFor();
      await screenshot(page, 'mcp-servers-1440');

      fake.enqueueReplies(
        {
          text: 'Let me check the Microsoft docs.',
          toolUse: [{ name: 'docs__microsoft_docs_search', input: { query: 'Outlook password prompts' } }],
        },
        'The docs say to remove the cached MicrosoftOffice16 entries with `cmdkey /delete`.',
      );
      await page.getByRole('link', { name: 'FlowPilot', exact: true }).click();
      await page.getByRole('button', { name: 'New', exact: true }).click();
      await page.getByLabel('What is wrong?').fill('Outlook asks for the password every few minutes');
      await page.getByRole('button', { name: 'Start session' }).click();
      await page.getByLabel('Message').fill('It started the morning after the password change.');
      await page.getByLabel('Message').press('Control+Enter');
      const calls = page.getByTestId('tool-calls');
      await calls.waitFor(POLL);
      // The stored reply (the streamed one is replaced by it).
      await page.getByTestId('message-assistant').getByText('remove the cached MicrosoftOffice16 entries').waitFor(POLL);
      await calls.getByText('Used docs__microsoft_docs_search').click();
      await calls.getByText('Outlook repeatedly prompts for credentials').waitFor();
      await screenshot(page, 'pilot-tool-call-1440');
    } catch (error) {
      await screenshot(page, 'pilot-tools-failure');
      throw new Error(`${(error as Error).message}\nbrowser problems: ${problems.join('\n') || 'none'}`);
    }
    await close();
    expect(problems).toEqual([]);
    expect(docs.calls()).toEqual([
      { name: 'microsoft_docs_search', arguments: { query: 'Outlook password prompts' }, authorization: 'Bearer docs-token-42' },
    ]);
  });
});
