// Browser: an admin connects Flightdeck to Autotask and ConnectWise (the sandboxes, started here
// so the admin types their addresses like a real tenant's), tests the connection, picks queue and
// source from live dropdowns, saves, and maps a customer by searching the PSA.

import fs from 'node:fs';
import path from 'node:path';
import { IMAP_SANDBOX_CREDENTIALS, type ImapSandbox, startImapSandbox } from '@flightdeck/sandbox/imap/imap-sandbox';
import {
  AUTOTASK_SANDBOX_CREDENTIALS as AT,
  CONNECTWISE_SANDBOX_CREDENTIALS as CW,
  type Sandboxes,
  startSandboxes,
} from '@flightdeck/sandbox/start-sandboxes';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, screenshot } from './support/browser';
import { type Instance, newInstance, type Started, startFlightdeck } from './support/server';
import { demoLogin, signIn } from './support/sign-in';

/** Server answers can take seconds while the rest of the suite loads both cores. */
const POLL = { timeout: 20_000, interval: 200 };

describe.skipIf(!hasChromium)('PSA integrations in the browser (skipped only when /usr/bin/chromium is absent outside CI)', () => {
  let server: Started;
  let instance: Instance;
  let browser: Browser;
  let sandboxes: Sandboxes;
  let imap: ImapSandbox;

  beforeAll(async () => {
    sandboxes = await startSandboxes();
    imap = await startImapSandbox();
    imap.deliver(fs.readFileSync('server/src/features/mail-intake/parsers/fixtures/nakivo-warning.eml'));
    instance = await newInstance();
    // The built-in sandboxes are off so the admin configures everything by hand. These PSAs and
    // the mailbox listen on loopback, which only the documented opt-in lets Flightdeck reach.
    server = await startFlightdeck({
      ...instance,
      env: { ...instance.env, FLIGHTDECK_SANDBOXES: '0', FLIGHTDECK_ALLOW_PRIVATE_TARGETS: '1' },
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await instance?.drop();
    await sandboxes?.close();
    await imap?.close();
  });

  const signInAsAdmin = () => {
    const admin = demoLogin(server, 'admin');
    return signIn(browser, server, admin.email, admin.password);
  };

  const saveAndTest = async (page: Page, kind: string) => {
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.').waitFor();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => page.getByTestId(`${kind}-test-result`).textContent(), POLL).toMatch(/^Connection OK: Connected to/);
    await page.getByRole('button', { name: 'Refresh from PSA' }).click();
    await page.getByText(/^Loaded /).waitFor();
  };

  it('configures both PSAs, picks defaults from live lists, and maps a customer by search', async () => {
    const { page, problems, close } = await signInAsAdmin();
    try {
      await configureAndMap(page);
    } catch (error) {
      await screenshot(page, 'integrations-failure');
      throw new Error(`${(error as Error).message}\nbrowser problems: ${problems.join('\n') || 'none'}`);
    }
    await close();
    expect(problems).toEqual([]);

    const stored = (await (await fetch(`${sandboxes.autotask.origin}/_sandbox/requests`)).json()) as { requests: { path: string }[] };
    expect(stored.requests.some((r) => /companies\/query/i.test(r.path))).toBe(true);
  });

  const configureAndMap = async (page: Page) => {
    await page.getByRole('link', { name: 'Extensions & Integrations' }).click();
    await page.getByRole('heading', { name: 'Extensions & Integrations' }).waitFor();

    // Autotask
    await page.getByLabel('Enabled', { exact: true }).check();
    await page.getByLabel('Environment').selectOption('sandbox');
    await page.getByLabel('API URL (zone discovery)').fill(sandboxes.autotask.apiUrl);
    await page.getByLabel('API username').fill(AT.username);
    await page.getByLabel('Secret', { exact: true }).fill(AT.secret);
    await page.getByLabel('Tracking identifier (integration code)').fill(AT.integrationCode);
    await page.getByLabel('API logging level').selectOption('all');
    await saveAndTest(page, 'autotask');
    await page.getByLabel('Queue', { exact: true }).selectOption({ label: 'Level II Support' });
    await page.getByLabel('Source', { exact: true }).selectOption({ label: 'Email' });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.').waitFor();
    await page.getByRole('button', { name: 'Validate configuration' }).click();
    // Seven checks pass; the three write rights Autotask cannot show without a write are reminders.
    await expect.poll(async () => await page.getByTestId('autotask-validation').locator('li.ok').count(), POLL).toBe(7);
    expect(await page.getByTestId('autotask-validation').locator('li.unverified').count()).toBe(3);
    expect(await page.getByTestId('autotask-validation').locator('li.bad').count()).toBe(0);
    expect(await page.getByLabel('Secret', { exact: true }).inputValue()).toBe('');
    await screenshot(page, 'integrations-autotask-configured');

    // ConnectWise
    await page.getByRole('tab', { name: 'ConnectWise' }).click();
    await page.getByLabel('Enabled', { exact: true }).check();
    await page.getByLabel('Environment').selectOption('sandbox');
    // Issue 15: the site as its admins open Manage (a cloud region host); the API host is derived.
    await page.getByLabel('Site', { exact: true }).fill(sandboxes.connectwise.cloud.siteUrl);
    await page.getByLabel('Code base').fill('v4_6_release');
    await page.getByLabel('Company id').fill(CW.companyId);
    await page.getByLabel('Public key').fill(CW.publicKey);
    await page.getByLabel('Private key').fill(CW.privateKey);
    await page.getByLabel('Client id').fill(CW.clientId);
    await page.getByLabel('API logging level').selectOption('all');
    await saveAndTest(page, 'connectwise');
    expect(await page.getByTestId('connectwise-test-result').textContent()).toContain(
      `API on ${sandboxes.connectwise.cloud.apiOrigin}, ticket links on ${sandboxes.connectwise.cloud.siteUrl}`,
    );
    await page.getByLabel('Service board').selectOption({ label: 'Monitoring' });
    // Picking a board reloads that board's statuses; wait for it.
    await page.getByRole('button', { name: 'Refresh from PSA' }).waitFor();
    await expect.poll(() => page.getByLabel('Status for new tickets').locator('option:checked').textContent(), POLL).toBe('New');
    await page.getByLabel('Source', { exact: true }).selectOption({ label: 'Monitoring Alert' });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.').waitFor();
    await screenshot(page, 'integrations-connectwise-configured');
    const html = await page.content();
    for (const secret of [AT.secret, AT.integrationCode, CW.privateKey]) {
      expect(html).not.toContain(secret);
    }

    // With the logging level at "all", every PSA call is in the log.
    await page.getByRole('tab', { name: 'API log' }).click();
    await page.getByLabel('Outcome').selectOption('ok');
    await page
      .getByRole('cell', { name: /GET \/ATServicesRest\/V1\.0\/Tickets\/entityInformation\/fields/ })
      .first()
      .waitFor();
    await screenshot(page, 'integrations-api-log');

    // The report mailbox: save, poll, and the mail becomes a run waiting in the Inbox.
    await page.getByRole('tab', { name: 'Report mailbox' }).click();
    await page.getByLabel('Poll this mailbox').check();
    await page.getByLabel('IMAP host').fill(imap.host);
    await page.getByLabel('Port', { exact: true }).fill(String(imap.port));
    await page.getByLabel('User name').fill(IMAP_SANDBOX_CREDENTIALS.user);
    await page.getByLabel('Password').fill(IMAP_SANDBOX_CREDENTIALS.password);
    await page.getByLabel('TLS').uncheck();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.').waitFor();
    await page.getByRole('button', { name: 'Poll now' }).click();
    await page.getByText(/^1 mail\(s\): 1 parsed/).waitFor();

    // Try a report mail (issue 11): what the parser reads, nothing stored.
    await page
      .getByLabel('Report mail to try')
      .setInputFiles(path.resolve('server/src/features/mail-intake/parsers/fixtures/veeam-forwarded-de.eml'));
    await expect.poll(() => page.getByTestId('try-result').textContent(), POLL).toContain('Veeam Backup & Replication');
    expect(await page.getByTestId('try-result').textContent()).toContain('Tägliche Sicherung');
    await screenshot(page, 'integrations-report-mailbox');

    // Map a customer by live search
    await page.getByRole('link', { name: 'Customers' }).click();
    await page.getByRole('heading', { name: 'Customers' }).waitFor();
    await page.getByLabel('New customer name').fill('Northwind');
    await page.getByRole('button', { name: 'Add customer' }).click();
    const row = page.getByTestId('customer-Northwind');
    await row.getByRole('button', { name: 'Map' }).click();
    await page.getByLabel('PSA', { exact: true }).selectOption('autotask');
    await page.getByLabel('Search PSA companies').fill('northw');
    await page.getByRole('option', { name: /Northwind Traders/ }).click();
    await expect.poll(() => row.getByTestId('mapping-status').textContent(), POLL).toBe('ok');
    expect(await row.textContent()).toContain('Northwind Traders');
    await screenshot(page, 'customers-mapped');
  };
});
