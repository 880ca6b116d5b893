// P2.1: the task-lane marker parser — table tests, malformed and interleaved blocks.
import { describe, expect, it } from 'vitest';
import { parseTaskLaneMarkers } from './task-lane-markers';

const REF = '5b0c1a8e-2f4d-4c1e-9a7b-3d2e1f0a9b8c';

describe('the task-lane marker parser', () => {
  it('keeps a check command that is itself a pipeline', () => {
    expect(
      parseTaskLaneMarkers('[DIAGNOSTIC_CHECKS]\n- List stored Office credentials | cmdkey /list | findstr /i "MicrosoftOffice"').checks,
    ).toEqual([{ title: 'List stored Office credentials', command: 'cmdkey /list | findstr /i "MicrosoftOffice"' }]);
  });

  it.each([
    ['plain text passes through', 'Try restarting Outlook.', { displayText: 'Try restarting Outlook.', questions: [], checks: [] }],
    [
      'questions without a closing tag',
      'Let us narrow it down.\n[QUESTIONS]\n- Did it start after a password change?\n- Outlook desktop or web?\n\nThanks.',
      { displayText: 'Let us narrow it down.\n\nThanks.', questions: ['Did it start after a password change?', 'Outlook desktop or web?'] },
    ],
    [
      'numbered questions with a closing tag',
      '[QUESTIONS]\n1. Which site?\n2) Since when?\n[/QUESTIONS]\nNext.',
      { displayText: 'Next.', questions: ['Which site?', 'Since when?'] },
    ],
    [
      'diagnostic checks with and without a command',
      '[DIAGNOSTIC_CHECKS]\n- List stored credentials | `cmdkey /list`\n- Check the modern auth registry key\n[/DIAGNOSTIC_CHECKS]',
      {
        displayText: '',
        checks: [
          { title: 'List stored credentials', command: 'cmdkey /list' },
          { title: 'Check the modern auth registry key', command: null },
        ],
      },
    ],
    ['[FORK] is not supported and stays visible', 'Option A [FORK] option B', { displayText: 'Option A [FORK] option B' }],
  ])('%s', (_name, reply, expected) => {
    expect(parseTaskLaneMarkers(reply)).toMatchObject({ warnings: [], ...expected });
  });

  it('reads [PROMOTE] as key: value lines or JSON', () => {
    const reply = [
      'Good, that rules out licensing.',
      '[PROMOTE]',
      'source_type: question',
      `source_ref: ${REF}`,
      'text: The prompt started right after the password reset on Monday.',
      'summary: rules out tenant/license',
      '[/PROMOTE]',
      `[PROMOTE]{"source_type":"ai_synthesis","text":"Only Outlook desktop is affected."}[/PROMOTE]`,
    ].join('\n');
    const parsed = parseTaskLaneMarkers(reply);
    expect(parsed.displayText).toBe('Good, that rules out licensing.');
    expect(parsed.promotions).toEqual([
      {
        source_type: 'question',
        source_ref: REF,
        text: 'The prompt started right after the password reset on Monday.',
        summary: 'rules out tenant/license',
      },
      { source_type: 'ai_synthesis', source_ref: null, text: 'Only Outlook desktop is affected.', summary: null },
    ]);
  });

  it('reads [SUGGEST_FIX] with a multi-line script and parameters', () => {
    const reply = [
      '[SUGGEST_FIX]',
      'title: Clear cached Office credentials',
      'description: Remove the stale tokens so Outlook asks once with the new password.',
      'confidence: 82',
      'template: clear-office-credentials',
      'script: ```powershell',
      'cmdkey /list | Select-String "MicrosoftOffice16" ',
      'Remove-Item "$env:LOCALAPPDATA\\Microsoft\\Office\\16.0\\Identity" -Recurse',
      '```',
      'parameters: {"user":"jdoe"}',
      '[/SUGGEST_FIX]',
      'Shall I draft the script?',
    ].join('\n');
    const parsed = parseTaskLaneMarkers(reply);
    expect(parsed.displayText).toBe('Shall I draft the script?');
    expect(parsed.fixes).toEqual([
      {
        title: 'Clear cached Office credentials',
        description: 'Remove the stale tokens so Outlook asks once with the new password.',
        confidence: 82,
        template: 'clear-office-credentials',
        script:
          'cmdkey /list | Select-String "MicrosoftOffice16" \nRemove-Item "$env:LOCALAPPDATA\\Microsoft\\Office\\16.0\\Identity" -Recurse',
        parameters: { user: 'jdoe' },
      },
    ]);
  });

  it('ignores malformed blocks with a warning and keeps the rest of the reply', () => {
    const reply = [
      'Here is what I think.',
      '[PROMOTE]',
      'source_type: rumour',
      'text: Something',
      '[/PROMOTE]',
      '[SUGGEST_FIX]{"title": "Fix", "confidence": 140}[/SUGGEST_FIX]',
      '[SUGGEST_FIX]{not json[/SUGGEST_FIX]',
      '[QUESTIONS]',
      '',
      'Anything else?',
      '[PROMOTE] never closed',
    ].join('\n');
    const parsed = parseTaskLaneMarkers(reply);
    expect(parsed.promotions).toEqual([]);
    expect(parsed.fixes).toEqual([]);
    expect(parsed.warnings).toHaveLength(5);
    expect(parsed.displayText).toBe('Here is what I think.\n\nAnything else?');
    expect(parsed.displayText).not.toMatch(/\[(PROMOTE|SUGGEST_FIX|QUESTIONS)/);
  });

  it('handles interleaved blocks in one reply', () => {
    const reply = [
      'Two things.',
      '[QUESTIONS]',
      '- Is the VPN client up to date?',
      '[PROMOTE]{"source_type":"user_note","text":"Only home workers are affected."}[/PROMOTE]',
      '[DIAGNOSTIC_CHECKS]',
      '- Ping the VPN gateway | Test-NetConnection vpn.example.com -Port 443',
      '[QUESTIONS]',
      '- Which client version?',
      'Done.',
    ].join('\n');
    const parsed = parseTaskLaneMarkers(reply);
    expect(parsed).toMatchObject({
      displayText: 'Two things.\n\nDone.',
      questions: ['Is the VPN client up to date?', 'Which client version?'],
      checks: [{ title: 'Ping the VPN gateway', command: 'Test-NetConnection vpn.example.com -Port 443' }],
      promotions: [{ source_type: 'user_note', text: 'Only home workers are affected.' }],
      warnings: [],
    });
  });
});
