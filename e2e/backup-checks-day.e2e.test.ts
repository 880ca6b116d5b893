// Browser (issue 19, B3, B5): a technician's morning. The dashboard's heat-map shows a customer
// whose job failed three nights; a click on the last night opens those runs on the board. On the
// board the job is one group; a search finds it by the failing object's message; the operator
// selects the group and reviews it in bulk, undoes it, and works the runs with the keyboard.
import { beforeAll, describe, expect, it } from 'vitest';
import { apiSession, ingestRuns } from './support/api';
import { hasChromium, screenshot } from './support/browser';
import { useFlightdeckInBrowser } from './support/suite';

const POLL = { timeout: 20_000, interval: 200 };

describe.skipIf(!hasChromium)('a Backup Checks morning in the browser (skipped only when /usr/bin/chromium is absent outside CI)', () => {
  const flightdeck = useFlightdeckInBrowser();
  let runIds: string[];
  const nightsAgo = (n: number) => new Date(Date.now() - n * 86_400_000 - 3_600_000).toISOString();

  beforeAll(async () => {
    const server = flightdeck.server();
    const operator = await apiSession(server, 'operator');
    const customer = await operator<{ id: string }>('POST', '/api/v1/customers', { name: 'Proseware Dental' });
    const failing = (n: number) => ({
      sourceKey: `e2e-morning-${n}`,
      job: { name: 'Proseware Hyper-V Nightly', software: 'Veeam Backup & Replication', type: 'Backup' },
      status: 'error',
      endedAt: nightsAgo(n),
      remark: '',
      objects: [{ name: 'TS-HV02', type: 'VM', status: 'error', messages: ['Failed to create VM recovery checkpoint (0x80070490)'] }],
    });
    const ingested = await ingestRuns(server, [failing(0), failing(1), failing(2)]);
    runIds = ingested.items.map((i) => i.runId as string);
    const inbox = await operator<{ entries: { jobId: string; name: string }[] }>('GET', '/api/v1/inbox');
    const entry = inbox.body.entries.find((e) => e.name === 'Proseware Hyper-V Nightly') as { jobId: string };
    expect((await operator('POST', `/api/v1/inbox/${entry.jobId}/approve`, { customerId: customer.body.id })).status).toBe(200);
  });

  it('opens a failing night from the heat-map, finds the job by its message, reviews it in bulk, undoes it, uses the keyboard, and opens the job history', async () => {
    const { page, problems, close } = await flightdeck.signIn('operator');
    try {
      const row = page.getByTestId('dashboard-customer').filter({ hasText: 'Proseware Dental' });
      await row.waitFor(POLL);
      expect(await row.getByTestId('worst-24h').textContent()).toBe('Error');
      const cells = row.getByTestId('heat-cell');
      expect(await cells.count()).toBe(14);
      expect(await cells.last().getAttribute('title')).toMatch(/Proseware Dental · \d{4}-\d{2}-\d{2}: 1 error/);
      await screenshot(page, 'dashboard-heatmap-1440');
      await cells.last().click();
      await page.waitForURL(/\/run-checks\?.*day=/);
      await page.getByTestId('day-filter').waitFor();
      await expect.poll(() => page.getByTestId('board-row').count(), POLL).toBe(1);

      // The whole board, searched by the failing object's message: the job is one group.
      await page.goto('/run-checks');
      await page.getByLabel('Search').fill('recovery checkpoint 0x80070490');
      await page.getByLabel('Search').press('Enter');
      await page.waitForURL(/q=recovery/);
      const group = page.getByTestId('board-group').filter({ hasText: 'Proseware Hyper-V Nightly' });
      await group.waitFor(POLL);
      expect(await page.getByTestId('board-group').count()).toBe(1);
      expect(await group.getByTestId('group-count').textContent()).toContain('3 waiting');

      await group.getByRole('checkbox').check();
      await page.getByTestId('bulk-bar').getByRole('button', { name: 'Mark 3 reviewed' }).click();
      await expect.poll(() => page.getByTestId('undo-toast').textContent(), POLL).toContain('3 run(s) marked reviewed');
      await page.getByTestId('board-empty').waitFor(POLL);
      expect(await page.getByTestId('board-empty').textContent()).toContain('No runs match these filters');
      await screenshot(page, 'run-checks-bulk-reviewed-1440');
      await page.getByTestId('undo-toast').getByRole('button', { name: 'Undo' }).click();
      await expect.poll(() => page.getByTestId('board-row').count(), POLL).toBe(3);

      // The keyboard: j moves to the first run, x selects it, r reviews the one it is on.
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('j');
      await expect.poll(() => page.locator('.board-row.focused').getAttribute('data-run-id'), POLL).toBe(runIds[0]);
      await page.keyboard.press('x');
      await page.getByTestId('bulk-bar').waitFor();
      await page.keyboard.press('Escape');
      await page.getByTestId('bulk-bar').waitFor({ state: 'detached' });
      await page.keyboard.press('r');
      await expect.poll(() => page.getByTestId('board-row').count(), POLL).toBe(2);
      await page.keyboard.press('?');
      await page.getByTestId('board-shortcuts').waitFor();
      await screenshot(page, 'run-checks-keyboard-1440');
      await page.getByRole('button', { name: 'Got it' }).click();

      // The job's history: every run, its backup rate and the trend chart.
      await group.getByRole('link', { name: 'Proseware Hyper-V Nightly' }).click();
      await page.waitForURL(/\/jobs\/[0-9a-f-]+$/);
      await expect.poll(() => page.getByTestId('history-run').count(), POLL).toBe(3);
      expect(await page.getByTestId('job-rate').first().textContent()).toContain('0%');
      await page.getByTestId('trend-chart').locator('canvas').waitFor();
      await screenshot(page, 'job-history-1440');
    } catch (error) {
      await screenshot(page, 'backup-checks-day-failure');
      throw new Error(`${(error as Error).message}\nbrowser problems: ${problems.join('\n') || 'none'}`);
    }
    await close();
    expect(problems).toEqual([]);
  });
});
