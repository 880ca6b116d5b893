// P3.5 / P3.4: the offline pilot — playbook choice, the markers it emits, and conservative fact synthesis.
import { describe, expect, it } from 'vitest';
import { parseTaskLaneMarkers } from '#src/features/pilot-sessions/task-lane-markers';
import type { PilotState } from '../pilot-prompt';
import { factSynthesisInput, pilotPrompt } from '../pilot-prompt';
import { createOfflineProvider, playbookTurn, synthesiseFact } from './offline-provider';
import { choosePlaybook, PLAYBOOKS } from './playbooks';

const state = (over: Partial<PilotState> = {}): PilotState => ({
  title: 'Outlook keeps asking for the password',
  customer: 'Northwind',
  playbookId: null,
  questions: [],
  checks: [],
  facts: [],
  activeFix: null,
  insights: [],
  ...over,
});
const ctx = {} as never;

describe('the playbooks', () => {
  it('cover at least ten common MSP incidents, each with questions, checks and a fix', () => {
    expect(PLAYBOOKS.length).toBeGreaterThanOrEqual(10);
    for (const p of PLAYBOOKS) {
      expect(p.questions.length).toBeGreaterThan(0);
      expect(p.checks.length).toBeGreaterThan(0);
      expect(p.fix.title).toBeTruthy();
    }
  });

  it.each([
    ['Outlook keeps asking for credentials after password reset', 'outlook-credential-prompts'],
    ['VPN tunnel will not connect from home', 'vpn-failure'],
    ['Printer offline in accounting', 'printer-offline'],
    ['Server C: drive disk full', 'low-disk-space'],
    ['Veeam backup job failed: VSS snapshot error', 'failed-backup-job'],
    ['User locked out of MFA after new phone', 'mfa-lockout'],
    ['DNS cannot resolve internal names', 'dns-resolution'],
    ['Mapped drive H: missing after login', 'mapped-drives'],
    ['SSL certificate expired on the portal', 'certificate-expiry'],
    ['Laptop is very slow since Monday', 'slow-endpoint'],
    ['Something odd with the phone system', 'general'],
  ])('"%s" → %s', (title, id) => {
    expect(choosePlaybook(title).id).toBe(id);
  });
});

describe('a playbook conversation', () => {
  it('proposes cmd checks for a customer whose insights rule out PowerShell (I4, issue 18)', () => {
    const restricted = state({
      insights: [{ category: 'command_constraints', confidence: 'confirmed', text: 'PowerShell is blocked by AppLocker on the laptops' }],
    });
    const parsed = parseTaskLaneMarkers(playbookTurn(restricted, 'Help'));
    expect(parsed.checks.map((c) => c.command)).toEqual([
      'cmdkey /list | findstr /i "MicrosoftOffice"',
      'dir "%LOCALAPPDATA%\\Microsoft\\Office\\16.0\\Identity"',
    ]);
    expect(parsed.displayText).toContain('This customer restricts PowerShell');
    // An insight of another kind, or one that does not restrict PowerShell, changes nothing.
    const other = state({ insights: [{ category: 'network', confidence: 'confirmed', text: 'PowerShell 7 is installed everywhere' }] });
    expect(parseTaskLaneMarkers(playbookTurn(other, 'Help')).checks[1]?.command).toContain('Get-ChildItem');
  });

  it('records what the first message already answers instead of asking it again (issue 17)', () => {
    const parsed = parseTaskLaneMarkers(
      playbookTurn(
        state(),
        'Since this morning Dana gets a password prompt in Outlook. She changed her password yesterday. Only Outlook desktop.',
      ),
    );
    expect(parsed.questions).toEqual(['Is it one user or several users?']);
    expect(parsed.promotions.map((p) => p.text)).toEqual([
      'Did the prompts start right after a password change or reset: She changed her password yesterday.',
      'Is it Outlook desktop only, or also Outlook on the web and mobile: Only Outlook desktop.',
    ]);
    expect(parsed.promotions.every((p) => p.source_type === 'ai_synthesis' && p.source_ref === null)).toBe(true);
    // Mentioning the topic is not answering it.
    expect(parseTaskLaneMarkers(playbookTurn(state(), 'Outlook asks for a password.')).questions).toHaveLength(3);
  });

  it('opens with questions and checks as markers', () => {
    const parsed = parseTaskLaneMarkers(playbookTurn(state(), 'Help'));
    expect(parsed.warnings).toEqual([]);
    expect(parsed.questions).toContain('Did the prompts start right after a password change or reset?');
    expect(parsed.checks[0]).toMatchObject({ title: 'List stored Office credentials', command: expect.stringContaining('cmdkey') });
    expect(parsed.displayText).toContain('Outlook keeps asking for credentials');
  });

  it('asks for more evidence before suggesting a fix, then suggests one', () => {
    const questions = PLAYBOOKS[0]?.questions.map((text, i) => ({ id: `q${i}`, text, status: 'open', answer: null })) ?? [];
    const waiting = parseTaskLaneMarkers(playbookTurn(state({ playbookId: 'outlook-credential-prompts', questions }), 'ok'));
    expect(waiting.fixes).toEqual([]);
    expect(waiting.displayText).toContain('Next question: Did the prompts start');
    const answered = questions.map((q, i) => (i < 2 ? { ...q, status: 'answered', answer: 'yes' } : q));
    // Two answers with one fact: "don't know" is an answer, not evidence.
    const oneFact = playbookTurn(
      state({
        playbookId: 'outlook-credential-prompts',
        questions: answered,
        facts: [{ text: 'Started after reset: yes', sourceType: 'question' }],
      }),
      'ok',
    );
    expect(parseTaskLaneMarkers(oneFact).fixes).toEqual([]);
    const ready = parseTaskLaneMarkers(
      playbookTurn(
        state({
          playbookId: 'outlook-credential-prompts',
          questions: answered,
          facts: [
            { text: 'Started after reset: yes', sourceType: 'question' },
            { text: 'Outlook desktop only: yes', sourceType: 'question' },
          ],
        }),
        'ok',
      ),
    );
    expect(ready.fixes).toEqual([
      expect.objectContaining({
        title: 'Clear cached Office credentials and tokens',
        confidence: 70,
        template: 'clear-office-credentials',
      }),
    ]);
  });

  it('streams the same reply through the provider interface, reading the session state from the prompt', async () => {
    const provider = createOfflineProvider();
    const request = {
      service: 'conversation' as const,
      ...pilotPrompt({ state: state(), templates: [], history: [{ role: 'user', content: 'Help' }] }),
      maxTokens: 500,
    };
    const deltas: string[] = [];
    const streamed = await provider.stream(ctx, request, (d) => deltas.push(d));
    expect(deltas.join('')).toBe(streamed.text);
    expect((await provider.complete(ctx, request)).text).toBe(streamed.text);
    expect(streamed.usage).toEqual({ inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0 });
  });
});

describe('offline fact synthesis (P3.4)', () => {
  const input = (response: string, sourceType: 'question' | 'diagnostic_check' = 'question') =>
    factSynthesisInput({
      sourceType,
      sourceRef: '5b0c1a8e-2f4d-4c1e-9a7b-3d2e1f0a9b8c',
      prompt: 'Did it start after a password reset?',
      response,
    });

  it.each(['', '?', "don't know", 'n/a', 'Not sure', 'skip'])('makes no fact from the non-answer "%s"', (answer) => {
    expect(synthesiseFact(input(answer))).toBe('No new fact.');
  });

  it('restates only what the answer says, with its source', () => {
    const parsed = parseTaskLaneMarkers(synthesiseFact(input('Yes, right after the reset on Monday')));
    expect(parsed.promotions).toEqual([
      {
        source_type: 'question',
        source_ref: '5b0c1a8e-2f4d-4c1e-9a7b-3d2e1f0a9b8c',
        text: 'Did it start after a password reset: Yes, right after the reset on Monday',
        summary: null,
      },
    ]);
  });
});
