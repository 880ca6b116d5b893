// Browser (issue 11 acceptance): an admin connects the Microsoft 365 report mailbox — the Graph
// simulator, started here so the admin types its addresses like a real tenant's — tests it, polls
// it, and sees the mails with their runs. The client secret never appears in any answer the
// browser gets or in the server's log.
import fs from 'node:fs';
import { GRAPH_SANDBOX_CREDENTIALS as GRAPH, type GraphSandbox, startGraphSandbox } from '@flightdeck/sandbox/graph/graph-sandbox';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, screenshot } from './support/browser';
import { type Instance, newInstance, type Started, startFlightdeck } from './support/server';
import { demoLogin, signIn } from './support/sign-in';

const POLL = { timeout: 20_000, interval: 200 };
const fixture = (name: string) => fs.readFileSync(`server/src/features/mail-intake/parsers/fixtures/${name}`);

describe.skipIf(!hasChromium)(
  'the Microsoft 365 report mailbox in the browser (skipped only when /usr/bin/chromium is absent outside CI)',
  () => {
    let server: Started;
    let instance: Instance;
    let browser: Browser;
    let graph: GraphSandbox;

    beforeAll(async () => {
      graph = await startGraphSandbox();
      graph.deliver(fixture('veeam-policy-daily.eml'));
      graph.deliver(fixture('acronis-cloud-failed.eml'));
      instance = await newInstance();
      // The simulator listens on loopback, which only the documented opt-in lets Flightdeck reach;
      // info-level logs so the check below reads every line the server writes about the calls.
      server = await startFlightdeck({ ...instance, env: { ...instance.env, FLIGHTDECK_ALLOW_PRIVATE_TARGETS: '1', LOG_LEVEL: 'info' } });
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      await instance?.drop();
      await graph?.close();
    });

    it('configures, tests and polls the mailbox; the mails become runs; the secret never comes back', async () => {
      const admin = demoLogin(server, 'admin');
      const { page, problems, close } = await signIn(browser, server, admin.email, admin.password);
      const answers: string[] = [];
      page.on('response', async (response) => {
        if (response.url().includes('/api/')) {
          answers.push(await response.text().catch(() => ''));
        }
      });

      await page.getByRole('link', { name: 'Extensions & Integrations' }).click();
      await page.getByRole('tab', { name: 'Report mailbox' }).click();
      await page.getByLabel('Microsoft 365 (Graph)').check();
      await page.getByLabel('Poll this mailbox').check();
      await page.getByLabel('Directory (tenant) ID').fill(GRAPH.tenantDomain);
      await page.getByLabel('Application (client) ID').fill(GRAPH.clientId);
      await page.getByLabel('Client secret').fill(GRAPH.clientSecret);
      await page.getByLabel('Mailbox address').fill(GRAPH.mailbox);
      await page.getByText('National clouds and test endpoints').click();
      await page.getByLabel('Sign-in URL').fill(graph.origin);
      await page.getByLabel('Graph URL').fill(graph.origin);
      await page.getByLabel('Folder to read').fill('Inbox');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Saved.').waitFor();
      expect(await page.getByLabel('Client secret').inputValue()).toBe('');
      expect(await page.getByLabel('Client secret').getAttribute('placeholder')).toContain('stored');

      await page.getByRole('button', { name: 'Test connection' }).click();
      const steps = page.getByRole('list', { name: 'Connection test' });
      await expect.poll(() => steps.getByRole('listitem').count(), POLL).toBe(4);
      expect(await steps.getByLabel('failed').count()).toBe(0);
      expect(await steps.textContent()).toContain(`Mailbox ${GRAPH.mailbox} found`);
      await screenshot(page, 'report-mailbox-graph-tested');

      await page.getByRole('button', { name: 'Poll now' }).click();
      await page.getByText(/^2 mail\(s\): 2 parsed/).waitFor(POLL);
      expect(graph.subjectsIn('inbox')).toEqual([]);
      expect(graph.subjectsIn('Processed')).toHaveLength(2);

      // The mails and their runs: the policy report's three host sessions and the Acronis alert wait in the Inbox.
      await page.getByRole('link', { name: 'Inbox' }).click();
      await page.getByTestId('inbox-Workstations Daily').waitFor(POLL);
      await page.getByTestId('inbox-Servers – daily 22:00').waitFor(POLL);
      await page.getByLabel('Mail status').selectOption('parsed');
      const policyMail = page.getByRole('row', { name: /\[Failed\] Workstations Daily/ });
      await expect.poll(() => policyMail.textContent(), POLL).toContain('3 run(s) via veeam-backup-replication');
      expect(await policyMail.textContent()).toContain('Microsoft 365 mailbox');
      await screenshot(page, 'report-mailbox-graph-runs');

      const everything = [...answers, server.output].join('\n');
      expect(everything).not.toContain(GRAPH.clientSecret);
      for (const token of graph.store.tokens.keys()) {
        expect(everything).not.toContain(token.split('.')[1]);
      }
      expect(problems).toEqual([]);
      await close();
    });
  },
);
