// Issue 17 (P5): what a customer reads in the resolution note — one test per rule, and every line
// of an offline note traced to session state.
import { describe, expect, it } from 'vitest';
import type { TaskLane } from '#src/features/pilot-sessions/task-lane';
import { type DocumentState, escalationPackage, NO_FIX_APPLIED, NOT_DETERMINED, resolutionNote, withOutcome } from './session-documents';

const lane = (overrides: Partial<TaskLane> = {}) =>
  ({ questions: [], checks: [], facts: [], fix: null, ...overrides }) as unknown as TaskLane;

const state = (overrides: Partial<DocumentState> = {}): DocumentState => ({
  title: 'Outlook keeps asking for the password',
  customer: 'Adatum Legal',
  contact: 'Dana Park',
  priority: 'High',
  ticketLabel: 'CW #48294',
  facts: [
    { text: 'The mailbox dana.park@adatum.example is in Exchange Online', sourceType: 'question' },
    {
      text: '`cmdkey /list` shows a stale entry\nTarget: MicrosoftOffice16_Data:SSPI:dana.park@adatum.example\nType: Generic\nUser: dana.park@adatum.example',
      sourceType: 'diagnostic_check',
    },
    { text: 'Password reset on Monday; **MFA** enrolled', sourceType: 'user_note' },
  ],
  fix: { title: 'Remove the stale Office credential', description: 'Delete the cached credential and sign in again.', applied: false },
  lane: lane(),
  scripts: [],
  ...overrides,
});

const lines = (text: string) => text.split('\n').filter(Boolean);

describe('the resolution note a customer reads', () => {
  it('is plain text with headings on their own lines, as Autotask and ConnectWise show notes', () => {
    const note = resolutionNote(state());
    expect(note).not.toMatch(/#|\*\*|`/);
    expect(note.split('\n\n').map((block) => block.split('\n')[0])).toEqual(['Problem', 'What we confirmed', 'Root cause', 'Resolution']);
  });

  it('carries no confidence figures', () => {
    expect(resolutionNote(state())).not.toMatch(/confidence|%/i);
  });

  it('gives a check its finding, not its raw output', () => {
    const note = resolutionNote(state());
    expect(note).toContain('• cmdkey /list shows a stale entry');
    expect(note).not.toContain('Type: Generic');
    expect(note).not.toContain('MicrosoftOffice16_Data');
  });

  it('leaves e-mail addresses and secrets out', () => {
    const withSecret = state({ facts: [{ text: 'Service account password: Hunter2!x set in the task', sourceType: 'user_note' }] });
    expect(resolutionNote(state())).not.toContain('@adatum.example');
    expect(resolutionNote(state())).toContain('(e-mail address removed)');
    expect(resolutionNote(withSecret)).not.toContain('Hunter2');
  });

  it('states the fix as applied only when the engineer marked it applied', () => {
    expect(resolutionNote(state())).toContain(`Resolution\n${NO_FIX_APPLIED}`);
    expect(resolutionNote(state())).not.toContain('Applied');
    const applied = state({ fix: { ...(state().fix as NonNullable<DocumentState['fix']>), applied: true } });
    expect(resolutionNote(applied)).toContain(
      'Resolution\nApplied: Remove the stale Office credential. Delete the cached credential and sign in again.',
    );
  });

  it('does not guess the root cause', () => {
    expect(resolutionNote(state())).toContain(`Root cause\n${NOT_DETERMINED}`);
    expect(resolutionNote(state())).not.toContain('Delete the cached credential');
  });

  it('has no Outcome until the engineer writes it, then exactly what was written', () => {
    expect(resolutionNote(state())).not.toContain('Outcome');
    expect(withOutcome(resolutionNote(state()), '  Outlook signs in again.  ')).toMatch(/\n\nOutcome\nOutlook signs in again\.$/);
  });

  it('traces every line of the offline note to session state', () => {
    const s = state({ fix: { ...(state().fix as NonNullable<DocumentState['fix']>), applied: true } });
    const fixed = new Set([
      'Problem',
      'What we confirmed',
      'Root cause',
      'Resolution',
      NOT_DETERMINED,
      'From questions:',
      'From diagnostic checks:',
      'Technician notes:',
    ]);
    const sources = [
      s.title,
      s.customer,
      s.priority,
      s.fix?.title,
      s.fix?.description,
      ...s.facts.map((f) => f.text.replace(/[`*]/g, '')),
    ].filter((x): x is string => Boolean(x));
    for (const line of lines(resolutionNote(s))) {
      if (fixed.has(line)) {
        continue;
      }
      const pieces = line
        .replace(/^• /, '')
        .replace(/^Applied: /, '')
        .split(/ · |\. (?=[A-Z])/)
        .map((p) =>
          p
            .replace(/^(Customer|Priority): /, '')
            .replace(/\.$/, '')
            .replaceAll('(e-mail address removed)', ''),
        );
      for (const piece of pieces) {
        const words = piece.split(/\s+/).filter((w) => w.length > 3);
        expect(
          words.every((w) => sources.some((src) => src.includes(w))),
          `"${line}" is not in the session state`,
        ).toBe(true);
      }
    }
  });
});

describe('the escalation package', () => {
  it('is plain text without confidence figures, and keeps addresses the next tier needs', () => {
    const pkg = escalationPackage(state());
    expect(pkg).not.toMatch(/#|\*\*|`|confidence|%/i);
    expect(pkg).toContain('dana.park@adatum.example');
    expect(pkg.split('\n\n').map((block) => block.split('\n')[0])).toEqual([
      'Problem',
      "What we've confirmed",
      "What we've tried",
      'Current hypothesis',
      'Suggested next steps',
    ]);
  });

  it('lists every script run with its parameters, passwords as ••••, and counts a run as the fix applied (issue 16)', () => {
    const note = resolutionNote(
      state({
        scripts: [
          { title: 'Reset the print spooler', parametersText: 'computer_name = PRN-02, clear_queue = true', forFix: true },
          { title: 'Reset a password', parametersText: 'user_name = dpark, new_password = ••••', forFix: false },
        ],
      }),
    );
    const resolution = note.split('\n\n').find((block) => block.startsWith('Resolution')) ?? '';
    expect(resolution.split('\n')).toEqual([
      'Resolution',
      'Applied: Remove the stale Office credential. Delete the cached credential and sign in again.',
      'Script run: Reset the print spooler (parameters: computer_name = PRN-02, clear_queue = true)',
      'Script run: Reset a password (parameters: user_name = dpark, new_password = ••••)',
    ]);
    const pkg = escalationPackage(
      state({ scripts: [{ title: 'Reset the print spooler', parametersText: 'computer_name = PRN-02', forFix: true }] }),
    );
    // A script that was not the fix's does not make the fix applied.
    const other = resolutionNote(state({ scripts: [{ title: 'Reset a password', parametersText: 'user_name = dpark', forFix: false }] }));
    expect(other).toContain('Resolution\nScript run: Reset a password (parameters: user_name = dpark)');
    expect(other).not.toContain('Applied:');
    expect(pkg).toContain("What we've tried\n• Script run: Reset the print spooler (parameters: computer_name = PRN-02)");
  });
});
