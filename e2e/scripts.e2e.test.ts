// Browser (issue 16, P7): the script library as a technician meets it with the offline pilot —
// a fix that names a team template opens it pre-filled from the session; a fix with only a
// drafted script opens the three-option dialog, and each option does what it says; after Resolve
// the templatize prompt turns what worked into a team template that the Script Library shows
// with its provenance; "Don't ask me again" holds on the next Resolve. Screenshots at 1440 px.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasChromium, screenshot } from './support/browser';
import { useFlightdeckInBrowser } from './support/suite';

const POLL = { timeout: 20_000 };

describe.skipIf(!hasChromium)('the script library in the browser (skipped only when /usr/bin/chromium is absent outside CI)', () => {
  const flightdeck = useFlightdeckInBrowser();

  const newSession = async (page: Page, title: string, answers: [string, string]) => {
    await page.getByRole('link', { name: 'FlowPilot', exact: true }).click();
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await page.getByLabel('What is wrong?').fill(title);
    await page.getByRole('button', { name: 'Start session' }).click();
    await page.getByTestId('pilot-thread').waitFor();
    await page.getByLabel('Message').fill(title);
    await page.getByLabel('Message').press('Control+Enter');
    await page.getByTestId('lane-question').first().waitFor(POLL);
    for (const answer of answers) {
      const field = page.getByRole('textbox', { name: /^Answer to:/ }).first();
      await field.fill(answer);
      await page.getByRole('button', { name: 'Answer', exact: true }).first().click();
      await page.getByTestId('fact-card').filter({ hasText: answer }).waitFor(POLL);
      // The answer's request also gives the pilot its look at the new fact: wait until it is done.
      await page.getByTestId('lane-busy').waitFor({ state: 'detached', ...POLL });
    }
    await page.getByTestId('suggested-fix').waitFor(POLL);
    await page.getByTestId('suggested-fix').getByRole('button', { name: 'Open script' }).click();
    await page.getByTestId('script-generator').waitFor();
  };

  const resolve = async (page: Page) => {
    await page.getByRole('button', { name: 'Close the script generator' }).click();
    await page.getByRole('region', { name: 'Conversation' }).getByRole('button', { name: 'Resolve', exact: true }).click();
    const popover = page.getByTestId('document-popover');
    await expect.poll(() => popover.getByTestId('document-preview').textContent(), POLL).toContain('Resolution');
    const preview = (await popover.getByTestId('document-preview').textContent()) ?? '';
    await popover.getByLabel('Outcome (written by you, shown to the customer)').fill('Works again; the user confirmed.');
    await popover.getByRole('button', { name: 'Confirm & post' }).click();
    await popover.getByTestId('post-result').waitFor(POLL);
    return { popover, preview };
  };

  const vpn = (page: Page, title: string) =>
    newSession(page, title, ['The client says it cannot reach vpn.northwind.example.net', 'Only the sales laptops']);

  it('opens the verified template a fix names, pre-filled from the session, and the note lists the run', async () => {
    const { page, problems, close } = await flightdeck.signIn('operator');
    await newSession(page, 'Printer shows offline in the warehouse', ['Everyone printing to PRN-02', 'Yes, 10.20.0.15 on the panel']);
    const generator = page.getByTestId('script-generator');
    await expect.poll(() => generator.textContent(), POLL).toContain('Verified template');
    expect(await generator.textContent()).toContain('Reset the print spooler');
    expect(await generator.getByLabel(/^Print server or PC/).inputValue()).toBe('PRN-02');
    expect(await generator.textContent()).toContain(
      'From What we know: "Is the printer offline for everyone or one computer: Everyone printing to PRN-02"',
    );
    await screenshot(page, 'scripts-generator-verified-1440');
    await generator.getByRole('button', { name: 'Generate script' }).click();
    await expect.poll(() => generator.getByTestId('generated-script').textContent(), POLL).toContain('Invoke-Command -ComputerName PRN-02');
    const { popover, preview } = await resolve(page);
    // The resolution note lists the run with its parameters, and counts it as the fix applied.
    expect(preview).toContain('Script run: Reset the print spooler (parameters: computer_name = PRN-02, clear_queue = true)');
    expect(preview).toContain('Applied: Restart the spooler and fix the port address.');
    expect(await popover.getByTestId('post-result').textContent()).toContain('Stored in Flightdeck');
    await close();
    expect(problems).toEqual([]);
  });

  it('offers three ways for a drafted script, each doing what it says, and turns one into a team template after Resolve', async () => {
    const { page, problems, close } = await flightdeck.signIn('operator');

    // Run as one-off: the script now, nothing kept for the team.
    await vpn(page, 'VPN does not connect for the sales team');
    const dialog = page.getByTestId('three-options');
    await dialog.waitFor(POLL);
    expect(await dialog.locator('mark.proposed-parameter').allTextContents()).toEqual(['vpn.northwind.example.net']);
    await screenshot(page, 'scripts-three-options-1440');
    await dialog.getByRole('button', { name: /^Run as one-off/ }).click();
    await expect
      .poll(() => dialog.getByTestId('generated-script').textContent(), POLL)
      .toContain('-ServerAddress vpn.northwind.example.net');
    expect(await dialog.getByTestId('draft-noted').count()).toBe(0);

    // Build as template now: the editor opens with the proposal; saving makes the template.
    await vpn(page, 'VPN profile broken on a new laptop');
    await page
      .getByTestId('three-options')
      .getByRole('button', { name: /^Build as template now/ })
      .click();
    await page.waitForURL('**/scripts/new');
    expect(await page.getByLabel('Script body').inputValue()).toContain('-ServerAddress {{ host_name }}');
    await expect.poll(() => page.getByTestId('template-preview').textContent(), POLL).toContain("-ServerAddress '<host_name>'");
    await page.getByLabel('Name', { exact: true }).fill('Re-create the VPN profile (built)');
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByTestId('template-row').filter({ hasText: 'Re-create the VPN profile (built)' }).waitFor(POLL);

    // Run now, templatize after resolve: the script now, and the prompt after Resolve.
    await vpn(page, 'VPN fails after the router swap');
    await page
      .getByTestId('three-options')
      .getByRole('button', { name: /^Run now, templatize after resolve/ })
      .click();
    await page.getByTestId('draft-noted').waitFor(POLL);
    const { popover } = await resolve(page);
    const prompt = popover.getByTestId('templatize-prompt');
    await prompt.waitFor(POLL);
    expect(await prompt.getByTestId('templatize-script').textContent()).toContain('{{ host_name }}');
    expect(await prompt.getByTestId('templatize-provenance').textContent()).toMatch(/^written by /);
    await screenshot(page, 'scripts-templatize-prompt-1440');
    await prompt.getByLabel('Template name').fill('Re-create the VPN profile');
    await prompt.getByRole('button', { name: 'Save as team template' }).click();
    await expect.poll(() => popover.getByTestId('templatize-done').textContent(), POLL).toContain('Saved as the team template');

    await page.getByRole('link', { name: 'Scripts', exact: true }).click();
    const row = page.getByTestId('template-row').filter({ hasText: /^Re-create the VPN profilePowerShell/ });
    await row.waitFor(POLL);
    expect(await row.getByTestId('provenance-chip').textContent()).toMatch(/^written by .* · used 0 times$/);
    await screenshot(page, 'scripts-library-1440');
    await close();
    expect(problems).toEqual([]);
  });

  it('asks no more after "Don\'t ask me again for this team"', async () => {
    const { page, problems, close } = await flightdeck.signIn('operator');
    await vpn(page, 'VPN drops every hour');
    await page
      .getByTestId('three-options')
      .getByRole('button', { name: /^Run now, templatize after resolve/ })
      .click();
    await page.getByTestId('draft-noted').waitFor(POLL);
    const { popover: first } = await resolve(page);
    const prompt = first.getByTestId('templatize-prompt');
    await prompt.waitFor(POLL);
    await prompt.getByLabel("Don't ask me again for this team").check();
    await prompt.getByRole('button', { name: 'Skip' }).click();
    await first.getByTestId('templatize-done').waitFor(POLL);

    await vpn(page, 'VPN drops every hour, again');
    await page
      .getByTestId('three-options')
      .getByRole('button', { name: /^Run now, templatize after resolve/ })
      .click();
    await page.getByTestId('draft-noted').waitFor(POLL);
    const [prompted] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/templatize-prompt')),
      resolve(page).then(({ popover }) => popover),
    ]);
    const second = page.getByTestId('document-popover');
    // The server answers that the team turned the prompt off, and the screen shows none.
    expect(await prompted.json()).toEqual({ draft: null, enabled: false });
    expect(await second.getByTestId('templatize-prompt').count()).toBe(0);
    await close();
    expect(problems).toEqual([]);
  });
});
