// Browser (issue 21, I6): the installation's admin is told on Home that no verified backup exists,
// backs up from the Backups page, follows it until the restore check passes, and Home is quiet.
import { describe, expect, it } from 'vitest';
import { hasChromium, screenshot } from './support/browser';
import { useFlightdeckInBrowser } from './support/suite';

describe.skipIf(!hasChromium)('database backups in the browser (skipped only when /usr/bin/chromium is absent outside CI)', () => {
  const flightdeck = useFlightdeckInBrowser();

  it('warns on Home, backs up now with progress, and shows the verified backup', async () => {
    const { page, problems, close } = await flightdeck.signIn('admin');
    const warning = page.getByTestId('home-backup-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('no verified database backup yet');
    await warning.getByRole('link', { name: 'Backups' }).click();
    await page.getByRole('heading', { name: 'Backups' }).waitFor();
    await page.getByRole('button', { name: 'Back up now' }).click();
    await expect
      .poll(async () => (await page.getByTestId('backup-row').first().textContent()) ?? '', { timeout: 120_000, interval: 500 })
      .toContain('Verified');
    const row = page.getByTestId('backup-row').first();
    expect(await row.textContent()).toContain('manual');
    expect(await row.getByRole('link', { name: /Download flightdeck-manual-/ }).count()).toBe(1);
    await screenshot(page, 'backups-verified');
    await page.getByRole('link', { name: 'Home' }).click();
    await page.getByRole('heading', { name: /Good to see you/ }).waitFor();
    await expect.poll(() => page.getByTestId('home-backup-warning').count(), { timeout: 20_000 }).toBe(0);
    await close();
    expect(problems).toEqual([]);
  });

  it('shows an operator neither the page nor the warning', async () => {
    const { page, problems, close } = await flightdeck.signIn('operator');
    await page.getByRole('heading', { name: /Good to see you/ }).waitFor();
    expect(await page.getByRole('link', { name: 'Backups' }).count()).toBe(0);
    expect(await page.getByTestId('home-backup-warning').count()).toBe(0);
    await close();
    expect(problems).toEqual([]);
  });
});
