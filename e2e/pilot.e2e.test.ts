// Browser (P1.4, P2–P6, P8): a technician works a demo FlowPilot incident with the offline pilot —
// answers questions, sees facts appear, gets the suggested fix, previews the resolution note and
// posts it to the ConnectWise sandbox, where the note and the verified status land. Screenshots
// at 1440 and 1100 px wide; /assistant/<id> lands on /pilot/<id>.
import { describe, expect, it } from 'vitest';
import { hasChromium, screenshot } from './support/browser';
import { useFlightdeckInBrowser } from './support/suite';

describe.skipIf(!hasChromium)('FlowPilot in the browser (skipped only when /usr/bin/chromium is absent outside CI)', () => {
  const flightdeck = useFlightdeckInBrowser();
  const connectwiseOrigin = () => new URL(/ConnectWise\s+(http\S+)/.exec(flightdeck.server().output)?.[1] as string).origin;

  it('works a demo incident from questions to a verified resolution posted to ConnectWise', async () => {
    const { page, problems, close } = await flightdeck.signIn('operator');
    await page.getByRole('link', { name: 'FlowPilot', exact: true }).click();
    await page.getByTestId('pilot-session-row').filter({ hasText: 'Outlook keeps asking for the password' }).click();
    await expect.poll(() => page.getByTestId('psa-chip').textContent(), { timeout: 20_000 }).toBe('CW #48294');
    const sessionUrl = page.url();
    const sessionId = sessionUrl.split('/pilot/')[1] as string;

    await page.getByLabel('Answer to: Did the prompts start right after a password change or reset?').fill('Yes, the day after the reset');
    await page.getByRole('button', { name: 'Answer', exact: true }).first().click();
    await expect.poll(() => page.getByTestId('fact-card').count(), { timeout: 20_000 }).toBe(1);
    await page.getByLabel('Answer to: Is it Outlook desktop only, or also Outlook on the web and mobile?').fill('Only Outlook desktop');
    await page.getByRole('button', { name: 'Answer', exact: true }).first().click();
    await expect.poll(() => page.getByTestId('fact-card').count(), { timeout: 20_000 }).toBe(2);

    await page.getByLabel('Message').fill('Both answers are in. What should we do?');
    await page.getByLabel('Message').press('Control+Enter');
    await expect
      .poll(() => page.getByTestId('suggested-fix').textContent(), { timeout: 20_000 })
      .toContain('Clear cached Office credentials');
    await screenshot(page, 'pilot-session-1440');

    await page.getByRole('button', { name: 'Resolve & post to ConnectWise' }).click();
    const popover = page.getByTestId('document-popover');
    await expect.poll(() => popover.getByTestId('document-preview').textContent(), { timeout: 20_000 }).toContain('## What we confirmed');
    expect(await popover.getByTestId('document-preview').textContent()).toContain('Only Outlook desktop');
    await screenshot(page, 'pilot-resolve-preview-1440');
    await popover.getByRole('button', { name: 'Confirm & post' }).click();
    await expect.poll(() => popover.getByTestId('post-result').textContent(), { timeout: 20_000 }).toContain('verified in the PSA');

    const tickets = (await (await fetch(`${connectwiseOrigin()}/_sandbox/tickets`)).json()) as {
      tickets: { id: number; status: { name: string }; notes: { text: string; resolutionFlag: boolean }[] }[];
    };
    const ticket = tickets.tickets.find((t) => t.id === 48294);
    expect(ticket?.status.name).toBe('Completed');
    expect(ticket?.notes.some((n) => n.resolutionFlag && n.text.includes('## What we confirmed'))).toBe(true);

    await page.setViewportSize({ width: 1100, height: 900 });
    await page.getByRole('button', { name: 'Task lane' }).click();
    await screenshot(page, 'pilot-session-1100');
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);

    await page.goto(`/assistant/${sessionId}`);
    await page.waitForURL(`**/pilot/${sessionId}`);
    await close();
    expect(problems).toEqual([]);
  });

  it('has no horizontal scroll at 1280 px', async () => {
    const { page, problems, close } = await flightdeck.signIn('operator');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('link', { name: 'FlowPilot', exact: true }).click();
    await page.getByTestId('pilot-session-row').filter({ hasText: 'VPN does not connect from home' }).click();
    await page.getByTestId('pilot-thread').waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await close();
    expect(problems).toEqual([]);
  });
});
