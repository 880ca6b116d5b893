// Browser: a run of an unknown job, sent by a machine through the ingestion API, waits in the
// Inbox; an operator opens it on its Job Details page, then approves the job for a new customer.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestRuns } from './support/api';
import { hasChromium, screenshot } from './support/browser';
import { useFlightdeckInBrowser } from './support/suite';
import { pickCustomer } from './support/customer-picker';

describe.skipIf(!hasChromium)('Inbox and Job Details in the browser (skipped only when /usr/bin/chromium is absent outside CI)', () => {
  const flightdeck = useFlightdeckInBrowser();
  const signIn = flightdeck.signIn;

  it('shows an ingested run of a new job on its Job Details page and approves the job', async () => {
    const ingested = await ingestRuns(flightdeck.server(), [
      {
        sourceKey: 'e2e-1',
        job: { name: 'Nightly Hyper-V', software: 'Veeam Backup & Replication', type: 'Backup' },
        status: 'error',
        startedAt: '2026-11-21T01:00:00Z',
        endedAt: '2026-11-21T01:45:00Z',
        remark: '',
        objects: [
          { name: 'DC01', type: 'VM', status: 'success' },
          { name: 'SQL01', type: 'VM', status: 'error', messages: ['Failed to create VM recovery checkpoint'] },
        ],
      },
    ]);
    expect(ingested.accepted, JSON.stringify(ingested)).toBe(1);

    const { page, problems, close } = await signIn('operator');
    await page.getByRole('link', { name: 'Inbox' }).click();
    const row = page.getByTestId('inbox-Nightly Hyper-V');
    await row.waitFor();
    await screenshot(page, 'inbox-waiting');
    await row.getByRole('link', { name: 'View latest run' }).click();
    await page.getByRole('heading', { name: /Nightly Hyper-V/ }).waitFor();
    expect(await page.getByTestId('object-SQL01').textContent()).toContain('Failed to create VM recovery checkpoint');
    await screenshot(page, 'job-details-run');
    await page.goBack();
    await pickCustomer(page, row, 'Customer for Nightly Hyper-V', '+ New customer…');
    await row.getByLabel('New customer name').fill('Litware Architects');
    await row.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('Nothing waiting.').waitFor();
    await close();
    expect(problems).toEqual([]);
  });

  it('reads an uploaded Veeam report into the Inbox; after approval the run shows on its Job Details page', async () => {
    const { page, problems, close } = await signIn('operator');
    await page.getByRole('link', { name: 'Inbox' }).click();
    await page
      .getByLabel('Report mail files')
      .setInputFiles(path.resolve('server/src/features/mail-intake/parsers/fixtures/veeam-backup-warning.eml'));
    await expect
      .poll(() => page.getByTestId('upload-result').textContent(), { timeout: 20_000 })
      .toContain('1 run read, 1 waiting in the Inbox');
    const row = page.getByTestId('inbox-Daily Servers');
    await row.waitFor();
    await screenshot(page, 'inbox-uploaded-veeam');
    await pickCustomer(page, row, 'Customer for Daily Servers', '+ New customer…');
    await row.getByLabel('New customer name').fill('Northwind (Veeam)');
    const detailsHref = await row.getByRole('link', { name: 'View latest run' }).getAttribute('href');
    await row.getByRole('button', { name: 'Approve' }).click();
    await row.waitFor({ state: 'detached' });
    await page.goto(detailsHref as string);
    await page.getByText('Northwind (Veeam) · Veeam Backup & Replication · Backup').waitFor();
    expect(await page.getByTestId('object-SQL01').textContent()).toContain('Changed block tracking is disabled for this VM');
    expect(await page.getByRole('link', { name: 'Report e-mail (.eml)' }).count()).toBe(1);
    await screenshot(page, 'job-details-veeam-approved');
    await close();
    expect(problems).toEqual([]);
  });

  it("lists a demo customer's jobs with their learned schedules in words and the next expected run, lets an operator set one by hand and pause checks (issue 12)", async () => {
    const { page, problems, close } = await signIn('operator');
    await page.getByRole('link', { name: 'Customers' }).click();
    await page.getByTestId('customer-Northwind Traders').getByRole('link', { name: 'Backup jobs' }).click();
    const job = page.getByTestId('job-Daily Servers');
    await job.waitFor();
    expect(await job.getByTestId('schedule-text').textContent()).toMatch(/^Daily \d\d:\d\d \(UTC\)/);
    expect(await job.getByTestId('next-expected').textContent()).toMatch(/\d/);
    await screenshot(page, 'customer-jobs-learned');

    await job.getByRole('button', { name: 'Schedule' }).click();
    await page.getByLabel('Schedule', { exact: true }).selectOption('weekly');
    await page.getByLabel('Report times').fill('21:30, 23:00');
    await page.getByLabel('Timezone').fill('Europe/Amsterdam');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(() => job.getByTestId('schedule-text').textContent(), { timeout: 20_000 })
      .toContain('Mon–Fri 21:30 and 23:00 (Europe/Amsterdam)');
    expect(await job.textContent()).toContain('set by hand');

    await job.getByRole('button', { name: 'Pause checks' }).click();
    await expect.poll(() => job.textContent(), { timeout: 20_000 }).toContain('Checks paused');
    expect(await job.getByTestId('next-expected').textContent()).toBe('—');
    await screenshot(page, 'customer-jobs');
    await job.getByRole('button', { name: 'Resume checks' }).click();
    await expect.poll(() => job.textContent(), { timeout: 20_000 }).not.toContain('Checks paused');
    await close();
    expect(problems).toEqual([]);
  });

  it('routes an RMM customer reference once mapped, jumps to the job with Ctrl+K, and shows dates in the chosen time zone (issue 19)', async () => {
    const run = (sourceKey: string, host: string, endedAt: string) => ({
      sourceKey,
      customerRef: 'TT-0042',
      job: { name: 'System image', software: 'Veeam Agent for Microsoft Windows', type: 'Backup', host },
      status: 'warning',
      startedAt: '2026-12-01T22:00:00Z',
      endedAt,
      sizeBytes: 255_443_179_930,
      transferredBytes: 2_254_857_830,
      objects: [{ name: host, type: 'Host', status: 'warning', messages: ['Free disk space is low'] }],
    });
    const ingested = await ingestRuns(flightdeck.server(), [
      run('tt-1', 'TT-FS01', '2026-12-01T22:40:00Z'),
      run('tt-2', 'TT-SQL01', '2026-12-01T22:55:00Z'),
    ]);
    expect(ingested.accepted, JSON.stringify(ingested)).toBe(2);

    const { page, problems, close } = await signIn('admin');
    await page.getByRole('link', { name: 'Inbox' }).click();
    // Same job name on two hosts: two jobs, each saying where it runs and whose reference it carries.
    await expect.poll(() => page.getByTestId('inbox-System image').count(), { timeout: 20_000 }).toBe(2);
    expect(await page.getByTestId('inbox-System image').first().textContent()).toMatch(/on TT-(FS|SQL)01 · customer ref TT-0042/);
    const reference = page.getByTestId('customer-ref-TT-0042');
    expect(await reference.textContent()).toContain('2 jobs, 2 runs waiting');
    await pickCustomer(page, reference, 'Customer for reference TT-0042', 'Tailspin Toys', { search: 'tailspin' });
    await screenshot(page, 'inbox-customer-reference');
    await reference.getByRole('button', { name: 'Map and approve 2' }).click();
    await page.getByTestId('inbox-System image').first().waitFor({ state: 'detached' });
    await page.getByText('1 mapped reference').waitFor();

    // Ctrl+K from the Inbox: the job by name, then its newest run.
    await page.keyboard.press('Control+k');
    await page.getByRole('dialog', { name: 'Command palette' }).getByLabel('Command').fill('System ima');
    await page
      .getByRole('dialog', { name: 'Command palette' })
      .getByRole('button', { name: /Job System image · Tailspin Toys/ })
      .first()
      .waitFor();
    await screenshot(page, 'jump-palette');
    await page.keyboard.press('Enter');
    await page.getByTestId('job-history').waitFor();
    await page.getByTestId('history-run').first().getByRole('link').click();
    await page.getByRole('heading', { name: /System image/ }).waitFor();
    const facts = page.locator('.facts');
    expect(await facts.textContent()).toMatch(/Size\s*237.9 GB/);
    expect(await facts.textContent()).toMatch(/Transferred\s*2.1 GB/);

    // Dates follow the user's time zone once chosen.
    await page.getByRole('link', { name: 'Your preferences' }).click();
    const zoneForm = page.locator('form').filter({ has: page.getByLabel('Your time zone', { exact: true }) });
    await page.getByLabel('Your time zone').selectOption('Asia/Tokyo');
    await zoneForm.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByText('Right now:').textContent(), { timeout: 20_000 }).toContain('GMT+9');
    await screenshot(page, 'preferences-time-zone');
    await page.goBack();
    await expect.poll(() => facts.textContent(), { timeout: 20_000 }).toContain('GMT+9');
    await page.goForward();
    await page.getByLabel('Your time zone').selectOption('');
    await zoneForm.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByText('Right now:').textContent(), { timeout: 20_000 }).toContain('UTC');
    await close();
    expect(problems).toEqual([]);
  });
});
