// Browser (P1.4, P2–P6, P8): a technician works a demo FlowPilot incident with the offline pilot —
// answers questions, sees facts appear, gets the suggested fix, previews the resolution note and
// posts it to the ConnectWise sandbox, where the note and the verified status land. Screenshots
// at 1440 and 1100 px wide; /assistant/<id> lands on /pilot/<id>.
import { describe, expect, it } from 'vitest';
import { hasChromium, screenshot } from './support/browser';
import { useFlightdeckInBrowser } from './support/suite';
import { pickCustomer } from './support/customer-picker';

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

    // The first message said when it started: the pilot noted it instead of asking again.
    await expect.poll(() => page.getByTestId('fact-card').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByTestId('fact-card').first().textContent()).toContain('She changed her password yesterday.');
    expect(await page.getByTestId('lane-question').allTextContents()).not.toContainEqual(
      expect.stringContaining('password change or reset'),
    );
    await page.getByLabel('Answer to: Is it Outlook desktop only, or also Outlook on the web and mobile?').fill('Only Outlook desktop');
    await page.getByRole('button', { name: 'Answer', exact: true }).first().click();
    await expect.poll(() => page.getByTestId('fact-card').count(), { timeout: 20_000 }).toBe(2);
    // The fix appears in the step the second finding lands, without another chat message.
    await expect
      .poll(() => page.getByTestId('suggested-fix').textContent(), { timeout: 20_000 })
      .toContain('Clear cached Office credentials');
    // Answered questions say what came of them.
    expect(await page.getByTestId('lane-question').first().textContent()).toContain(
      'Answered · Only Outlook desktop (promoted to What we know)',
    );

    // "Ticket context" brings the ticket as ConnectWise has it now into the composer.
    await page.getByRole('button', { name: 'Ticket context' }).click();
    await expect
      .poll(() => page.getByLabel('Message').inputValue(), { timeout: 20_000 })
      .toContain('Ticket CW #48294: Outlook keeps asking for a password after reset');
    await page
      .getByLabel('Message')
      .fill('Both answers are in:\n\n```\ncmdkey /list\nTarget: MicrosoftOffice16_Data:SSPI\n```\n\nWhat should we do?');
    await page.getByLabel('Message').press('Control+Enter');
    // Chat is markdown: the pasted output is a code block, not backticks.
    await expect
      .poll(() => page.getByTestId('message-user').last().locator('pre code').textContent(), { timeout: 20_000 })
      .toContain('Target: MicrosoftOffice16_Data:SSPI');
    await screenshot(page, 'pilot-session-1440');

    // Share update: a customer-visible progress note, posted without a status change.
    const readTicket = async () =>
      (
        (await (await fetch(`${connectwiseOrigin()}/_sandbox/tickets`)).json()) as {
          tickets: { id: number; status: { name: string }; notes: { id: number; text: string; detailDescriptionFlag: boolean }[] }[];
        }
      ).tickets.find((t) => t.id === 48294);
    const statusBefore = (await readTicket())?.status.name;
    await page.getByRole('button', { name: 'Share update' }).click();
    const update = page.getByTestId('document-popover');
    await expect.poll(() => update.getByTestId('document-preview').textContent(), { timeout: 20_000 }).toContain("What we've found so far");
    await update.getByRole('button', { name: 'Confirm & post' }).click();
    await expect.poll(() => update.getByTestId('post-result').textContent(), { timeout: 20_000 }).toContain('Shared with the customer');
    const shared = await readTicket();
    expect(shared?.status.name).toBe(statusBefore);
    expect(shared?.notes.some((n) => n.detailDescriptionFlag && n.text.startsWith("What we've found so far"))).toBe(true);
    await update.getByRole('button', { name: 'Close preview' }).click();

    // The engineer applied the fix; only then may the note say "Applied".
    await page.getByTestId('suggested-fix').getByRole('button', { name: 'Mark applied' }).click();
    await page.getByTestId('fix-applied').waitFor({ timeout: 20_000 });

    await page.getByRole('button', { name: 'Resolve & post to ConnectWise' }).click();
    const popover = page.getByTestId('document-popover');
    await expect.poll(() => popover.getByTestId('document-preview').textContent(), { timeout: 20_000 }).toContain('What we confirmed');
    const preview = (await popover.getByTestId('document-preview').textContent()) ?? '';
    expect(preview).toContain('Only Outlook desktop');
    expect(preview).toContain('Resolution\nApplied: Clear cached Office credentials');
    expect(preview).not.toMatch(/##|\*\*|confidence|Outcome/);
    // Confirm & post waits for the Outcome, which only the engineer writes.
    expect(await popover.getByRole('button', { name: 'Confirm & post' }).isDisabled()).toBe(true);
    await popover.getByLabel('Outcome (written by you, shown to the customer)').fill('Outlook desktop signs in again; the user confirmed.');
    await screenshot(page, 'pilot-resolve-preview-1440');
    expect(await page.getByTestId('preview-hint').textContent()).toBe('Summary preview is open →');
    // At 1440×900 Confirm & post is on screen without scrolling the page.
    const confirm = await popover.getByRole('button', { name: 'Confirm & post' }).boundingBox();
    expect(confirm && confirm.y >= 0 && confirm.y + confirm.height <= 900 && confirm.x + confirm.width <= 1440).toBe(true);
    // Every text input reads: at least 4.5:1 against its background (WCAG AA), textareas included.
    const contrasts = (await page.evaluate(`(() => {
      const rgb = (c) => (c.match(/[\\d.]+/g) || []).slice(0, 4).map(Number);
      const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
      const background = (el) => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.length < 4 || c[3] > 0) return c; } return [255, 255, 255]; };
      return [...document.querySelectorAll('textarea, input:not([type=checkbox]):not([type=radio]):not([type=file])')]
        .filter((el) => el.offsetParent !== null)
        .map((el) => { const a = lum(rgb(getComputedStyle(el).color)); const b = lum(background(el)); return { name: el.getAttribute('aria-label') || el.id || el.tagName, ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) }; });
    })()`)) as { name: string; ratio: number }[];
    expect(contrasts.length).toBeGreaterThan(0);
    expect(contrasts.filter((c) => c.ratio < 4.5)).toEqual([]);
    await popover.getByRole('button', { name: 'Confirm & post' }).click();
    await expect.poll(() => popover.getByTestId('post-result').textContent(), { timeout: 20_000 }).toContain('verified in the PSA');
    // The status by its name, as the technician knows it, not its id.
    expect(await popover.getByTestId('post-result').textContent()).toContain('status “Completed” verified');

    const tickets = (await (await fetch(`${connectwiseOrigin()}/_sandbox/tickets`)).json()) as {
      tickets: { id: number; status: { name: string }; notes: { text: string; resolutionFlag: boolean }[] }[];
    };
    const ticket = tickets.tickets.find((t) => t.id === 48294);
    expect(ticket?.status.name).toBe('Completed');
    const posted = ticket?.notes.find((n) => n.resolutionFlag);
    expect(posted?.text).toContain('What we confirmed');
    expect(posted?.text).toMatch(/\n\nOutcome\nOutlook desktop signs in again; the user confirmed\.$/);
    expect(posted?.text).not.toMatch(/##|\*\*|`|confidence|@/);

    await page.setViewportSize({ width: 1100, height: 900 });
    await page.getByRole('button', { name: 'Task lane' }).click();
    await screenshot(page, 'pilot-session-1100');
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    // Esc and the backdrop close the drawer.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('button', { name: 'Task lane' }).getAttribute('aria-expanded')).toBe('false');
    await page.getByRole('button', { name: 'Task lane' }).click();
    await page.getByRole('button', { name: 'Close the task lane' }).click({ position: { x: 400, y: 100 } });
    await expect.poll(() => page.getByRole('button', { name: 'Task lane' }).getAttribute('aria-expanded')).toBe('false');

    await page.goto(`/assistant/${sessionId}`);
    await page.waitForURL(`**/pilot/${sessionId}`);
    await close();
    expect(problems).toEqual([]);
  });

  it('routes an escalation to the next tier on ConnectWise and Autotask, chosen in settings from live lists and read back (issue 17)', async () => {
    const { page, problems, close } = await flightdeck.signIn('admin');
    const origin = (name: string) => new URL(new RegExp(`${name}\\s+(http\\S+)`).exec(flightdeck.server().output)?.[1] as string).origin;
    const POLL = { timeout: 20_000 };
    await page.getByRole('link', { name: 'Extensions & Integrations' }).click();
    // ConnectWise: the escalation board brings its own statuses; Escalated is picked by name.
    await page.getByRole('tab', { name: 'ConnectWise' }).click();
    await page.getByLabel('FlowPilot Escalate routes the ticket to board').selectOption({ label: 'Tier 2 Support' });
    await expect
      .poll(() => page.getByLabel('FlowPilot Escalate status there').locator('option:checked').textContent(), POLL)
      .toBe('Escalated');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.').waitFor();
    await page.getByRole('tab', { name: 'Autotask' }).click();
    await page.getByLabel('FlowPilot Escalate routes the ticket to queue').selectOption({ label: 'Level II Support' });
    await page.getByLabel('FlowPilot Escalate status there').selectOption({ label: 'Escalate' });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.').waitFor();
    await screenshot(page, 'integrations-escalation-routing');

    // A customer's ticket in each PSA: Fabrikam's opened in ConnectWise through its own API,
    // Northwind's already in Autotask.
    const cw = await fetch(`${origin('ConnectWise')}/v4_6_release/apis/3.0/service/tickets`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('flightdeck+sandboxpub:sandboxpriv').toString('base64')}`,
        clientId: 'flightdeck-sandbox',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ summary: 'Scanner cannot save to the share', company: { id: 19302 }, board: { id: 1 } }),
    });
    expect(cw.status).toBe(201);
    const cwTicket = (await cw.json()) as { id: number };
    const atTickets = (await (await fetch(`${origin('Autotask')}/_sandbox/tickets`)).json()) as {
      tickets: { id: number; ticketNumber: string }[];
    };
    const atTicket = atTickets.tickets.find((t) => t.id === 7001) as { id: number; ticketNumber: string };

    for (const [psa, customer, ticketNumber, read, expected] of [
      [
        'ConnectWise',
        'Fabrikam Logistics',
        String(cwTicket.id),
        async () => {
          const { tickets } = (await (await fetch(`${origin('ConnectWise')}/_sandbox/tickets`)).json()) as {
            tickets: { id: number; board: { name: string }; status: { name: string } }[];
          };
          const t = tickets.find((x) => x.id === cwTicket.id);
          return `${t?.board.name} / ${t?.status.name}`;
        },
        'Tier 2 Support / Escalated',
      ],
      [
        'Autotask',
        'Northwind Traders',
        atTicket.ticketNumber,
        async () => {
          const { tickets } = (await (await fetch(`${origin('Autotask')}/_sandbox/tickets`)).json()) as {
            tickets: { id: number; queueID: number; status: number }[];
          };
          const t = tickets.find((x) => x.id === atTicket.id);
          return `${t?.queueID} / ${t?.status}`;
        },
        // Level II Support / Escalate, as the Autotask sandbox's picklists number them.
        '29682969 / 11',
      ],
    ] as const) {
      await page.getByRole('link', { name: 'FlowPilot', exact: true }).click();
      await page.getByRole('button', { name: 'New', exact: true }).click();
      await page.getByLabel('What is wrong?').fill(`Needs the next tier (${psa})`);
      await pickCustomer(page, page, 'Customer', customer, { search: customer.slice(0, 5) });
      await page.getByLabel('PSA ticket number').fill(ticketNumber);
      await page.getByRole('button', { name: 'Start session' }).click();
      await expect.poll(() => page.getByTestId('psa-chip').textContent(), POLL).toContain(ticketNumber);
      await page.getByLabel('Message').fill('The share rejects the scanner account; this needs the server team.');
      await page.getByLabel('Message').press('Control+Enter');
      await page.getByTestId('pilot-thread').getByText('The share rejects the scanner account').waitFor(POLL);
      await page.getByRole('button', { name: 'Escalate', exact: true }).click();
      const popover = page.getByTestId('document-popover');
      await expect.poll(() => popover.getByTestId('document-preview').textContent(), POLL).toContain('Suggested next steps');
      await popover.getByRole('button', { name: 'Confirm & post' }).click();
      const result =
        psa === 'ConnectWise'
          ? 'moved to Tier 2 Support, status “Escalated” verified'
          : 'moved to Level II Support, status “Escalate” verified';
      await expect.poll(() => popover.getByTestId('post-result').textContent(), POLL).toContain(result);
      expect(await read()).toBe(expected);
    }
    await close();
    expect(problems).toEqual([]);
  });

  it('works a new session from New to Resolve on a fresh ConnectWise ticket; the note read back keeps every rule (issue 17)', async () => {
    const { page, problems, close } = await flightdeck.signIn('operator');
    const cwOrigin = connectwiseOrigin();
    const created = await fetch(`${cwOrigin}/v4_6_release/apis/3.0/service/tickets`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('flightdeck+sandboxpub:sandboxpriv').toString('base64')}`,
        clientId: 'flightdeck-sandbox',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ summary: 'Outlook asks for the password all day', company: { id: 19303 }, board: { id: 1 } }),
    });
    const ticket = (await created.json()) as { id: number };
    await page.getByRole('link', { name: 'FlowPilot', exact: true }).click();
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await page.getByLabel('What is wrong?').fill('Outlook asks for the password all day');
    await pickCustomer(page, page, 'Customer', 'Adatum Legal', { search: 'adatum' });
    await page.getByLabel('Contact').fill('Dana Reyes');
    await page.getByLabel('PSA ticket number').fill(String(ticket.id));
    await page.getByRole('button', { name: 'Start session' }).click();
    await expect.poll(() => page.getByTestId('psa-chip').textContent(), { timeout: 20_000 }).toBe(`CW #${ticket.id}`);
    await page.getByLabel('Message').fill('Since the password reset Outlook keeps prompting; dana.reyes@adatum.example cannot work.');
    await page.getByLabel('Message').press('Control+Enter');
    await page.getByTestId('lane-question').first().waitFor({ timeout: 20_000 });
    // The message said it started with the reset; the pilot asks the rest.
    for (const answer of ['Only Outlook desktop; the web works', 'Only Dana']) {
      await page
        .getByRole('textbox', { name: /^Answer to:/ })
        .first()
        .fill(answer);
      await page.getByRole('button', { name: 'Answer', exact: true }).first().click();
      await page.getByTestId('fact-card').filter({ hasText: answer }).waitFor({ timeout: 20_000 });
      await page.getByTestId('lane-busy').waitFor({ state: 'detached', timeout: 20_000 });
    }
    await page.getByTestId('suggested-fix').getByRole('button', { name: 'Mark applied' }).click();
    await page.getByTestId('fix-applied').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Resolve & post to ConnectWise' }).click();
    const popover = page.getByTestId('document-popover');
    await expect.poll(() => popover.getByTestId('document-preview').textContent(), { timeout: 20_000 }).toContain('Resolution');
    await popover.getByLabel('Outcome (written by you, shown to the customer)').fill('Outlook signs in again; Dana confirmed at 10:40.');
    await popover.getByRole('button', { name: 'Confirm & post' }).click();
    await expect.poll(() => popover.getByTestId('post-result').textContent(), { timeout: 20_000 }).toContain('verified in the PSA');

    const { tickets } = (await (await fetch(`${cwOrigin}/_sandbox/tickets`)).json()) as {
      tickets: { id: number; status: { name: string }; notes: { text: string; resolutionFlag: boolean }[] }[];
    };
    const readBack = tickets.find((t) => t.id === ticket.id);
    expect(readBack?.status.name).toBe('Completed');
    const note = readBack?.notes.find((n) => n.resolutionFlag)?.text ?? '';
    // The rules of a note a customer reads: plain text, the confirmed facts, Applied only as marked,
    // the cause not guessed, the engineer's Outcome last; no markdown, confidence or addresses.
    expect(note.split('\n\n').map((block) => block.split('\n')[0])).toEqual([
      'Problem',
      'What we confirmed',
      'Root cause',
      'Resolution',
      'Outcome',
    ]);
    expect(note).toContain('• Is it Outlook desktop only, or also Outlook on the web and mobile: Only Outlook desktop; the web works');
    expect(note).toContain(
      'Other observations:\n• Did the prompts start right after a password change or reset: Since the password reset Outlook keeps prompting;',
    );
    expect(note).toContain('Root cause\nNot determined');
    expect(note).toContain('Resolution\nApplied: Clear cached Office credentials and tokens.');
    expect(note.endsWith('Outcome\nOutlook signs in again; Dana confirmed at 10:40.')).toBe(true);
    expect(note).not.toMatch(/##|\*\*|`|confidence|\d+\s?%|@/i);
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
    await screenshot(page, 'pilot-session-1280');
    await close();
    expect(problems).toEqual([]);
  });

  it("walks through the remaining checks one at a time, and renders the pilot's code as code (issue 17)", async () => {
    const { page, problems, close } = await flightdeck.signIn('operator');
    await page.getByRole('link', { name: 'FlowPilot', exact: true }).click();
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await page.getByLabel('What is wrong?').fill('VPN drops for the sales team');
    await page.getByRole('button', { name: 'Start session' }).click();
    await page.getByTestId('pilot-thread').waitFor();
    for (const message of ['FortiClient says the gateway is unreachable.', 'What next?']) {
      // One turn at a time, as a person does: the next message goes once the pilot has answered.
      const replies = await page.getByTestId('message-assistant').count();
      await page.getByLabel('Message').fill(message);
      await page.getByLabel('Message').press('Control+Enter');
      await page.getByTestId('message-user').filter({ hasText: message }).waitFor({ timeout: 20_000 });
      await expect.poll(() => page.getByTestId('message-assistant').count(), { timeout: 30_000 }).toBeGreaterThan(replies);
    }
    // The offline pilot names the next check's command in backticks: it shows as code.
    await expect
      .poll(() => page.getByTestId('message-assistant').last().locator('code').first().textContent(), { timeout: 20_000 })
      .toBe('Test-NetConnection vpn.example.com -Port 443');

    await page.getByRole('button', { name: 'Run remaining 2 checks' }).click();
    const step = page.getByTestId('check-walkthrough');
    expect(await step.textContent()).toContain('Check 1 of 2');
    // The output field has the focus: paste and go.
    await page.keyboard.insertText('TcpTestSucceeded : False');
    await step.getByRole('button', { name: 'Record & next' }).click();
    await expect.poll(() => step.textContent(), { timeout: 20_000 }).toContain('Check 2 of 2');
    await page.keyboard.insertText('FortiClient 7.0.1 (the gateway needs 7.2 or later)');
    await step.getByRole('button', { name: 'Record result' }).click();
    await page.getByTestId('walkthrough-done').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('lane-check').allTextContents()).toEqual([
      expect.stringContaining('Complete · findings promoted to What we know'),
      expect.stringContaining('Complete · findings promoted to What we know'),
    ]);
    // Two findings are enough evidence: the fix is there without another message.
    await expect
      .poll(() => page.getByTestId('suggested-fix').textContent(), { timeout: 20_000 })
      .toContain('Reinstall the current VPN client profile');
    await screenshot(page, 'pilot-check-walkthrough-1440');
    await close();
    expect(problems).toEqual([]);
  });

  it("shows two people on one session each other's note within 2 s, without a reload and without losing typed text (issue 17)", async () => {
    const operator = await flightdeck.signIn('operator');
    const admin = await flightdeck.signIn('admin');
    for (const { page } of [operator, admin]) {
      await page.getByRole('link', { name: 'FlowPilot', exact: true }).click();
      await page.getByTestId('pilot-session-row').filter({ hasText: 'VPN does not connect from home' }).click();
      await page.getByTestId('pilot-thread').waitFor();
    }
    // The admin is typing a message; the operator's note must not clobber it.
    await admin.page.getByLabel('Message').fill('Half-typed thought');
    const note = `Seen by both at ${Date.now()}`;
    await operator.page.getByRole('button', { name: '+ Add a note' }).click();
    await operator.page.getByLabel('Note').fill(note);
    // Timed from the moment the server has the note (its answer), to the other screen showing it.
    const [written] = await Promise.all([
      operator.page.waitForResponse((r) => r.url().endsWith('/facts') && r.request().method() === 'POST'),
      operator.page.getByRole('button', { name: 'Add note' }).click(),
    ]);
    const committedAt = Date.now();
    expect(written.ok()).toBe(true);
    await admin.page.getByTestId('fact-card').filter({ hasText: note }).waitFor({ timeout: 5_000 });
    expect(Date.now() - committedAt).toBeLessThan(2_000);
    expect(await admin.page.getByLabel('Message').inputValue()).toBe('Half-typed thought');
    await operator.close();
    await admin.close();
    expect([...operator.problems, ...admin.problems]).toEqual([]);
  });

  it("attaches a screenshot and a log; the offline pilot says what it cannot read, and the log becomes a check's output (issue 18)", async () => {
    const { page, problems, close } = await flightdeck.signIn('operator');
    await page.getByRole('link', { name: 'FlowPilot', exact: true }).click();
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await page.getByLabel('What is wrong?').fill('VPN fails for the sales laptops');
    await page.getByRole('button', { name: 'Start session' }).click();
    await page.getByTestId('pilot-thread').waitFor();
    await page.getByLabel('Message').fill('VPN fails since this morning.');
    await page.getByLabel('Message').press('Control+Enter');
    await page.getByTestId('lane-check').first().waitFor({ timeout: 20_000 });
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    const log = 'WARNING: TCP connect to (203.0.113.10 : 443) failed\nPingSucceeded    : True\nTcpTestSucceeded : False\n';
    await page.getByLabel('Attach a screenshot or a log').setInputFiles([
      { name: 'forticlient.png', mimeType: 'image/png', buffer: png },
      { name: 'test-netconnection.log', mimeType: 'text/plain', buffer: Buffer.from(log) },
    ]);
    await expect.poll(() => page.getByTestId('pending-attachments').textContent(), { timeout: 20_000 }).toContain('test-netconnection.log');
    await page.getByLabel('Message').fill('The client shows this; the port test is attached.');
    await page.getByLabel('Message').press('Control+Enter');
    await expect
      .poll(() => page.getByTestId('message-assistant').last().textContent(), { timeout: 20_000 })
      .toContain('I cannot read screenshots offline');
    const chips = page.getByTestId('attachment-chip');
    await expect.poll(() => chips.count(), { timeout: 20_000 }).toBe(2);
    await page.getByLabel('Use test-netconnection.log as the output of').selectOption({ label: 'Test the VPN gateway port' });
    await expect
      .poll(() => page.getByTestId('lane-check').first().textContent(), { timeout: 20_000 })
      .toContain('Complete · findings promoted to What we know');
    expect(await page.getByTestId('fact-card').allTextContents()).toContainEqual(expect.stringContaining('TcpTestSucceeded : False'));
    await screenshot(page, 'pilot-attachments-1440');
    await close();
    expect(problems).toEqual([]);
  });

  // Last: it resolves the demo VPN session that the tests above work in.
  it("saves a resolved session's fact as the customer's insight; the customer page and the next session show and use it (issue 18, I4)", async () => {
    const { page, problems, close } = await flightdeck.signIn('operator');
    await page.getByRole('link', { name: 'FlowPilot', exact: true }).click();
    await page.getByTestId('pilot-session-row').filter({ hasText: 'VPN does not connect from home' }).click();
    await page.getByTestId('pilot-thread').waitFor();
    const restriction = 'PowerShell is blocked by AppLocker on the sales laptops.';
    await page.getByRole('button', { name: '+ Add a note' }).click();
    await page.getByLabel('Note').fill(restriction);
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByTestId('fact-card').filter({ hasText: restriction }).waitFor({ timeout: 20_000 });
    await page.getByRole('region', { name: 'Conversation' }).getByRole('button', { name: 'Resolve', exact: true }).click();
    const popover = page.getByTestId('document-popover');
    await expect.poll(() => popover.getByTestId('document-preview').textContent(), { timeout: 20_000 }).toContain('Resolution');
    await popover.getByLabel('Outcome (written by you, shown to the customer)').fill('The VPN connects again.');
    await popover.getByRole('button', { name: 'Confirm & post' }).click();
    await popover.getByTestId('post-result').waitFor({ timeout: 20_000 });
    await popover.getByRole('button', { name: 'Close preview' }).click();

    // After Resolve the fact can still become what we know about the customer.
    const card = page.getByTestId('fact-card').filter({ hasText: restriction });
    await card.getByRole('button', { name: 'Save as insight' }).click();
    await card.getByLabel('Insight category').selectOption({ label: 'Command constraints' });
    await card.getByRole('button', { name: 'Save', exact: true }).click();
    await card.getByText('Saved as an insight of Northwind Traders').waitFor({ timeout: 20_000 });

    await page.getByRole('link', { name: 'Customers', exact: true }).click();
    await page.getByRole('row').filter({ hasText: 'Northwind Traders' }).getByRole('link', { name: 'Backup jobs' }).click();
    await page.getByTestId('insight-row').filter({ hasText: restriction }).waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('insight-row').first().textContent()).toContain(
      'Command constraints · confirmed · priority 5 · from a FlowPilot session',
    );
    await screenshot(page, 'customer-insights-1440');

    // A new session of the customer: the insight is shown, and the pilot proposes cmd, not PowerShell.
    await page.getByRole('link', { name: 'FlowPilot', exact: true }).click();
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await page.getByLabel('What is wrong?').fill('Outlook keeps asking for the password');
    await pickCustomer(page, page, 'Customer', 'Northwind Traders', { search: 'north' });
    await page.getByRole('button', { name: 'Start session' }).click();
    await page.getByTestId('customer-insights').filter({ hasText: restriction }).waitFor({ timeout: 20_000 });
    await page.getByLabel('Message').fill('Outlook prompts all day on a sales laptop.');
    await page.getByLabel('Message').press('Control+Enter');
    await expect
      .poll(() => page.getByTestId('lane-check').allTextContents(), { timeout: 20_000 })
      .toContainEqual(expect.stringContaining('dir "%LOCALAPPDATA%\\Microsoft\\Office\\16.0\\Identity"'));
    await close();
    expect(problems).toEqual([]);
  });
});
